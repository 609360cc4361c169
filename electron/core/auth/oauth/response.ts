import type { NetResponse } from '../../net/request.js';
import { TokenError } from './errors.js';
import { asObject, mediaType, parseJson, serverText, type Trail } from './http.js';
import { jwtExpires } from '../../vault/jwt.js';

/** What a token endpoint gave, checked. */
export interface TokenAnswer {
  accessToken: string;
  tokenType: string;
  /** Epoch ms, or null when unknown. */
  expiresAt: number | null;
  refreshToken?: string;
  scope?: string;
}

// A token goes into an Authorization header: visible ASCII only (no CR/LF to inject a header), bounded.
const TOKEN_CHARS = /^[\x21-\x7e]{1,16384}$/;
const TOKEN_TYPE = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

/** Hints for the error codes of RFC 6749 §5.2 (and RFC 8707's invalid_target). */
const OAUTH_HINTS: Record<string, string> = {
  invalid_client: 'Check the client ID and secret, and whether the server expects the client to authenticate with Basic or in the body (clientAuth).',
  invalid_grant: 'The code or refresh token is expired, already used or revoked: sign in again.',
  invalid_scope: 'Ask only for scopes this client is allowed (or leave Scope empty for the default).',
  unauthorized_client: 'The client is not allowed this grant type: enable it for the client at the authorization server.',
  unsupported_grant_type: 'The server does not offer this grant type at this URL: check the token URL.',
  invalid_request: 'A parameter is missing or malformed: check the token URL, the scope and the extra parameters.',
  invalid_target: 'The audience or resource is not one the server knows: check Audience.',
  access_denied: 'The sign-in was refused or cancelled.',
};

/** The hint for an OAuth error code, or one chosen by the HTTP status. */
export function oauthHint(error: string | undefined, status: number): string {
  if (error && OAUTH_HINTS[error]) return OAUTH_HINTS[error];
  if (status === 401 || status === 403) return 'The server refused the credentials: check them, and that they are still valid.';
  if (status === 404 || status === 405) return 'Nothing answers token requests at this URL: check the token URL.';
  if (status >= 500) return 'The server failed; try again later or ask its administrators.';
  return 'Check the URL and the credential.';
}

/** A TokenError from a non-2xx answer: the server's error and description (escaped, capped) and a hint. */
export function rejected(res: NetResponse, trail: Trail, who: string): TokenError {
  const body = asObject(parseJson(res));
  const error = typeof body?.['error'] === 'string' ? serverText(body['error'], 80) : undefined;
  const rawDescription = body?.['error_description'] ?? body?.['message'] ?? body?.['error_message'];
  const description = typeof rawDescription === 'string' && rawDescription !== '' ? serverText(rawDescription, 300) : undefined;
  const said = error ? `${error}${description ? ` (${description})` : ''}` : (description ?? '');
  return new TokenError('TOKEN_REJECTED', `${who} refused the request with HTTP ${res.status}${said ? `: ${said.replace(/\.+$/, '')}` : ''}.`, oauthHint(error, res.status), {
    status: res.status,
    steps: trail.steps,
    ...(error ? { serverError: error } : {}),
  });
}

/** Checks a token taken from a response: a string of visible ASCII, bounded. */
export function checkedToken(value: unknown, trail: Trail, what: string): string {
  if (typeof value !== 'string' || !TOKEN_CHARS.test(value))
    throw new TokenError('TOKEN_RESPONSE_INVALID', `The ${what} in the response is not a usable token (empty, too long, or with spaces or control characters).`, 'Check the token field and the URL.', { steps: trail.steps });
  trail.secret(value);
  return value;
}

/** The token type as sent in Authorization ("bearer" is written Bearer). */
export function tokenType(value: unknown): string {
  if (typeof value !== 'string' || !TOKEN_TYPE.test(value) || value.toLowerCase() === 'bearer') return 'Bearer';
  return value;
}

/** Reads an OAuth 2.0 token response (RFC 6749 §5.1) from a token endpoint. */
export function readTokenResponse(res: NetResponse, trail: Trail, now: number, who = 'The token endpoint'): TokenAnswer {
  if (res.status < 200 || res.status > 299) throw rejected(res, trail, who);
  const body = asObject(parseJson(res));
  if (!body) {
    const type = mediaType(res);
    throw new TokenError('TOKEN_RESPONSE_INVALID', `${who} answered HTTP ${res.status} but not with a JSON object${type ? ` (${type})` : ''}.`, 'Check that the URL is the token endpoint, not a sign-in page.', { status: res.status, steps: trail.steps });
  }
  const accessToken = checkedToken(body['access_token'], trail, 'access_token');
  const answer: TokenAnswer = { accessToken, tokenType: tokenType(body['token_type']), expiresAt: expiryFrom(body['expires_in'], now, 'seconds') ?? jwtExpiry(accessToken) };
  if (body['refresh_token'] !== undefined) answer.refreshToken = checkedToken(body['refresh_token'], trail, 'refresh_token');
  if (typeof body['scope'] === 'string') answer.scope = serverText(body['scope'], 500);
  return answer;
}

/**
 * An expiry as servers write it: seconds from now (`expires_in`), epoch seconds or milliseconds, or an
 * ISO date. `relative` says how a small number reads; null when the value says nothing usable.
 */
export function expiryFrom(value: unknown, now: number, relative: 'seconds' | 'guess'): number | null {
  let n: number | null = null;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value)) n = Number(value);
  if (n !== null) {
    if (!Number.isFinite(n) || n <= 0) return null;
    if (relative === 'seconds') return n > 1e9 ? null : now + n * 1000;
    if (n >= 1e12) return n; // epoch milliseconds
    if (n >= 1e9) return n * 1000; // epoch seconds
    return now + n * 1000; // a lifetime in seconds
  }
  if (typeof value === 'string' && value.length <= 64) {
    const t = Date.parse(value);
    if (Number.isFinite(t)) return t;
  }
  return null;
}

/** The `exp` of a JWT in milliseconds (unverified: only to know when to fetch anew), or null. */
export function jwtExpiry(token: string): number | null {
  const payload = token.split('.')[1];
  if (payload === undefined || payload.length > 8192) return null;
  const expires = jwtExpires(token);
  const ms = expires === null ? Number.NaN : Date.parse(expires);
  return ms > 0 ? ms : null;
}
