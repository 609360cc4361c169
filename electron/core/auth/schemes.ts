/**
 * Puts a credential onto one request: the headers or query parameters of each scheme, and for the
 * signed ones (hmac, SigV4) the signature over exactly what is sent. Digest answers a challenge and is
 * done by the exchange (exchange.ts) with digest.ts.
 */
import type { AuthSigning } from '../../../shared/contract/auth.js';
import { CertdeskError } from '../errors.js';
import { type CallCredential, fieldOf } from './credential.js';
import { TOKEN_KINDS } from './oauth/index.js';
import { hmacBody, hmacHeader } from './hmac.js';
import { signSigV4 } from './sigv4.js';

export interface Header {
  name: string;
  value: string;
}

/** A request about to go out. */
export interface OutgoingRequest {
  method: string;
  url: URL;
  headers: Header[];
  body: Buffer;
}

export interface Applied {
  request: OutgoingRequest;
  signing?: AuthSigning;
}

/** Sets a header, replacing any of the same name. */
export function setHeader(headers: Header[], name: string, value: string): Header[] {
  return [...headers.filter((h) => h.name.toLowerCase() !== name.toLowerCase()), { name, value }];
}

const basic = (a: string, b: string): string => `Basic ${Buffer.from(`${a}:${b}`).toString('base64')}`;

/** The request with the credential on it (digest: unchanged; it answers the server's challenge later). */
export async function applyScheme(cred: CallCredential, req: OutgoingRequest, now: Date, token?: string): Promise<Applied> {
  const f = (name: string): string => fieldOf(cred, name);
  const withHeader = (name: string, value: string): Applied => ({ request: { ...req, headers: setHeader(req.headers, name, value) } });
  const withQuery = (name: string, value: string): Applied => {
    const url = new URL(req.url);
    url.searchParams.set(name, value);
    return { request: { ...req, url } };
  };
  switch (cred.scheme) {
    case 'none':
    case 'digest':
      return { request: req };
    case 'basic':
      return withHeader('Authorization', basic(f('user'), f('password')));
    case 'api-key-and-secret':
      return withHeader('Authorization', basic(f('key'), f('secret')));
    case 'bearer':
      return withHeader('Authorization', `Bearer ${f('token')}`);
    case 'api-key':
      if (f('in') === 'query') return withQuery(f('name') || 'apiKey', f('value'));
      if (f('in') !== 'header') throw new CertdeskError('VALIDATION_FAILED', `The api-key field "in" must be header or query, not "${f('in')}".`);
      return withHeader(f('name'), f('value'));
    case 'url-token':
      return withQuery(f('param'), f('token'));
    case 'hmac-header': {
      const signed = hmacHeader({ token: f('token'), secret: f('secret'), headersList: f('headers'), separator: f('tokenSeparator'), date: now, headers: req.headers });
      let headers = req.headers;
      for (const h of signed.headers) headers = setHeader(headers, h.name, h.value);
      return { request: { ...req, headers }, signing: { scheme: 'hmac-header', algorithm: 'HMAC-SHA256', stringToSign: signed.stringToSign, signedHeaders: signed.signedHeaders } };
    }
    case 'hmac-body': {
      const contentType = req.headers.find((h) => h.name.toLowerCase() === 'content-type')?.value ?? '';
      const signed = hmacBody({ token: f('token'), secret: f('secret'), separator: f('tokenSeparator'), date: now, method: req.method, path: req.url.pathname, contentType, body: req.body });
      let headers = req.headers.filter((h) => h.name.toLowerCase() !== 'content-md5');
      for (const h of signed.headers) headers = setHeader(headers, h.name, h.value);
      return { request: { ...req, headers }, signing: { scheme: 'hmac-body', algorithm: 'HMAC-SHA256', stringToSign: signed.stringToSign, signedHeaders: signed.signedHeaders } };
    }
    case 'aws-sigv4': {
      const signed = await signSigV4({
        accessKeyId: f('accessKeyId'),
        secretAccessKey: f('secretAccessKey'),
        sessionToken: f('sessionToken') || undefined,
        region: f('region'),
        service: f('service'),
        method: req.method,
        url: req.url,
        headers: req.headers,
        body: req.body,
        date: now,
      });
      // The signed set replaces the request's headers (the signer lower-cases them; HTTP does not care).
      const headers = signed.headers.filter((h) => h.name !== 'host');
      return {
        request: { ...req, headers },
        signing: { scheme: 'aws-sigv4', algorithm: 'AWS4-HMAC-SHA256', canonicalRequest: signed.canonicalRequest, stringToSign: signed.stringToSign, signedHeaders: signed.signedHeaders },
      };
    }
    default:
      if ((TOKEN_KINDS as readonly string[]).includes(cred.scheme)) {
        if (token === undefined) throw new CertdeskError('SCHEME_UNAVAILABLE', `No access token was obtained for ${cred.scheme}.`);
        return withHeader('Authorization', `Bearer ${token}`);
      }
      throw new CertdeskError('VALIDATION_FAILED', `The scheme ${cred.scheme} cannot be used for a call.`);
  }
}

/** Query parameters that carry the credential (dropped on a redirect to another origin). */
export function credentialQueryParams(cred: CallCredential): string[] {
  if (cred.scheme === 'url-token') return [fieldOf(cred, 'param')];
  if (cred.scheme === 'api-key' && fieldOf(cred, 'in') === 'query') return [fieldOf(cred, 'name')];
  return [];
}
