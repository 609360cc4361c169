/**
 * OAuth 2.0 and API-token exchange for the auth tests: one call gives an access token.
 *
 *   acquireToken({ kind, fields, secrets, cacheKey, forceNew? },
 *                { net, clock, openExternal, signal, cache, log, tls?, timeoutMs?, loginTimeoutMs? })
 *     → { accessToken, tokenType, expiresAt (ISO | null), source: 'cache' | 'new' | 'refreshed', scope?, steps }
 *
 * - kind `oauth2-client-credentials`: fields tokenUrl, clientId, scope, audience, clientAuth (basic|body,
 *   default basic); secret clientSecret.
 * - kind `oauth2-authorization-code`: fields authUrl, tokenUrl, clientId, scope, redirectPort (default any
 *   free port), pkce (default true); secret clientSecret (optional). Opens the browser through
 *   ctx.openExternal, waits on http://127.0.0.1:<port>/callback for one redirect, checks `state`,
 *   exchanges the code (PKCE S256), keeps the refresh token in the keychain and uses it first next time.
 * - kind `api-token-exchange`: fields exchangeUrl, tokenField (default: found among common names),
 *   expiryField (seconds, epoch or ISO date; default: common names, then the JWT's exp); secret apiToken,
 *   sent as `Authorization: Bearer`.
 * - Every kind also reads `extraParams` (`a=1&b=2`), `paramsIn` (body|url) and `tokenHeaders`
 *   (`Name: value` lines) for the token request.
 * - steps: each HTTP exchange made, secrets masked. Failures: TokenError (TOKEN_REJECTED,
 *   TOKEN_RESPONSE_INVALID, AUTHORIZATION_FAILED, with the server's error, a hint and the steps), or a
 *   CertdeskError (VALIDATION_FAILED for bad fields; TIMEOUT, IO_ERROR, CANCELLED from the network).
 * - The cache (createTokenCache(deps.keychain, deps.log.addSecret)): access tokens in memory, refresh
 *   tokens in the keychain as `oauth-refresh/<cacheKey>`; nothing is written to the data folder.
 *   Keep one cache per process (e.g. made once beside the auth handlers).
 */
export { acquireToken } from './acquire.js';
export { createTokenCache, refreshAccount } from './cache.js';
export { TokenError } from './errors.js';
export { TOKEN_KINDS } from './types.js';
export type { AcquiredToken, CachedToken, TokenCache, TokenContext, TokenErrorCode, TokenKind, TokenRequest, TokenStep } from './types.js';
