import { createHash } from 'node:crypto';
import { CertdeskError } from '../../errors.js';
import type { TokenRequest } from './types.js';

/** A field's value, trimmed; '' when absent. */
export function field(input: TokenRequest, name: string): string {
  return (input.fields[name] ?? '').trim();
}

/** A required non-secret field, or VALIDATION_FAILED naming it. */
export function requiredField(input: TokenRequest, name: string, label: string): string {
  const value = field(input, name);
  if (value === '') throw new CertdeskError('VALIDATION_FAILED', `${label} (${name}) is required for ${input.kind}.`);
  return value;
}

/** A required secret, or VALIDATION_FAILED naming it. */
export function requiredSecret(input: TokenRequest, name: string, label: string): string {
  const value = input.secrets[name] ?? input.fields[name] ?? '';
  if (value === '') throw new CertdeskError('VALIDATION_FAILED', `${label} (${name}) is required for ${input.kind}.`, `Give it as a secret field (--secret-env ${name}=VAR).`);
  return value;
}

/** An optional secret ('' when absent); a secret given as a plain field is taken too (PRODUCT.md allows either). */
export function optionalSecret(input: TokenRequest, name: string): string {
  return input.secrets[name] ?? input.fields[name] ?? '';
}

/** An http(s) URL field, required; credentials in the URL are refused (they would be logged and shown). */
export function urlField(input: TokenRequest, name: string, label: string): URL {
  const value = requiredField(input, name, label);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CertdeskError('VALIDATION_FAILED', `${label} (${name}) is not a URL.`, 'Give the full address, e.g. https://login.example.com/oauth2/token.');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new CertdeskError('VALIDATION_FAILED', `${label} (${name}) must be an http or https URL, not ${url.protocol}`);
  if (url.username !== '' || url.password !== '') throw new CertdeskError('VALIDATION_FAILED', `${label} (${name}) must not carry a user name or password.`, 'Put the client ID and secret in their own fields.');
  return url;
}

/** A yes/no field with a default. */
export function booleanField(input: TokenRequest, name: string, fallback: boolean): boolean {
  const v = field(input, name).toLowerCase();
  if (v === '') return fallback;
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  throw new CertdeskError('VALIDATION_FAILED', `${name} must be true or false, not "${v.slice(0, 20)}".`);
}

/** One of a few words, with a default. */
export function choiceField<T extends string>(input: TokenRequest, name: string, choices: readonly T[], fallback: T): T {
  const v = field(input, name).toLowerCase();
  if (v === '') return fallback;
  const found = choices.find((c) => c === v);
  if (!found) throw new CertdeskError('VALIDATION_FAILED', `${name} must be one of ${choices.join(', ')}.`);
  return found;
}

/** The redirect port: 0 (any free port) when empty. */
export function portField(input: TokenRequest, name: string): number {
  const v = field(input, name);
  if (v === '') return 0;
  const n = Number(v);
  if (!/^\d{1,5}$/.test(v) || n < 1 || n > 65535) throw new CertdeskError('VALIDATION_FAILED', `${name} must be a port number (1–65535), or empty for any free port.`);
  return n;
}

/** Parameters written `a=1&b=2` (the `extraParams` / `authParams` fields). */
export function paramsField(input: TokenRequest, name: string): Array<[string, string]> {
  const v = field(input, name);
  if (v === '') return [];
  const params = [...new URLSearchParams(v)];
  if (params.length > 50) throw new CertdeskError('VALIDATION_FAILED', `${name} has more than 50 parameters.`);
  for (const [k] of params) if (k === '') throw new CertdeskError('VALIDATION_FAILED', `${name} has a parameter without a name.`, 'Write them as name=value&name2=value2.');
  return params;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const RESERVED_HEADERS = new Set(['host', 'content-length', 'content-type', 'transfer-encoding', 'connection']);

/** Headers written `Name: value`, one a line (the `tokenHeaders` field). */
export function headersField(input: TokenRequest, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = field(input, name).split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  if (lines.length > 50) throw new CertdeskError('VALIDATION_FAILED', `${name} has more than 50 headers.`);
  for (const line of lines) {
    const colon = line.indexOf(':');
    const key = colon > 0 ? line.slice(0, colon).trim() : '';
    const value = colon > 0 ? line.slice(colon + 1).trim() : '';
    if (!HEADER_NAME.test(key)) throw new CertdeskError('VALIDATION_FAILED', `${name}: "${line.slice(0, 40)}" is not a "Name: value" header.`);
    if (RESERVED_HEADERS.has(key.toLowerCase())) throw new CertdeskError('VALIDATION_FAILED', `${name}: ${key} is set by Certdesk and cannot be replaced.`);
    // eslint-disable-next-line no-control-regex -- a header value must not carry control characters
    if (/[\u0000-\u0008\u000a-\u001f\u007f]/.test(value)) throw new CertdeskError('VALIDATION_FAILED', `${name}: the value of ${key} holds a control character.`);
    out[key] = value;
  }
  return out;
}

/** A digest naming what a token was obtained for; a changed input misses the cache. Secrets enter only hashed. */
export function fingerprint(parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('base64url');
}
