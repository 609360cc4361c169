/**
 * The two HMAC schemes exactly as PRODUCT.md defines them. Each returns the headers to send and the
 * string it signed; the Date, Content-Type and Content-MD5 sent are the very ones signed.
 */
import { createHash, createHmac } from 'node:crypto';
import { CertdeskError } from '../errors.js';

export interface HmacSigned {
  /** Headers to add (Date, Content-MD5 when there is a body, Authorization). */
  headers: Array<{ name: string; value: string }>;
  stringToSign: string;
  signedHeaders: string[];
}

const sign = (secret: string, value: string): string => createHmac('sha256', secret).update(value, 'utf8').digest('base64');

/** A header's value among those about to be sent (first one, case-insensitive). */
function headerValue(headers: ReadonlyArray<{ name: string; value: string }>, name: string): string | undefined {
  return headers.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

/**
 * hmac-header: the signed value is the Date header's (or the listed headers' values joined with ":",
 * in the order listed); `Authorization: hmac <token><sep><base64(HMAC-SHA256(secret, value))>`.
 */
export function hmacHeader(opts: { token: string; secret: string; headersList: string; separator: string; date: Date; headers: ReadonlyArray<{ name: string; value: string }> }): HmacSigned {
  const dateValue = opts.date.toUTCString();
  const names = opts.headersList.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
  const signedHeaders = names.length ? names : ['date'];
  const all = [...opts.headers.filter((h) => h.name.toLowerCase() !== 'date'), { name: 'Date', value: dateValue }];
  const values = signedHeaders.map((n) => {
    const v = headerValue(all, n);
    if (v === undefined) throw new CertdeskError('VALIDATION_FAILED', `The signed header "${n}" is not in the request.`, `Add the header (--header '${n}: …') or remove it from the credential's signed headers.`);
    return v;
  });
  const stringToSign = values.join(':');
  return {
    headers: [{ name: 'Date', value: dateValue }, { name: 'Authorization', value: `hmac ${opts.token}${opts.separator}${sign(opts.secret, stringToSign)}` }],
    stringToSign,
    signedHeaders,
  };
}

/**
 * hmac-body: `METHOD\nContent-MD5\nContent-Type\nDate\nPath`, Content-MD5 = base64(MD5(body)), empty
 * (and no header at all) without a body; Path is the URL's path.
 */
export function hmacBody(opts: { token: string; secret: string; separator: string; date: Date; method: string; path: string; contentType: string; body: Buffer }): HmacSigned {
  const dateValue = opts.date.toUTCString();
  const md5 = opts.body.length ? createHash('md5').update(opts.body).digest('base64') : '';
  const stringToSign = `${opts.method}\n${md5}\n${opts.contentType}\n${dateValue}\n${opts.path}`;
  const headers = [{ name: 'Date', value: dateValue }];
  if (md5) headers.push({ name: 'Content-MD5', value: md5 });
  headers.push({ name: 'Authorization', value: `hmac ${opts.token}${opts.separator}${sign(opts.secret, stringToSign)}` });
  return { headers, stringToSign, signedHeaders: ['method', 'content-md5', 'content-type', 'date', 'path'] };
}
