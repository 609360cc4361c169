/** Private keys: reading every common form into PKCS#8 DER, facts, PEM export, matching and generation. */
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, type KeyObject, X509Certificate } from 'node:crypto';
import type { KeyFacts, KeySpec } from '../../../shared/contract/pki.js';
import { CertdeskError } from '../errors.js';
import { toDer as asn1ToDer } from './asn1-build.js';
import { type DerNode, DerError, childrenOf, intOf, isUniversal, oidOf, parseDer, TAG } from './der.js';
import { DecryptError, decipher, decryptPrivateKeyInfo, encryptPrivateKeyInfo, pbeFamily } from './pbe.js';
import { looksLikePem, type PemBlock, parsePem, toPem } from './pem.js';

export interface ParsedKey {
  /** Unencrypted PKCS#8 PrivateKeyInfo. */
  pkcs8Der: Buffer;
  facts: KeyFacts;
  /** Whether the input was password-protected. */
  encrypted: boolean;
}

/** PEM labels that hold a private key. */
export const KEY_LABELS = new Set(['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY']);

// NIST names for the curves people know by them; every other curve keeps OpenSSL's name.
const NIST_NAMES: Record<string, string> = {
  prime192v1: 'P-192', secp224r1: 'P-224', prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521',
  'P-192': 'P-192', 'P-224': 'P-224', 'P-256': 'P-256', 'P-384': 'P-384', 'P-521': 'P-521',
};

/**
 * Field size in bits of a named curve. OpenSSL's names carry it (secp256k1, brainpoolP512r1,
 * sect571r1, c2pnb163v1, prime239v1); SM2 and the WAP/Oakley curves do not, so the public point's
 * length says it (uncompressed point: 1 + 2 × field bytes).
 */
function curveBits(name: string, key?: KeyObject): number | undefined {
  if (name === 'SM2') return 256;
  const m = /^(?:P-|[a-zA-Z][a-zA-Z0-9]*?[a-zA-Z])(\d{3})(?:[a-z]\d+)?$/.exec(name);
  if (m?.[1] !== undefined) return Number(m[1]);
  if (!key) return undefined;
  try {
    const spki = createPublicKey(key).export({ type: 'spki', format: 'der' });
    const point = childrenOf(parseDer(spki))[1]?.content.subarray(1);
    if (point?.[0] === 0x04) return ((point.length - 1) / 2) * 8;
  } catch {
    // The size stays unknown rather than wrong.
  }
  return undefined;
}

// Named-curve OIDs → OpenSSL names, for reading key facts straight from a certificate's SPKI.
const CURVE_OIDS: Record<string, string> = {
  '1.2.840.10045.3.1.1': 'prime192v1', '1.3.132.0.33': 'secp224r1', '1.2.840.10045.3.1.7': 'prime256v1', '1.3.132.0.34': 'secp384r1',
  '1.3.132.0.35': 'secp521r1', '1.3.132.0.10': 'secp256k1', '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1', '1.3.36.3.3.2.8.1.1.11': 'brainpoolP384r1',
  '1.3.36.3.3.2.8.1.1.13': 'brainpoolP512r1',
};

/**
 * Key facts read from SubjectPublicKeyInfo DER for the common algorithms, without OpenSSL's key
 * decoder (which costs more than the rest of a certificate's facts); undefined for anything else.
 */
export function spkiFacts(spki: DerNode): KeyFacts | undefined {
  try {
    const [alg, bits] = childrenOf(spki);
    const [oidNode, param] = childrenOf(alg as DerNode);
    const oid = oidOf(oidNode);
    if (oid === '1.3.101.112') return { keyType: 'Ed25519' };
    if (oid === '1.3.101.113') return { keyType: 'Ed448' };
    if (oid === '1.2.840.10045.2.1' && isUniversal(param, TAG.OID)) {
      const name = CURVE_OIDS[oidOf(param)];
      const size = name === undefined ? undefined : curveBits(name);
      return name === undefined || size === undefined ? undefined : { keyType: 'EC', curve: NIST_NAMES[name] ?? name, keySize: size };
    }
    if ((oid === '1.2.840.113549.1.1.1' || oid === '1.2.840.113549.1.1.10') && isUniversal(bits, TAG.BIT_STRING)) {
      const [modulus] = childrenOf(parseDer(bits.content.subarray(1)));
      if (!isUniversal(modulus, TAG.INTEGER)) return undefined;
      let m = modulus.content;
      while (m.length > 0 && m[0] === 0) m = m.subarray(1);
      const top = m[0] ?? 0;
      return { keyType: 'RSA', keySize: m.length === 0 ? 0 : (m.length - 1) * 8 + (32 - Math.clz32(top)) };
    }
  } catch {
    // Anything unexpected goes through OpenSSL instead.
  }
  return undefined;
}

