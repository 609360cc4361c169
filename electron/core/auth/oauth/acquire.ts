import { CertdeskError } from '../../errors.js';
import type { AcquiredToken, TokenContext, TokenRequest } from './types.js';

/**
 * Gets an access token for an OAuth 2.0 client-credentials, authorization-code or API-token-exchange
 * credential: from the cache while it is valid, by the refresh token when one is stored, else anew.
 */
export async function acquireToken(input: TokenRequest, ctx: TokenContext): Promise<AcquiredToken> {
  void ctx;
  throw new CertdeskError('INTERNAL', `Getting a token for ${input.kind} is not built yet.`);
}
