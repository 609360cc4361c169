/**
 * Reading the encrypted part of a TLS 1.3 server flight (EncryptedExtensions, CertificateRequest,
 * Certificate) with the server's handshake traffic secret, which OpenSSL hands out through Node's
 * `keylog` event. One handshake then shows the chain as served and any CertificateRequest, where a
 * second, TLS 1.2 handshake was needed before (RFC 8446 §5.2, §7.1, §7.3).
 */
import { createDecipheriv, createHmac } from 'node:crypto';

interface Suite {
  cipher: 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';
  keyLength: number;
  hash: 'sha256' | 'sha384';
}

// The AEAD suites OpenSSL offers by default; a server choosing another (CCM) is read the old way.
const SUITES: Record<number, Suite> = {
  0x1301: { cipher: 'aes-128-gcm', keyLength: 16, hash: 'sha256' },
  0x1302: { cipher: 'aes-256-gcm', keyLength: 32, hash: 'sha384' },
  0x1303: { cipher: 'chacha20-poly1305', keyLength: 32, hash: 'sha256' },
};

const TAG_LENGTH = 16;

/** HKDF-Expand-Label(secret, label, "", length) for lengths up to one hash block. */
function expandLabel(hash: string, secret: Buffer, label: string, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`, 'latin1');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([0, 1])]);
  return createHmac(hash, secret).update(info).digest().subarray(0, length);
}

/** The secret of a `SERVER_HANDSHAKE_TRAFFIC_SECRET <client random> <secret>` keylog line. */
export function serverHandshakeSecret(line: Buffer): Buffer | null {
  const m = /^SERVER_HANDSHAKE_TRAFFIC_SECRET [0-9a-f]+ ([0-9a-f]+)\s*$/i.exec(line.toString('latin1'));
  return m?.[1] ? Buffer.from(m[1], 'hex') : null;
}

/** Decrypts the server's handshake records in turn; null for a suite it does not know. */
export function handshakeDecrypter(suiteId: number, secret: Buffer): ((header: Buffer, body: Buffer) => { type: number; content: Buffer } | null) | null {
  const suite = SUITES[suiteId];
  if (!suite || secret.length === 0) return null;
  const key = expandLabel(suite.hash, secret, 'key', suite.keyLength);
  const iv = expandLabel(suite.hash, secret, 'iv', 12);
  let seq = 0;
  return (header, body) => {
    if (body.length < TAG_LENGTH + 1) return null;
    const nonce = Buffer.from(iv);
    // The record sequence number, XORed into the last eight bytes of the IV.
    let n = seq++;
    for (let i = 11; i >= 4 && n > 0; i--) {
      nonce[i] = (nonce[i] ?? 0) ^ (n & 0xff);
      n = Math.floor(n / 256);
    }
    try {
      // One AEAD interface for the three (GCM's typing stands for ChaCha20-Poly1305's, which is the same).
      const d = createDecipheriv(suite.cipher as 'aes-128-gcm', key, nonce, { authTagLength: TAG_LENGTH });
      d.setAAD(header);
      d.setAuthTag(body.subarray(body.length - TAG_LENGTH));
      const plain = Buffer.concat([d.update(body.subarray(0, body.length - TAG_LENGTH)), d.final()]);
      // TLSInnerPlaintext: content, the real content type, then zero padding.
      let end = plain.length - 1;
      while (end >= 0 && plain[end] === 0) end--;
      if (end < 0) return null;
      return { type: plain[end] ?? 0, content: plain.subarray(0, end) };
    } catch {
      return null; // not this key (or damaged): the encrypted part stays unread
    }
  };
}
