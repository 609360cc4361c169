import { field, requiredField, requiredSecret, urlField } from './fields.js';
import { postForm, type Trail } from './http.js';
import { readTokenResponse, type TokenAnswer } from './response.js';
import { scopeField, tokenRequestParts } from './client-auth.js';
import type { TokenContext, TokenRequest } from './types.js';

/** The client credentials grant (RFC 6749 §4.4): one POST to the token URL. */
export async function clientCredentials(input: TokenRequest, ctx: TokenContext, trail: Trail): Promise<TokenAnswer> {
  const tokenUrl = urlField(input, 'tokenUrl', 'The token URL');
  const clientId = requiredField(input, 'clientId', 'The client ID');
  const clientSecret = requiredSecret(input, 'clientSecret', 'The client secret');
  trail.secret(clientSecret);
  const parts = tokenRequestParts(input, trail, clientId, clientSecret);
  const params = new URLSearchParams({ grant_type: 'client_credentials' });
  const scope = scopeField(input);
  if (scope !== '') params.set('scope', scope);
  const audience = field(input, 'audience');
  if (audience !== '') params.set('audience', audience);
  parts.fill(params);
  const res = await postForm(ctx, trail, { what: 'Token request (client credentials)', url: tokenUrl, params, paramsIn: parts.paramsIn, headers: parts.headers });
  return readTokenResponse(res, trail, ctx.clock.now().getTime());
}
