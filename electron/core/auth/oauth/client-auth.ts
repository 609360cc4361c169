import { choiceField, field, headersField, paramsField } from './fields.js';
import type { Trail } from './http.js';
import type { TokenRequest } from './types.js';

/** How the client proves itself at the token endpoint (RFC 6749 §2.3.1). */
export type ClientAuth = 'basic' | 'body';

/** The token request's common parts: client authentication, extra parameters and headers. */
export interface TokenRequestParts {
  headers: Record<string, string>;
  paramsIn: 'body' | 'url';
  /** Adds client_id (and client_secret for body auth) and the extra parameters. */
  fill(params: URLSearchParams): URLSearchParams;
}

/**
 * Builds the client authentication: Basic is base64(urlencode(id):urlencode(secret)) as RFC 6749
 * §2.3.1 says (servers decode it so); without a secret the client is public and only sends client_id.
 */
export function tokenRequestParts(input: TokenRequest, trail: Trail, clientId: string, clientSecret: string): TokenRequestParts {
  const auth: ClientAuth = choiceField(input, 'clientAuth', ['basic', 'body'] as const, 'basic');
  const extra = paramsField(input, 'extraParams');
  const headers = headersField(input, 'tokenHeaders');
  for (const value of Object.values(headers)) if (value.length >= 8) trail.secret(value);
  if (clientSecret !== '' && auth === 'basic') {
    const encoded = Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64');
    trail.secret(encoded);
    headers['Authorization'] = `Basic ${encoded}`;
  }
  return {
    headers,
    paramsIn: choiceField(input, 'paramsIn', ['body', 'url'] as const, 'body'),
    fill(params) {
      if (clientSecret === '' || auth === 'body') params.set('client_id', clientId);
      if (clientSecret !== '' && auth === 'body') params.set('client_secret', clientSecret);
      for (const [k, v] of extra) params.append(k, v);
      return params;
    },
  };
}

/** application/x-www-form-urlencoded for one value (space as +, as RFC 6749 Appendix B says). */
function formEncode(value: string): string {
  return new URLSearchParams([['', value]]).toString().slice(1);
}

/** The scope field as sent: spaces between scopes, whatever separator the person typed. */
export function scopeField(input: TokenRequest): string {
  return field(input, 'scope').split(/[\s,]+/).filter((s) => s !== '').join(' ');
}
