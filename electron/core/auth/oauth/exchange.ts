import { field, headersField, paramsField, requiredSecret, urlField } from './fields.js';
import { asObject, mediaType, parseJson, postEmpty, postForm, type Trail } from './http.js';
import { TokenError } from './errors.js';
import { checkedToken, expiryFrom, jwtExpiry, rejected, tokenType, type TokenAnswer } from './response.js';
import type { TokenContext, TokenRequest } from './types.js';

/** Where exchange endpoints put the access token, in the order tried (case-sensitive first, then not). */
const TOKEN_NAMES = ['access_token', 'accessToken', 'AccessToken', 'token', 'Token', 'RawToken', 'rawToken', 'jwt', 'id_token', 'bearerToken', 'authToken'];
/** Where they put its lifetime or end. */
const EXPIRY_NAMES = ['expires_in', 'expiresIn', 'ExpiresIn', 'expires_at', 'expiresAt', 'ExpiresAt', 'expiry', 'Expiry', 'expiration', 'Expiration', 'expires', 'Expires', 'ValidTo', 'validTo', 'exp'];
/** Envelopes a token may sit one level inside. */
const ENVELOPES = ['data', 'Data', 'result', 'Result', 'value', 'Value', 'response'];

/**
 * The long-lived API token exchanged for a short-lived access token (PRODUCT.md): POST with
 * `Authorization: Bearer <api token>`; the access token and its expiry are read from the answer by
 * the named fields, or found among common names (the token's own JWT `exp` last).
 */
export async function exchangeApiToken(input: TokenRequest, ctx: TokenContext, trail: Trail): Promise<TokenAnswer> {
  const url = urlField(input, 'exchangeUrl', 'The exchange URL');
  const apiToken = requiredSecret(input, 'apiToken', 'The API token');
  trail.secret(apiToken);
  const headers = { ...headersField(input, 'tokenHeaders'), Authorization: `Bearer ${apiToken}` };
  const extra = paramsField(input, 'extraParams');
  const what = 'Token exchange (API token)';
  const res = extra.length > 0 ? await postForm(ctx, trail, { what, url, params: new URLSearchParams(extra), paramsIn: field(input, 'paramsIn') === 'url' ? 'url' : 'body', headers }) : await postEmpty(ctx, trail, what, url, headers);
  if (res.status < 200 || res.status > 299) {
    const err = rejected(res, trail, 'The exchange endpoint');
    if (res.status !== 401 && res.status !== 403) throw err;
    throw new TokenError(err.code, err.message, 'The API token was refused: it may be expired, revoked or mistyped. Create a new one in the system that issued it.', { status: res.status, steps: trail.steps, ...(err.serverError ? { serverError: err.serverError } : {}) });
  }
  const now = ctx.clock.now().getTime();
  const json = parseJson(res);
  const body = asObject(json);
  if (!body) {
    // Some endpoints answer with the bare token, as a JSON string or as text.
    const text = typeof json === 'string' ? json : json === undefined ? res.body.toString('utf8').trim() : undefined;
    if (text === undefined || text === '' || mediaType(res) === 'text/html') throw invalid(`answered HTTP ${res.status} without a token${mediaType(res) ? ` (${mediaType(res)})` : ''}`, trail);
    const accessToken = checkedToken(text, trail, 'answer');
    return { accessToken, tokenType: 'Bearer', expiresAt: jwtExpiry(accessToken) };
  }
  const tokenField = field(input, 'tokenField');
  const tokenValue = tokenField !== '' ? lookup(body, tokenField) : findByNames(body, TOKEN_NAMES);
  if (tokenValue === undefined)
    throw invalid(tokenField !== '' ? `answered without the field "${tokenField.slice(0, 60)}"` : `answered without a token field Certdesk knows (${TOKEN_NAMES.slice(0, 6).join(', ')} …)`, trail, 'Name the field holding the token in the credential (tokenField).');
  const accessToken = checkedToken(tokenValue, trail, tokenField || 'token field');
  const expiryField = field(input, 'expiryField');
  const expiryValue = expiryField !== '' ? lookup(body, expiryField) : findByNames(body, EXPIRY_NAMES);
  const expiresAt = expiryFrom(expiryValue, now, 'guess') ?? jwtExpiry(accessToken);
  if (expiryField !== '' && expiresAt === null && expiryValue !== undefined) ctx.log.warn(`The exchange answer's ${expiryField} is not a lifetime, an epoch time or a date; the token's expiry is unknown.`);
  return { accessToken, tokenType: tokenType(body['token_type'] ?? body['tokenType']), expiresAt };
}

/** A field by name, or by a dotted path (`data.token`). */
function lookup(body: Record<string, unknown>, path: string): unknown {
  let at: unknown = body;
  for (const part of path.split('.').slice(0, 8)) {
    const obj = asObject(at);
    if (!obj || !Object.prototype.hasOwnProperty.call(obj, part)) return undefined;
    at = obj[part];
  }
  return at;
}

/** The first of the names present at the top level, then inside a common envelope (`data`, `result` …). */
function findByNames(body: Record<string, unknown>, names: readonly string[]): unknown {
  for (const obj of [body, ...ENVELOPES.map((e) => asObject(body[e]))]) {
    if (!obj) continue;
    for (const name of names) if (Object.prototype.hasOwnProperty.call(obj, name) && obj[name] !== null && obj[name] !== '') return obj[name];
    const lowered = new Map(Object.keys(obj).map((k) => [k.toLowerCase(), k]));
    for (const name of names) {
      const key = lowered.get(name.toLowerCase());
      if (key !== undefined && obj[key] !== null && obj[key] !== '') return obj[key];
    }
  }
  return undefined;
}

function invalid(said: string, trail: Trail, hint = 'Check the exchange URL.'): TokenError {
  return new TokenError('TOKEN_RESPONSE_INVALID', `The exchange endpoint ${said}.`, hint, { steps: trail.steps });
}
