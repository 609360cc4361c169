/**
 * OAuth 2.0 and API-token exchange for the auth tests: one call gives an access token.
 *
 *   acquireToken(
 *     { kind, fields, secrets, cacheKey, forceNew? },
 *     { net, clock, openExternal, signal, cache, log, tls?, timeoutMs?, loginTimeoutMs? },
 *   ) → { accessToken, tokenType, expiresAt (ISO | null), source: 'cache' | 'new' | 'refreshed', scope?, steps }
 *
 * Kinds and fields (names as shared/credential-kinds.ts; secrets may also come as fields):
 * - `oauth2-client-credentials`: tokenUrl, clientId, scope, audience, clientAuth (basic | body, default
 *   basic); secret clientSecret.
 * - `oauth2-authorization-code`: authUrl, tokenUrl, clientId, scope, redirectPort (default any free port),
 *   pkce (default true), clientAuth (when there is a secret); secret clientSecret (optional: none makes a
 *   public client). A stored refresh token is tried first; else the authorization URL is `allow`ed and
 *   opened through ctx.openExternal, http://127.0.0.1:<port>/callback waits (ctx.loginTimeoutMs, default
 *   5 min) for one redirect whose `state` must match, and the code is exchanged with the PKCE S256
 *   verifier. A refresh token the server issues replaces the stored one (rotation); a refused one is
 *   dropped and the browser sign-in follows.
 * - `api-token-exchange`: exchangeUrl, tokenField (default: access_token, accessToken, token, RawToken …,
 *   also one level inside data / result; `a.b` paths allowed), expiryField (seconds, epoch s or ms, or an
 *   ISO date; default: expires_in, expiresAt, expiry … then the token's JWT exp); secret apiToken, sent as
 *   `Authorization: Bearer` in an empty POST.
 * - Every kind: extraParams (`a=1&b=2`, added to the token request), paramsIn (body | url) and
 *   tokenHeaders (`Name: value` lines; values of credential-like names are masked); the authorization
 *   code kind also authParams (`a=1&b=2`, added to the authorization URL).
 *
 * Result: `steps` are the HTTP exchanges made (none for a cache hit), with Authorization, client_secret,
 * code, code_verifier, refresh_token and every known secret masked as `[masked]`. Each secret (client
 * secret, API token, tokens, code, verifier) is registered with ctx.log.addSecret before it can be logged.
 * Tokens are lapsed 30 s (at most a tenth of their lifetime) before their expiry; a token without a known
 * expiry is reused for 5 minutes. Calls for one cacheKey run one at a time (one sign-in, one refresh).
 *
 * Failures: TokenError — TOKEN_REJECTED (the endpoint's error such as invalid_client / invalid_grant /
 * invalid_scope, escaped and capped, with `serverError`, `status` and a hint), TOKEN_RESPONSE_INVALID (not
 * JSON, no token, over 64 KiB, a token with spaces or control characters), AUTHORIZATION_FAILED (state
 * mismatch, the server's error in the redirect, nobody came back in time) — each with the steps so far;
 * or CertdeskError: VALIDATION_FAILED (bad fields, before anything is sent), TIMEOUT / IO_ERROR (network),
 * CANCELLED (ctx.signal), FORBIDDEN_SENDER / INTERNAL (the host cannot open a browser).
 *
 * Cache: createTokenCache(deps.keychain, deps.log.addSecret), one per process. Access tokens stay in
 * memory; the refresh token is kept in the OS keychain as `oauth-refresh/<cacheKey>` (with a digest of
 * the endpoint, client and scope it belongs to), never in a file. `cache.forget(cacheKey)` drops both.
 */
export { acquireToken } from './acquire.js';
export { createTokenCache, refreshAccount } from './cache.js';
export { TokenError } from './errors.js';
export { TOKEN_KINDS } from './types.js';
export type { AcquiredToken, CachedToken, TokenCache, TokenContext, TokenErrorCode, TokenKind, TokenRequest, TokenStep } from './types.js';
