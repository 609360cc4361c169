import { CertdeskError } from '../../errors.js';
import { authorizationCode } from './authorization-code.js';
import { clientCredentials } from './client-credentials.js';
import { TokenError } from './errors.js';
import { exchangeApiToken } from './exchange.js';
import { fingerprint } from './fields.js';
import { createTrail } from './http.js';
import type { TokenAnswer } from './response.js';
import { TOKEN_KINDS, type AcquiredToken, type TokenContext, type TokenRequest } from './types.js';

/** A token whose expiry nobody said is reused this long, then fetched anew. */
const UNKNOWN_EXPIRY_KEEP_MS = 5 * 60_000;
/** A token is treated as lapsed this long before its expiry (at most a tenth of its lifetime). */
const EXPIRY_SKEW_MS = 30_000;

/**
 * Gets an access token for an OAuth 2.0 client-credentials, authorization-code or API-token-exchange
 * credential: from the cache while it is valid, by the refresh token when one is stored, else anew.
 */
export async function acquireToken(input: TokenRequest, ctx: TokenContext): Promise<AcquiredToken> {
  if (!(TOKEN_KINDS as readonly string[]).includes(input.kind)) throw new CertdeskError('VALIDATION_FAILED', `${String(input.kind)} does not get its token from a token endpoint.`);
  if (input.cacheKey === '') throw new CertdeskError('VALIDATION_FAILED', 'A cache key is required to get a token.');
  const trail = createTrail(ctx);
  for (const value of Object.values(input.secrets)) trail.secret(value);
  const fp = fingerprint([input.kind, Object.entries(input.fields).sort(([a], [b]) => a.localeCompare(b)), Object.entries(input.secrets).sort(([a], [b]) => a.localeCompare(b))]);
  const cached = input.forceNew ? undefined : ctx.cache.get(input.cacheKey);
  const now = ctx.clock.now().getTime();
  if (cached && cached.fingerprint === fp && cached.keepUntil > now) {
    return { accessToken: cached.accessToken, tokenType: cached.tokenType, expiresAt: iso(cached.expiresAt), source: 'cache', ...(cached.scope !== undefined ? { scope: cached.scope } : {}), steps: [] };
  }
  if (ctx.signal.aborted) throw new CertdeskError('CANCELLED', 'Getting the token was cancelled.');
  let answer: TokenAnswer;
  let refreshed = false;
  try {
    switch (input.kind) {
      case 'oauth2-client-credentials':
        answer = await clientCredentials(input, ctx, trail);
        break;
      case 'oauth2-authorization-code':
        ({ answer, refreshed } = await authorizationCode(input, ctx, trail));
        break;
      case 'api-token-exchange':
        answer = await exchangeApiToken(input, ctx, trail);
        break;
      default: {
        const never: never = input.kind;
        throw new CertdeskError('VALIDATION_FAILED', `Unknown token kind ${String(never)}.`);
      }
    }
  } catch (err) {
    if (err instanceof TokenError) err.steps = trail.steps;
    throw err;
  }
  const obtained = ctx.clock.now().getTime();
  ctx.cache.set(input.cacheKey, {
    accessToken: answer.accessToken,
    tokenType: answer.tokenType,
    expiresAt: answer.expiresAt,
    keepUntil: answer.expiresAt === null ? obtained + UNKNOWN_EXPIRY_KEEP_MS : answer.expiresAt - Math.min(EXPIRY_SKEW_MS, Math.max(0, answer.expiresAt - obtained) / 10),
    ...(answer.scope !== undefined ? { scope: answer.scope } : {}),
    fingerprint: fp,
  });
  return {
    accessToken: answer.accessToken,
    tokenType: answer.tokenType,
    expiresAt: iso(answer.expiresAt),
    source: refreshed ? 'refreshed' : 'new',
    ...(answer.scope !== undefined ? { scope: answer.scope } : {}),
    steps: trail.steps,
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
