/**
 * `WWW-Authenticate` read apart (RFC 9110 §11.6.1): several challenges in one header, quoted strings
 * holding commas, and several headers that Node's `headers` merges with ", " — so the raw headers are
 * read one by one. Then the challenges put into words for a rejected call.
 */

export interface Challenge {
  /** As the server wrote it (Basic, Digest, Bearer…). */
  scheme: string;
  /** Parameters by lower-case name (quotes removed); a token68 (Negotiate's blob) under `token68`. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** Every challenge in the raw header list (name/value pairs as `rawHeaders` gives them), at most 32. */
export function challengesFrom(rawHeaders: readonly string[]): Challenge[] {
  const out: Challenge[] = [];
  for (let i = 0; i + 1 < rawHeaders.length && out.length < 32; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === 'www-authenticate') out.push(...parseChallenges(rawHeaders[i + 1] ?? ''));
  }
  return out.slice(0, 32);
}

/** The challenges of one header value. Malformed text ends the parse; what was read is kept. */
export function parseChallenges(header: string): Challenge[] {
  const text = header.slice(0, 16 * 1024);
  const out: Challenge[] = [];
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  };
  const skipCommas = (): void => {
    while (i < text.length && (text[i] === ',' || text[i] === ' ' || text[i] === '\t')) i++;
  };
  while (i < text.length) {
    skipCommas();
    const scheme = TOKEN.exec(text.slice(i))?.[0];
    if (!scheme) break;
    i += scheme.length;
    const challenge: Challenge = { scheme, params: {} };
    out.push(challenge);
    skipSpace();
    // token68: a blob of token characters and '=' padding not followed by a parameter's '='.
    const t68 = /^[A-Za-z0-9\-._~+/]+=*(?=\s*(,|$))/.exec(text.slice(i));
    if (t68 && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*=[^=]/.test(text.slice(i))) {
      challenge.params['token68'] = t68[0];
      i += t68[0].length;
      continue;
    }
    // auth-params until the next token that is not followed by '=' (the next challenge's scheme).
    for (;;) {
      skipCommas();
      const rest = text.slice(i);
      const m = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*=\s*/.exec(rest);
      if (!m?.[1]) break;
      i += m[0].length;
      let value = '';
      if (text[i] === '"') {
        i++;
        while (i < text.length && text[i] !== '"') {
          if (text[i] === '\\' && i + 1 < text.length) i++;
          value += text[i];
          i++;
        }
        i++;
      } else {
        const v = TOKEN.exec(text.slice(i))?.[0] ?? '';
        value = v;
        i += v.length;
      }
      const name = m[1].toLowerCase();
      if (!(name in challenge.params)) challenge.params[name] = value;
      skipSpace();
      if (text[i] !== ',' && i < text.length) break;
    }
  }
  return out;
}

/** "Digest (realm "api", SHA-256, qop auth)": a challenge in a few words. */
export function describeChallenge(c: Challenge): string {
  const p = c.params;
  const parts: string[] = [];
  if (p['realm'] !== undefined) parts.push(`realm "${p['realm']}"`);
  if (c.scheme.toLowerCase() === 'digest') {
    parts.push(p['algorithm'] ?? 'MD5');
    if (p['qop']) parts.push(`qop ${p['qop']}`);
    if (p['userhash'] === 'true') parts.push('userhash');
    if (p['stale']?.toLowerCase() === 'true') parts.push('stale nonce');
  }
  if (p['error']) parts.push(`error "${p['error']}"${p['error_description'] ? `: ${p['error_description']}` : ''}`);
  if (p['scope']) parts.push(`scope "${p['scope']}"`);
  return parts.length ? `${c.scheme} (${parts.join(', ')})` : c.scheme;
}

/** The HTTP auth scheme a Certdesk scheme sends, for the comparison ("you sent Basic"). */
export function sentAuthScheme(scheme: string): string {
  switch (scheme) {
    case 'basic':
    case 'api-key-and-secret':
      return 'Basic';
    case 'digest':
      return 'Digest';
    case 'bearer':
    case 'oauth2-client-credentials':
    case 'oauth2-authorization-code':
    case 'api-token-exchange':
      return 'Bearer';
    case 'hmac-header':
    case 'hmac-body':
      return 'hmac';
    case 'aws-sigv4':
      return 'AWS4-HMAC-SHA256';
    case 'api-key':
      return 'an API key';
    case 'url-token':
      return 'a token in the URL';
    case 'none':
      return 'no credentials';
    default:
      return scheme;
  }
}

/** Why a 401 happened, in words: what the server asks for against what was sent. */
export function explainRejection(challenges: readonly Challenge[], scheme: string): string {
  const sent = sentAuthScheme(scheme);
  if (challenges.length === 0) return `The server answered 401 without a WWW-Authenticate challenge; you sent ${sent}. The credential was not accepted (or the endpoint wants another scheme it does not name).`;
  const asks = challenges.map(describeChallenge).join('; or ');
  const matching = challenges.some((c) => c.scheme.toLowerCase() === sent.toLowerCase());
  if (matching) {
    const stale = challenges.some((c) => c.params['stale']?.toLowerCase() === 'true');
    const err = challenges.find((c) => c.params['error'])?.params['error'];
    const why = stale ? 'the nonce went stale again after a retry' : err ? `the server says "${err}"` : 'the credential is wrong (user name, password, token or secret), expired or revoked';
    return `The server asks for ${asks}; you sent ${sent}, and it was refused: ${why}.`;
  }
  return `The server asks for ${asks}; you sent ${sent}. Use a credential of the scheme the server asks for.`;
}
