/**
 * Reading the cleartext part of a TLS handshake from the raw bytes a server sent. Node only offers
 * the peer chain re-ordered and says nothing of a CertificateRequest, so the served Certificate
 * message (TLS ≤ 1.2), the CA names a server accepts for client certificates, and alerts are read
 * here. TLS 1.3 encrypts everything after ServerHello: there these are read with the handshake's
 * secret (tls13.ts), or come back empty without it.
 */
import { parseDer } from '../pki/der.js';
import { formatName } from '../pki/x509-der.js';
import { handshakeDecrypter } from './tls13.js';

const ALERTS: Record<number, string> = {
  0: 'close_notify', 10: 'unexpected_message', 20: 'bad_record_mac', 21: 'decryption_failed', 22: 'record_overflow',
  30: 'decompression_failure', 40: 'handshake_failure', 41: 'no_certificate', 42: 'bad_certificate', 43: 'unsupported_certificate',
  44: 'certificate_revoked', 45: 'certificate_expired', 46: 'certificate_unknown', 47: 'illegal_parameter', 48: 'unknown_ca',
  49: 'access_denied', 50: 'decode_error', 51: 'decrypt_error', 70: 'protocol_version', 71: 'insufficient_security',
  80: 'internal_error', 86: 'inappropriate_fallback', 90: 'user_canceled', 109: 'missing_extension', 110: 'unsupported_extension',
  112: 'unrecognized_name', 113: 'bad_certificate_status_response', 115: 'unknown_psk_identity', 116: 'certificate_required',
  120: 'no_application_protocol',
};

/** The RFC name of a TLS alert number (`handshake_failure`), or `alert N`. */
export function alertName(n: number): string {
  return ALERTS[n] ?? `alert ${n}`;
}

export interface ServerFlight {
  /** The bytes began like TLS records (so this is a TLS server, or at least not plaintext). */
  isTls: boolean;
  /** DER certificates in the order the server sent them (TLS 1.3: only with the handshake secret). */
  certificates: Buffer[] | null;
  certificateRequested: boolean;
  /** Distinguished names from the CertificateRequest (TLS 1.3: only with the handshake secret). */
  acceptableCAs: string[];
  /** The version the ServerHello chose (`TLSv1.2`…), when one was read. */
  version: string | null;
  /** A cleartext alert the server sent. */
  alert: { level: 'warning' | 'fatal'; name: string } | null;
}

/** True when the first bytes look like a TLS record header (content type 20..23, version 3.x). */
export function looksLikeTls(buf: Buffer): boolean {
  if (buf.length === 0) return true; // nothing said: not evidence of plaintext
  const type = buf[0] ?? 0;
  return type >= 20 && type <= 23 && (buf.length < 2 || buf[1] === 3);
}

const VERSIONS: Record<number, string> = { 0x0301: 'TLSv1', 0x0302: 'TLSv1.1', 0x0303: 'TLSv1.2' };

const u24 = (b: Buffer, at: number) => ((b[at] ?? 0) << 16) | ((b[at + 1] ?? 0) << 8) | (b[at + 2] ?? 0);

/**
 * Parses the server's records up to the first encrypted one; for TLS 1.3, given the server's
 * handshake traffic secret (see tls13.ts), on through the encrypted handshake up to its Finished.
 */
export function readServerFlight(raw: Buffer, serverHandshakeSecret?: Buffer): ServerFlight {
  const out: ServerFlight = { isTls: looksLikeTls(raw), certificates: null, certificateRequested: false, acceptableCAs: [], alert: null, version: null };
  if (!out.isTls) return out;
  const cleartext: Buffer[] = [];
  const encrypted: Buffer[] = [];
  let hello: ServerHello | null = null;
  let decrypt: ReturnType<typeof handshakeDecrypter> = null;
  let at = 0;
  while (at + 5 <= raw.length) {
    const type = raw[at] ?? 0;
    const len = raw.readUInt16BE(at + 3);
    const header = raw.subarray(at, at + 5);
    const body = raw.subarray(at + 5, at + 5 + len);
    if (body.length < len) break;
    at += 5 + len;
    if (type === 22) cleartext.push(body);
    else if (type === 21 && body.length >= 2) out.alert = { level: body[0] === 1 ? 'warning' : 'fatal', name: alertName(body[1] ?? 0) };
    else if (type === 20 || type === 23) {
      // From here on the records are encrypted: TLS 1.3 (its ChangeCipherSpec is only for middleboxes) can be read on with the secret.
      hello ??= lastServerHello(Buffer.concat(cleartext));
      if (!hello?.tls13 || !serverHandshakeSecret) break;
      if (type === 20) continue;
      decrypt ??= handshakeDecrypter(hello.suite, serverHandshakeSecret);
      const inner = decrypt?.(header, body);
      if (!inner) break;
      if (inner.type === 22) encrypted.push(inner.content);
      else if (inner.type === 21 && inner.content.length >= 2) out.alert = { level: inner.content[0] === 1 ? 'warning' : 'fatal', name: alertName(inner.content[1] ?? 0) };
      // CertificateRequest comes before Certificate: once the Certificate is whole, the rest (its proof, Finished) tells nothing more.
      if (inner.type !== 22 || readThrough(Buffer.concat(encrypted))) break;
    }
  }
  readHandshake(Buffer.concat(cleartext), out, false);
  if (encrypted.length) readHandshake(Buffer.concat(encrypted), out, true);
  return out;
}

