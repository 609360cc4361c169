/**
 * HTTP Digest (RFC 7616, and RFC 2069 servers without qop): MD5, SHA-256 and SHA-512-256 (its own hash,
 * not a truncated SHA-512), their -sess forms, qop auth and auth-int, nonce count and client nonce,
 * opaque and userhash. The `uri` is the exact request target (path and query) the request line carries.
 */
import { createHash } from 'node:crypto';
import type { Challenge } from './challenge.js';

const HASHES = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' } as const;
type BaseAlgorithm = keyof typeof HASHES;

export interface DigestAlgorithm {
  /** As the server named it (case kept for the answer). */
  name: string;
  hash: (typeof HASHES)[BaseAlgorithm];
  session: boolean;
}

/** The algorithm a challenge names (MD5 when it names none), or null when Certdesk cannot answer it. */
export function digestAlgorithm(challenge: Challenge): DigestAlgorithm | null {
  const name = challenge.params['algorithm'] ?? 'MD5';
  const session = /-sess$/i.test(name);
  const base = name.replace(/-sess$/i, '').toUpperCase() as BaseAlgorithm;
  if (!Object.hasOwn(HASHES, base)) return null;
  return { name, hash: HASHES[base], session };
}

/** The first Digest challenge Certdesk can answer (RFC 7616 §3.7: the first one it supports). */
export function pickDigestChallenge(challenges: readonly Challenge[]): Challenge | null {
  return challenges.find((c) => c.scheme.toLowerCase() === 'digest' && c.params['nonce'] !== undefined && digestAlgorithm(c) !== null) ?? null;
}

export interface DigestInput {
  user: string;
  password: string;
  method: string;
  /** The request target exactly as sent: path and query. */
  uri: string;
  body: Buffer;
  /** 1 for the first use of a nonce. */
  nc: number;
  cnonce: string;
}

export interface DigestAnswer {
  header: string;
  qop: 'auth' | 'auth-int' | null;
  algorithm: string;
  /** A1 and A2 as text (the password masked) and the string the response hashes (H(A1) named, not shown). */
  canonical: string;
  stringToSign: string;
}

const quote = (v: string): string => `"${v.replace(/(["\\])/g, '\\$1')}"`;

/** The Authorization header answering `challenge`, and what went into it. */
export function digestAuthorization(challenge: Challenge, input: DigestInput): DigestAnswer {
  const alg = digestAlgorithm(challenge);
  if (!alg) throw new Error(`unsupported digest algorithm ${challenge.params['algorithm'] ?? ''}`);
  const H = (s: string | Buffer): string => createHash(alg.hash).update(s).digest('hex');
  const p = challenge.params;
  const realm = p['realm'] ?? '';
  const nonce = p['nonce'] ?? '';
  const offered = (p['qop'] ?? '').split(',').map((q) => q.trim().toLowerCase()).filter(Boolean);
  // auth when offered (what every server takes); auth-int only when it is all the server offers.
  const qop: DigestAnswer['qop'] = offered.includes('auth') ? 'auth' : offered.includes('auth-int') ? 'auth-int' : null;
  const nc = input.nc.toString(16).padStart(8, '0');
  let ha1 = H(`${input.user}:${realm}:${input.password}`);
  if (alg.session) ha1 = H(`${ha1}:${nonce}:${input.cnonce}`);
  const a2 = qop === 'auth-int' ? `${input.method}:${input.uri}:${H(input.body)}` : `${input.method}:${input.uri}`;
  const ha2 = H(a2);
  const tail = qop ? `${nonce}:${nc}:${input.cnonce}:${qop}:${ha2}` : `${nonce}:${ha2}`;
  const response = H(`${ha1}:${tail}`);
  const userhash = p['userhash']?.toLowerCase() === 'true';
  const username = userhash ? H(`${input.user}:${realm}`) : input.user;
  const parts = [`username=${quote(username)}`, `realm=${quote(realm)}`, `uri=${quote(input.uri)}`];
  if (p['algorithm'] !== undefined) parts.push(`algorithm=${alg.name}`);
  parts.push(`nonce=${quote(nonce)}`);
  if (qop) parts.push(`nc=${nc}`, `cnonce=${quote(input.cnonce)}`, `qop=${qop}`);
  parts.push(`response=${quote(response)}`);
  if (p['opaque'] !== undefined) parts.push(`opaque=${quote(p['opaque'])}`);
  if (userhash) parts.push('userhash=true');
  const a1Text = `${input.user}:${realm}:****${alg.session ? ` (then H(…):${nonce}:${input.cnonce}, -sess)` : ''}`;
  return {
    header: `Digest ${parts.join(', ')}`,
    qop,
    algorithm: alg.name,
    canonical: `A1 = ${a1Text}\nA2 = ${qop === 'auth-int' ? `${input.method}:${input.uri}:H(body)` : a2}\nH(A2) = ${ha2}`,
    stringToSign: `H(A1):${tail}`,
  };
}
