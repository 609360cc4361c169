/**
 * Reading a JWT for display: header and claims decoded from the token itself, nothing verified and
 * nothing sent anywhere. The token is hostile input: bounded by the contract, parsed as JSON objects
 * only, and its strings are shown escaped by whoever prints them.
 */
import type { DecodedJwt } from '../../../shared/contract/vault.js';
import { LONG_LIFETIME_DAYS } from '../../../shared/credential-kinds.js';
import type { Finding } from '../../../shared/findings.js';
import { CertdeskError } from '../errors.js';

const DAY_S = 86_400;
const B64URL = /^[A-Za-z0-9_-]*$/;

function notAJwt(message: string): CertdeskError {
  return new CertdeskError('NOT_A_JWT', message, 'A JWT is three base64url parts joined by dots (header.claims.signature).');
}

function decodePart(part: string, what: string): Record<string, unknown> {
  if (!B64URL.test(part) || part === '') throw notAJwt(`The ${what} of the token is not base64url.`);
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    throw notAJwt(`The ${what} of the token is not JSON.`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw notAJwt(`The ${what} of the token is not a JSON object.`);
  return json as Record<string, unknown>;
}

/** A NumericDate claim (seconds since the epoch) as an ISO date, or null. */
function dateOf(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > 253_402_300_799) return null;
  return new Date(value * 1000).toISOString();
}

/** True when `text` has the shape of a signed JWT (three base64url parts, a JSON header). */
export function looksLikeJwt(text: string): boolean {
  const parts = text.trim().split('.');
  if (parts.length !== 3) return false;
  try {
    decodePart(parts[0] ?? '', 'header');
    decodePart(parts[1] ?? '', 'claims');
    return true;
  } catch {
    return false;
  }
}

/** The expiry (`exp`) a JWT states, as an ISO date; null for a token that is not a JWT or states none. Nothing is verified. */
export function jwtExpires(token: string): string | null {
  return looksLikeJwt(token) ? decodeJwt(token, new Date(0)).expires : null;
}

/** Decodes a JWT's header and claims and judges its times against `now`. */
export function decodeJwt(token: string, now: Date): DecodedJwt {
  const parts = token.trim().split('.');
  if (parts.length === 5) throw notAJwt('This is an encrypted token (JWE): its claims cannot be read without the key.');
  if (parts.length !== 3) throw notAJwt(`This is not a JWT: it has ${parts.length} dot-separated part${parts.length === 1 ? '' : 's'}, not 3.`);
  const header = decodePart(parts[0] ?? '', 'header');
  const claims = decodePart(parts[1] ?? '', 'claims');
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  const aud = claims['aud'];
  const audience = typeof aud === 'string' ? [aud] : Array.isArray(aud) ? aud.filter((a): a is string => typeof a === 'string') : [];
  const exp = typeof claims['exp'] === 'number' ? claims['exp'] : null;
  const iat = typeof claims['iat'] === 'number' ? claims['iat'] : null;
  const nbf = typeof claims['nbf'] === 'number' ? claims['nbf'] : null;
  const nowS = Math.floor(now.getTime() / 1000);
  const expires = dateOf(exp);
  const secondsLeft = expires !== null && exp !== null ? Math.round(exp - nowS) : null;
  const start = iat ?? nbf;
  const lifetimeDays = expires !== null && exp !== null && start !== null && dateOf(start) !== null ? Math.round(((exp - start) / DAY_S) * 10) / 10 : null;
  const findings: Finding[] = [];
  const algorithm = str(header['alg']);
  if (algorithm === null || algorithm.toLowerCase() === 'none' || parts[2] === '')
    findings.push({ code: 'unsigned', severity: 'warning', message: 'The token is not signed (alg none or no signature): anyone can make one like it.' });
  if (secondsLeft !== null && secondsLeft < 0) findings.push({ code: 'expired', severity: 'error', message: `The token expired on ${expires}.`, fix: 'Get a new token from the system that issued it.' });
  if (nbf !== null && dateOf(nbf) !== null && nbf > nowS) findings.push({ code: 'not-yet-valid', severity: 'warning', message: `The token is not valid before ${dateOf(nbf)}.` });
  if (expires === null) findings.push({ code: 'no-expiry', severity: 'info', message: 'The token has no expiry (exp): it stays valid until its issuer revokes it.' });
  if (lifetimeDays !== null && lifetimeDays > LONG_LIFETIME_DAYS)
    findings.push({ code: 'long-lifetime', severity: 'warning', message: `The token lives ${Math.round(lifetimeDays)} days, over ${LONG_LIFETIME_DAYS}.`, fix: 'Prefer shorter-lived tokens where the issuer allows it.' });
  return {
    header,
    claims,
    algorithm,
    issuer: str(claims['iss']),
    subject: str(claims['sub']),
    audience,
    issuedAt: dateOf(iat),
    notBefore: dateOf(nbf),
    expires,
    secondsLeft,
    lifetimeDays,
    findings,
  };
}