interface ServerHello {
  tls13: boolean;
  suite: number;
}

/** Each handshake message (type, body) of a buffer, as far as it is whole. */
function* messages(hs: Buffer): Generator<{ type: number; body: Buffer }> {
  let at = 0;
  while (at + 4 <= hs.length) {
    const type = hs[at] ?? 0;
    const len = u24(hs, at + 1);
    const body = hs.subarray(at + 4, at + 4 + len);
    if (body.length < len) return;
    at += 4 + len;
    yield { type, body };
  }
}

/** The last ServerHello (after a HelloRetryRequest, the real one): its version and cipher suite. */
function lastServerHello(hs: Buffer): ServerHello | null {
  let found: ServerHello | null = null;
  try {
    for (const m of messages(hs)) if (m.type === 2) found = { tls13: isTls13ServerHello(m.body), suite: m.body.readUInt16BE(2 + 32 + 1 + (m.body[34] ?? 0)) };
  } catch {
    return found;
  }
  return found;
}

/** True once the decrypted handshake holds a whole Certificate (or Finished) message. */
const readThrough = (hs: Buffer) => [...messages(hs)].some((m) => m.type === 11 || m.type === 20);

function readHandshake(hs: Buffer, out: ServerFlight, tls13Encrypted: boolean): void {
  let tls13 = tls13Encrypted;
  for (const { type, body } of messages(hs)) {
    try {
      if (type === 2) {
        tls13 = isTls13ServerHello(body);
        out.version = tls13 ? 'TLSv1.3' : (VERSIONS[body.readUInt16BE(0)] ?? null);
      }
      if (tls13 && !tls13Encrypted) return; // the rest is in the encrypted part
      if (type === 11) out.certificates = tls13 ? certificateEntries(body) : certificateList(body, 0);
      if (type === 13) {
        out.certificateRequested = true;
        out.acceptableCAs = tls13 ? certificateAuthorities(body) : caNames(body, 1 + (body[0] ?? 0) + 2 + body.readUInt16BE(1 + (body[0] ?? 0)));
      }
      if (type === 20) return;
    } catch {
      return; // a malformed message ends what can be read, not the check
    }
  }
}

/** A TLS 1.3 ServerHello carries supported_versions (43) = 0x0304. */
function isTls13ServerHello(body: Buffer): boolean {
  let at = 2 + 32;
  const sidLen = body[at] ?? 0;
  at += 1 + sidLen + 2 + 1;
  if (at + 2 > body.length) return false;
  const extEnd = at + 2 + body.readUInt16BE(at);
  at += 2;
  while (at + 4 <= extEnd) {
    const type = body.readUInt16BE(at);
    const len = body.readUInt16BE(at + 2);
    if (type === 43 && len === 2 && body.readUInt16BE(at + 4) === 0x0304) return true;
    at += 4 + len;
  }
  return false;
}

/** TLS ≤ 1.2 Certificate: certificate_list<0..2^24-1> of ASN.1Cert<1..2^24-1>, from `from`. */
function certificateList(body: Buffer, from: number): Buffer[] {
  const total = u24(body, from);
  const certs: Buffer[] = [];
  let at = from + 3;
  while (at + 3 <= from + 3 + total && at + 3 <= body.length) {
    const len = u24(body, at);
    certs.push(Buffer.from(body.subarray(at + 3, at + 3 + len)));
    at += 3 + len;
  }
  return certs;
}

/** TLS 1.3 Certificate: request context<0..255>, then entries of cert_data<1..2^24-1> and extensions<0..2^16-1>. */
function certificateEntries(body: Buffer): Buffer[] {
  const from = 1 + (body[0] ?? 0);
  const end = Math.min(from + 3 + u24(body, from), body.length);
  const certs: Buffer[] = [];
  let at = from + 3;
  while (at + 3 <= end) {
    const len = u24(body, at);
    if (at + 3 + len > end) break;
    certs.push(Buffer.from(body.subarray(at + 3, at + 3 + len)));
    at += 3 + len;
    if (at + 2 > end) break;
    at += 2 + body.readUInt16BE(at);
  }
  return certs;
}

/** TLS 1.3 CertificateRequest: request context<0..255>, extensions; the CA names are in certificate_authorities (47). */
function certificateAuthorities(body: Buffer): string[] {
  let at = 1 + (body[0] ?? 0);
  const end = Math.min(at + 2 + body.readUInt16BE(at), body.length);
  at += 2;
  while (at + 4 <= end) {
    const type = body.readUInt16BE(at);
    const len = body.readUInt16BE(at + 2);
    if (type === 47) return caNames(body.subarray(at + 4, at + 4 + len), 0);
    at += 4 + len;
  }
  return [];
}

/** DistinguishedName list<0..2^16-1> at `from` (TLS 1.2 CertificateRequest, TLS 1.3 certificate_authorities). */
function caNames(body: Buffer, from: number): string[] {
  const end = from + 2 + body.readUInt16BE(from);
  let at = from + 2;
  const names: string[] = [];
  while (at + 2 <= end) {
    const len = body.readUInt16BE(at);
    try {
      names.push(formatName(parseDer(body.subarray(at + 2, at + 2 + len))));
    } catch {
      names.push('(unreadable name)');
    }
    at += 2 + len;
  }
  return names;
}