/** Type, size and curve of a key (private or public). */
export function keyFacts(key: KeyObject): KeyFacts {
  const d = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return d.modulusLength === undefined ? { keyType: 'RSA' } : { keyType: 'RSA', keySize: d.modulusLength };
    case 'dsa':
      return d.modulusLength === undefined ? { keyType: 'DSA' } : { keyType: 'DSA', keySize: d.modulusLength };
    case 'ec': {
      if (d.namedCurve === undefined) return { keyType: 'EC' };
      const bits = curveBits(d.namedCurve, key);
      const curve = NIST_NAMES[d.namedCurve] ?? d.namedCurve;
      return bits === undefined ? { keyType: 'EC', curve } : { keyType: 'EC', curve, keySize: bits };
    }
    case 'ed25519':
      return { keyType: 'Ed25519' };
    case 'ed448':
      return { keyType: 'Ed448' };
    default:
      return { keyType: 'unknown' };
  }
}

/** Reads a private key from PEM (any key label) or DER; PASSWORD_REQUIRED / BAD_PASSWORD for encrypted ones. */
export function parsePrivateKey(input: Buffer | string, password?: string): ParsedKey {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  if (looksLikePem(bytes)) {
    const block = parsePem(bytes).find((b) => KEY_LABELS.has(b.label));
    if (!block) throw new CertdeskError('NO_PRIVATE_KEY', 'The file contains no private key.', 'Choose the .key or .pem file that holds the private key.');
    return parseKeyBlock(block, password);
  }
  let node: DerNode;
  try {
    node = parseDer(bytes);
  } catch {
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'This is not a private key file (neither PEM nor DER).');
  }
  const kind = classifyDerKey(node);
  if (kind === null) throw new CertdeskError('UNSUPPORTED_FORMAT', 'This DER file is not a private key.');
  switch (kind) {
    case 'pkcs8':
      return fromPkcs8(bytes, false);
    case 'encrypted-pkcs8':
      return fromEncryptedPkcs8(node, password);
    case 'pkcs1':
      return fromTraditional('RSA PRIVATE KEY', bytes, false);
    case 'sec1':
      return fromTraditional('EC PRIVATE KEY', bytes, false);
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** Reads one PEM key block. */
export function parseKeyBlock(block: PemBlock, password?: string): ParsedKey {
  if (block.label === 'PRIVATE KEY') return fromPkcs8(block.der, false);
  if (block.label === 'ENCRYPTED PRIVATE KEY') return fromEncryptedPkcs8(parseDerOrCorrupt(block.der), password);
  if (!(block.headers['Proc-Type'] ?? '').includes('ENCRYPTED')) return fromTraditional(block.label, block.der, false);
  if (password === undefined) throw passwordRequired();
  return fromTraditional(block.label, decryptLegacyPem(block.headers['DEK-Info'] ?? '', block.der, password), true);
}

/** Recognises the DER private-key structures by shape; null when it is none of them. */
export function classifyDerKey(node: DerNode): 'pkcs8' | 'encrypted-pkcs8' | 'pkcs1' | 'sec1' | null {
  if (!isUniversal(node, TAG.SEQUENCE) || !node.constructed) return null;
  let kids: DerNode[];
  try {
    kids = childrenOf(node);
  } catch {
    return null;
  }
  const [a, b, c] = kids;
  if (kids.length === 2 && isUniversal(a, TAG.SEQUENCE) && isUniversal(b, TAG.OCTET_STRING)) return 'encrypted-pkcs8';
  if (!isUniversal(a, TAG.INTEGER)) return null;
  if (isUniversal(b, TAG.SEQUENCE) && isUniversal(c, TAG.OCTET_STRING)) return 'pkcs8';
  const version = safeInt(a);
  if (version === 0 && kids.length >= 9 && kids.every((k) => isUniversal(k, TAG.INTEGER))) return 'pkcs1';
  if (version === 1 && isUniversal(b, TAG.OCTET_STRING)) return 'sec1';
  return null;
}

function safeInt(node: DerNode): number | undefined {
  try {
    return intOf(node);
  } catch {
    return undefined;
  }
}

function parseDerOrCorrupt(der: Buffer): DerNode {
  try {
    return parseDer(der);
  } catch (err) {
    if (err instanceof DerError) throw new CertdeskError('CORRUPT_FILE', `The private key is damaged: ${err.message}.`);
    throw err;
  }
}

function passwordRequired(): CertdeskError {
  return new CertdeskError('PASSWORD_REQUIRED', 'This private key is encrypted; its password is needed.', 'Enter the private key password.');
}

function badPassword(): CertdeskError {
  return new CertdeskError('BAD_PASSWORD', 'The private key password is wrong.', 'Check the password; it is case-sensitive.');
}

function fromPkcs8(der: Buffer, encrypted: boolean): ParsedKey {
  try {
    const key = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    return { pkcs8Der: der, facts: keyFacts(key), encrypted };
  } catch {
    if (encrypted) throw badPassword();
    throw new CertdeskError('CORRUPT_FILE', 'The private key is damaged or uses an unsupported algorithm.');
  }
}

function fromEncryptedPkcs8(node: DerNode, password: string | undefined): ParsedKey {
  checkEncryptedPkcs8(node);
  if (password === undefined) throw passwordRequired();
  try {
    return fromPkcs8(decryptPrivateKeyInfo(node, password), true);
  } catch (err) {
    if (err instanceof DecryptError) throw badPassword();
    if (err instanceof DerError) throw new CertdeskError('CORRUPT_FILE', `The encrypted private key is damaged: ${err.message}.`);
    throw err;
  }
}

/**
 * Checks an EncryptedPrivateKeyInfo's structure without the password: a known scheme with sane
 * parameters and a ciphertext of whole cipher blocks. A damaged block is reported as damaged, not
 * as "locked" (which would send the person looking for a password that cannot help).
 */
function checkEncryptedPkcs8(node: DerNode): void {
  const damaged = (why: string) => new CertdeskError('CORRUPT_FILE', `The encrypted private key is damaged: ${why}.`,
    'Export the key again from where it came from; a copy that was edited or cut short cannot be repaired.');
  if (classifyDerKey(node) !== 'encrypted-pkcs8') throw damaged('it is not an EncryptedPrivateKeyInfo structure');
  const [algId, enc] = childrenOf(node);
  try {
    if (algId) pbeFamily(algId);
  } catch (err) {
    if (err instanceof DerError) throw damaged(err.message);
    throw err;
  }
  const length = enc?.content.length ?? 0;
  if (length === 0 || length % 8 !== 0) throw damaged(`its encrypted data (${length} bytes) is not whole cipher blocks`);
}

function fromTraditional(label: string, der: Buffer, encrypted: boolean): ParsedKey {
  try {
    // Going through PEM lets OpenSSL/BoringSSL pick the right decoder for RSA, EC and DSA alike.
    const key = createPrivateKey({ key: toPem(der, label), format: 'pem' });
    const pkcs8Der = key.export({ type: 'pkcs8', format: 'der' });
    return { pkcs8Der, facts: keyFacts(key), encrypted };
  } catch {
    if (encrypted) throw badPassword();
    throw new CertdeskError('CORRUPT_FILE', `The ${label.toLowerCase()} is damaged or unsupported.`);
  }
}

/** Decrypts an OpenSSL "traditional" encrypted PEM body (Proc-Type: 4,ENCRYPTED + DEK-Info). */
function decryptLegacyPem(dekInfo: string, body: Buffer, password: string): Buffer {
  const [name = '', ivHex = ''] = dekInfo.split(',').map((s) => s.trim());
  const ciphers = {
    'AES-128-CBC': ['aes-128-cbc', 16], 'AES-192-CBC': ['aes-192-cbc', 24], 'AES-256-CBC': ['aes-256-cbc', 32],
    'DES-EDE3-CBC': ['des-ede3-cbc', 24], 'DES-CBC': ['des-cbc', 8],
  } as const;
  const spec = (ciphers as Record<string, (typeof ciphers)[keyof typeof ciphers]>)[name.toUpperCase()];
  const iv = Buffer.from(ivHex, 'hex');
  if (!spec || iv.length < 8) throw new CertdeskError('UNSUPPORTED_FORMAT', `Unsupported PEM encryption "${dekInfo}".`);
  // OpenSSL's EVP_BytesToKey with MD5, one round, salt = first 8 IV bytes.
  const parts: Buffer[] = [];
  let prev = Buffer.alloc(0);
  while (Buffer.concat(parts).length < spec[1]) {
    prev = createHash('md5').update(prev).update(password, 'utf8').update(iv.subarray(0, 8)).digest();
    parts.push(prev);
  }
  try {
    return decipher(spec[0], Buffer.concat(parts).subarray(0, spec[1]), iv, body);
  } catch (err) {
    if (err instanceof DecryptError) throw badPassword();
    throw err;
  }
}

/** PEM for a PKCS#8 key: "PRIVATE KEY", or "ENCRYPTED PRIVATE KEY" (PBES2, PBKDF2-SHA256, AES-256-CBC) with a password. */
export function exportPrivateKeyPem(pkcs8Der: Buffer, opts: { password?: string } = {}): string {
  if (opts.password === undefined) return toPem(pkcs8Der, 'PRIVATE KEY');
  return toPem(asn1ToDer(encryptPrivateKeyInfo(pkcs8Der, opts.password, 'modern')), 'ENCRYPTED PRIVATE KEY');
}

/** The public half of a PKCS#8 key. */
export function publicKeyOf(pkcs8Der: Buffer): KeyObject {
  try {
    return createPublicKey(createPrivateKey({ key: pkcs8Der, format: 'der', type: 'pkcs8' }));
  } catch {
    throw new CertdeskError('CORRUPT_FILE', 'The private key is damaged or uses an unsupported algorithm.');
  }
}

/**
 * True when two public keys are the same key. KeyObject.equals() alone is not safe: for keys of
 * different types OpenSSL leaves "different key types" on its error queue, which Node does not clear,
 * and the next unrelated crypto call (e.g. createPrivateKey) then fails. So types and curves go first.
 */
export function samePublicKey(a: KeyObject, b: KeyObject): boolean {
  if (a.asymmetricKeyType !== b.asymmetricKeyType) return false;
  if (a.asymmetricKeyDetails?.namedCurve !== b.asymmetricKeyDetails?.namedCurve) return false;
  if (a.asymmetricKeyDetails?.modulusLength !== b.asymmetricKeyDetails?.modulusLength) return false;
  return a.equals(b);
}

/** True when the certificate carries the public half of this private key. */
export function keyMatchesCertificate(keyPkcs8Der: Buffer, certDer: Buffer): boolean {
  return samePublicKey(publicKeyOf(keyPkcs8Der), certificateKey(certDer));
}

/** The public key of a DER certificate. */
export function certificateKey(certDer: Buffer): KeyObject {
  try {
    return new X509Certificate(certDer).publicKey;
  } catch {
    throw new CertdeskError('CORRUPT_FILE', 'The certificate is damaged or not a certificate.');
  }
}

/**
 * Generates a key pair off the main thread (libuv pool). Abort rejects at once with CANCELLED; the
 * native work cannot be interrupted, so its result is dropped when it arrives.
 */
export function generateKey(spec: KeySpec, opts: { signal?: AbortSignal } = {}): Promise<ParsedKey> {
  const { signal } = opts;
  return new Promise<ParsedKey>((resolve, reject) => {
    const cancelled = () => new CertdeskError('CANCELLED', 'Key generation was cancelled.');
    if (signal?.aborted) {
      reject(cancelled());
      return;
    }
    const onAbort = () => reject(cancelled());
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = (err: Error | null, _pub: KeyObject, priv: KeyObject) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return;
      if (err) reject(new CertdeskError('INTERNAL', `Key generation failed: ${err.message}`));
      else resolve({ pkcs8Der: priv.export({ type: 'pkcs8', format: 'der' }), facts: keyFacts(priv), encrypted: false });
    };
    switch (spec) {
      case 'rsa:2048':
      case 'rsa:3072':
      case 'rsa:4096':
        generateKeyPair('rsa', { modulusLength: Number(spec.slice(4)), publicExponent: 0x10001 }, done);
        break;
      case 'ec:p256':
        generateKeyPair('ec', { namedCurve: 'P-256' }, done);
        break;
      case 'ec:p384':
        generateKeyPair('ec', { namedCurve: 'P-384' }, done);
        break;
      default: {
        const never: never = spec;
        reject(new CertdeskError('VALIDATION_FAILED', `Unknown key type ${String(never)}.`));
      }
    }
  });
}
