/** A Node KeyObject from a certificate's SubjectPublicKeyInfo, by the cheapest route OpenSSL offers. */
import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import { childrenOf, type DerNode, isUniversal, oidOf, parseDer, TAG } from './der.js';

const RSA_ENCRYPTION = '1.2.840.113549.1.1.1';
const EC_PUBLIC_KEY = '1.2.840.10045.2.1';

// Node checks a JWK EC key in full (a scalar multiplication): cheaper than the DER decoder only on
// P-256, whose arithmetic OpenSSL optimises; P-384, P-521 and other curves go through the DER decoder.
const JWK_CURVES: Record<string, string> = { '1.2.840.10045.3.1.7': 'P-256' };
const JWK_OKP: Record<string, string> = { '1.3.101.112': 'Ed25519', '1.3.101.113': 'Ed448' };

/**
 * The public key of a SubjectPublicKeyInfo. OpenSSL 3's generic DER key decoder costs several times
 * a signature check, so RSA, P-256 and EdDSA are handed over as JWK components (the same key, built
 * directly); anything else, or anything unusual, takes the DER route. Throws when OpenSSL refuses it.
 */
export function publicKeyFromSpki(spki: DerNode): KeyObject {
  const jwk = jwkOf(spki);
  if (jwk) {
    try {
      return createPublicKey({ key: jwk, format: 'jwk' });
    } catch {
      // Fall through: the DER decoder gives the authoritative verdict.
    }
  }
  return createPublicKey({ key: spki.raw, format: 'der', type: 'spki' });
}

function jwkOf(spki: DerNode): JsonWebKey | undefined {
  try {
    const [alg, bits] = childrenOf(spki);
    if (!alg || !isUniversal(bits, TAG.BIT_STRING) || bits.content[0] !== 0) return undefined;
    const [oidNode, param] = childrenOf(alg);
    const oid = oidOf(oidNode);
    const key = bits.content.subarray(1);
    const okp = JWK_OKP[oid];
    if (okp !== undefined) return param === undefined ? { kty: 'OKP', crv: okp, x: b64u(key) } : undefined;
    if (oid === EC_PUBLIC_KEY && isUniversal(param, TAG.OID)) {
      const crv = JWK_CURVES[oidOf(param)];
      const size = (key.length - 1) / 2;
      // Only the uncompressed form (04 || X || Y) splits into JWK's x and y.
      if (crv === undefined || key[0] !== 4 || !Number.isInteger(size)) return undefined;
      return { kty: 'EC', crv, x: b64u(key.subarray(1, 1 + size)), y: b64u(key.subarray(1 + size)) };
    }
    if (oid === RSA_ENCRYPTION && (param === undefined || isUniversal(param, TAG.NULL))) {
      const rsaKey = parseDer(key);
      const [n, e, extra] = isUniversal(rsaKey, TAG.SEQUENCE) ? childrenOf(rsaKey) : [];
      if (extra || !isUniversal(n, TAG.INTEGER) || !isUniversal(e, TAG.INTEGER)) return undefined;
      const modulus = unsignedMinimal(n.content);
      const exponent = unsignedMinimal(e.content);
      return modulus && exponent ? { kty: 'RSA', n: b64u(modulus), e: b64u(exponent) } : undefined;
    }
  } catch {
    // Not a shape this shortcut knows: the DER decoder decides.
  }
  return undefined;
}

// A positive DER INTEGER without its sign octet; undefined for negative or non-minimal encodings,
// which the DER decoder must judge.
function unsignedMinimal(bytes: Buffer): Buffer | undefined {
  const first = bytes[0];
  if (first === undefined || first & 0x80) return undefined;
  if (first === 0) {
    const next = bytes[1];
    if (next === undefined || (next & 0x80) === 0) return undefined;
    return bytes.subarray(1);
  }
  return bytes;
}

function b64u(bytes: Buffer): string {
  return bytes.toString('base64url');
}
