/**
 * Password-based encryption for PKCS#12 and PKCS#8: PBES2 (PBKDF2 + AES/3DES) and the PKCS#12 v1
 * schemes (pbeWithSHAAnd3-KeyTripleDES-CBC, pbeWithSHAAnd40BitRC2-CBC, ...).
 *
 * Node's crypto does the heavy lifting (PBKDF2, AES, 3DES). RC2 and single DES are missing from
 * OpenSSL 3's default provider and from Electron's BoringSSL, so those fall back to forge's JS ciphers.
 */
import { createCipheriv, createDecipheriv, createHash, hash as oneShotHash, pbkdf2Sync, randomBytes } from 'node:crypto';
import forge from 'node-forge';
import { CertdeskError } from '../errors.js';
import * as A from './asn1-build.js';
import { type DerNode, intOf, isUniversal, octetsOf, oidOf, seqOf, TAG } from './der.js';
import { OID } from './oids.js';

export type Hash = 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
type Cipher = 'aes-128-cbc' | 'aes-192-cbc' | 'aes-256-cbc' | 'des-ede3-cbc' | 'des-ede-cbc' | 'des-cbc' | 'rc2-40-cbc' | 'rc2-128-cbc';

const HASH_LEN: Record<Hash, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };
const HASH_BLOCK: Record<Hash, number> = { sha1: 64, sha224: 64, sha256: 64, sha384: 128, sha512: 128 };

/** OpenSSL 3's default PBE/MAC iteration count (PKCS12_DEFAULT_ITER); what `openssl pkcs12 -export` writes. */
export const DEFAULT_ITERATIONS = 2048;
// A file may name any count; a cap keeps a hostile file from freezing the process for minutes.
const MAX_ITERATIONS = 1_000_000;

/**
 * Key-derivation work one file may ask for in total: iterations summed over the MAC and every
 * encrypted part (PKCS#12 v1 schemes derive key and IV separately, so they count twice). Real files
 * need well under 1,000,000 (OpenSSL writes 2,048 per field, Java up to 100,000); a hostile one with
 * many bags at the per-field cap would otherwise keep the process busy for minutes.
 */
export const KDF_BUDGET = 5_000_000;

/** Counts key-derivation work against KDF_BUDGET for one file, and checks for cancel before each derivation. */
export class KdfBudget {
  private spent = 0;

  constructor(private readonly signal?: AbortSignal, private readonly limit = KDF_BUDGET) {}

  /** Fails (before any work) when a file's planned derivations exceed the budget. */
  plan(iterations: number): void {
    if (iterations > this.limit) throw overBudget(iterations, this.limit);
  }

  /** Books one derivation; CANCELLED if the signal fired, UNSUPPORTED_FORMAT past the budget. */
  charge(iterations: number): void {
    if (this.signal?.aborted) throw new CertdeskError('CANCELLED', 'Opening the file was cancelled.');
    this.spent += iterations;
    if (this.spent > this.limit) throw overBudget(this.spent, this.limit);
  }
}

function overBudget(asked: number, limit: number): CertdeskError {
  const n = (x: number) => x.toLocaleString('en-US');
  return new CertdeskError('UNSUPPORTED_FORMAT',
    `This file asks for ${n(asked)} key-derivation iterations in total, more than Certdesk spends on one file (${n(limit)}): opening it would take minutes.`,
    'If the file is trusted, export it again with the usual iteration count (e.g. `openssl pkcs12 -export -iter 2048 -maciter 2048 …`).');
}

/** Derivation work an encryption AlgorithmIdentifier asks for (PKCS#12 v1 schemes derive key and IV: twice). */
export function kdfWork(algId: DerNode): number {
  const s = parseScheme(algId);
  return s.kind === 'pbes2' ? s.iterations : 2 * s.iterations;
}

/** Raised when decryption produced garbage: almost always a wrong password. */
export class DecryptError extends Error {}

/** The password as PKCS#12 wants it for its own KDF: BMPString (UTF-16BE) plus a two-byte terminator. */
export function bmpPassword(password: string): Buffer {
  return Buffer.concat([Buffer.from(password, 'utf16le').swap16(), Buffer.alloc(2)]);
}

/**
 * The byte forms to try for the PKCS#12 KDF. An empty password is ambiguous: OpenSSL writes it as a
 * bare terminator but also accepts "no password" (zero bytes), and other tools use either.
 */
export function bmpCandidates(password: string): Buffer[] {
  return password === '' ? [bmpPassword(''), Buffer.alloc(0)] : [bmpPassword(password)];
}

/** Hash function for a digest OID, or undefined if unknown. */
export function hashForOid(oid: string): Hash | undefined {
  const map: Record<string, Hash> = {
    [OID.sha1]: 'sha1', [OID.sha224]: 'sha224', [OID.sha256]: 'sha256', [OID.sha384]: 'sha384', [OID.sha512]: 'sha512',
  };
  return map[oid];
}

/** The OID for a digest. */
export function oidForHash(hash: Hash): string {
  return { sha1: OID.sha1, sha224: OID.sha224, sha256: OID.sha256, sha384: OID.sha384, sha512: OID.sha512 }[hash];
}

/** Length in bytes of a digest's output. */
export function hashLength(hash: Hash): number {
  return HASH_LEN[hash];
}

/** The PKCS#12 v1 key derivation (RFC 7292 appendix B.2): id 1 = key, 2 = IV, 3 = MAC key. */
export function pkcs12Kdf(pass: Buffer, salt: Buffer, id: 1 | 2 | 3, iterations: number, n: number, hash: Hash): Buffer {
  const u = HASH_LEN[hash];
  const v = HASH_BLOCK[hash];
  const stretch = (src: Buffer): Buffer => {
    const out = Buffer.alloc(src.length === 0 ? 0 : v * Math.ceil(src.length / v));
    for (let i = 0; i < out.length; i++) out[i] = src[i % src.length] ?? 0;
    return out;
  };
  const D = Buffer.alloc(v, id);
  const I = Buffer.concat([stretch(salt), stretch(pass)]);
  const blocks: Buffer[] = [];
  for (let have = 0; have < n; have += u) {
    let a = createHash(hash).update(D).update(I).digest();
    // One-shot hashing halves the cost of the loop; old Java files use 50,000-100,000 rounds.
    for (let r = 1; r < iterations; r++) a = oneShotHash(hash, a, 'buffer');
    blocks.push(a);
    // I_j = (I_j + B + 1) mod 2^(8v), B being `a` repeated to v bytes.
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        carry += (I[j + k] ?? 0) + (a[k % u] ?? 0);
        I[j + k] = carry & 0xff;
        carry >>>= 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, n);
}

type Scheme =
  | { kind: 'pbes2'; salt: Buffer; iterations: number; prf: Hash; cipher: Cipher; keyLen: number; iv: Buffer }
  | { kind: 'pkcs12'; salt: Buffer; iterations: number; cipher: Cipher; keyLen: number };

/** Whether an AlgorithmIdentifier names PBES2 ('modern') or a PKCS#12 v1 scheme ('legacy'). */
/** OpenSSL's name for a PBE algorithm, as `openssl pkcs12 -info` prints it: `PBES2, PBKDF2, AES-256-CBC, PRF hmacWithSHA256` or `pbeWithSHA1And3-KeyTripleDES-CBC`. */
export function pbeName(algId: DerNode): string {
  const s = parseScheme(algId);
  if (s.kind === 'pbes2') return `PBES2, PBKDF2, ${s.cipher.toUpperCase()}, PRF hmacWith${s.prf.toUpperCase()}`;
  const names: Record<string, string> = {
    'des-ede3-cbc': 'pbeWithSHA1And3-KeyTripleDES-CBC', 'des-ede-cbc': 'pbeWithSHA1And2-KeyTripleDES-CBC',
    'rc2-128-cbc': 'pbeWithSHA1And128BitRC2-CBC', 'rc2-40-cbc': 'pbeWithSHA1And40BitRC2-CBC',
  };
  return names[s.cipher] ?? s.cipher;
}

export function pbeFamily(algId: DerNode): 'modern' | 'legacy' {
  return parseScheme(algId).kind === 'pbes2' ? 'modern' : 'legacy';
}

function parseScheme(algId: DerNode): Scheme {
  const [oidNode, params] = seqOf(algId, 'an encryption algorithm');
  const oid = oidOf(oidNode);
  const pkcs12: Record<string, [Cipher, number]> = {
    [OID.pbeSha1TripleDes]: ['des-ede3-cbc', 24],
    [OID.pbeSha1TwoKeyTripleDes]: ['des-ede-cbc', 16],
    [OID.pbeSha1Rc2_128]: ['rc2-128-cbc', 16],
    [OID.pbeSha1Rc2_40]: ['rc2-40-cbc', 5],
  };
  const legacy = pkcs12[oid];
  if (legacy) {
    const [salt, iter] = seqOf(params, 'PBE parameters');
    return { kind: 'pkcs12', salt: octetsOf(salt), iterations: checkIterations(intOf(iter)), cipher: legacy[0], keyLen: legacy[1] };
  }
  if (oid === OID.pbeSha1Rc4_128 || oid === OID.pbeSha1Rc4_40) {
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'This file is protected with RC4, an obsolete cipher Certdesk does not support.',
      'Re-export it from the original tool with AES or 3DES.');
  }
  if (oid !== OID.pbes2) throw new CertdeskError('UNSUPPORTED_FORMAT', `Unsupported encryption algorithm (${oid}).`);
  const [kdf, enc] = seqOf(params, 'PBES2 parameters');
  const [kdfOid, kdfParams] = seqOf(kdf, 'a key derivation function');
  if (oidOf(kdfOid) !== OID.pbkdf2) throw new CertdeskError('UNSUPPORTED_FORMAT', 'Unsupported key derivation (only PBKDF2 is supported).');
  const [salt, iter, ...rest] = seqOf(kdfParams, 'PBKDF2 parameters');
  let prf: Hash = 'sha1';
  for (const r of rest) {
    if (isUniversal(r, TAG.SEQUENCE)) prf = prfFor(oidOf(seqOf(r, 'a PRF')[0]));
  }
  const [encOid, iv] = seqOf(enc, 'an encryption scheme');
  const ciphers: Record<string, [Cipher, number]> = {
    [OID.aes128Cbc]: ['aes-128-cbc', 16], [OID.aes192Cbc]: ['aes-192-cbc', 24], [OID.aes256Cbc]: ['aes-256-cbc', 32],
    [OID.desEde3Cbc]: ['des-ede3-cbc', 24],
  };
  const c = ciphers[oidOf(encOid)];
  if (!c) throw new CertdeskError('UNSUPPORTED_FORMAT', `Unsupported cipher in PBES2 (${oidOf(encOid)}).`);
  return { kind: 'pbes2', salt: octetsOf(salt), iterations: checkIterations(intOf(iter)), prf, cipher: c[0], keyLen: c[1], iv: octetsOf(iv) };
}

function prfFor(oid: string): Hash {
  const map: Record<string, Hash> = {
    [OID.hmacWithSha1]: 'sha1', [OID.hmacWithSha224]: 'sha224', [OID.hmacWithSha256]: 'sha256',
    [OID.hmacWithSha384]: 'sha384', [OID.hmacWithSha512]: 'sha512',
  };
  const h = map[oid];
  if (!h) throw new CertdeskError('UNSUPPORTED_FORMAT', `Unsupported PBKDF2 hash (${oid}).`);
  return h;
}

/** Rejects iteration counts that are zero or absurdly high. */
export function checkIterations(n: number): number {
  if (n < 1 || n > MAX_ITERATIONS) {
    throw new CertdeskError('UNSUPPORTED_FORMAT', `The file asks for ${n} key-derivation iterations, outside the supported range (1-${MAX_ITERATIONS}).`);
  }
  return n;
}

/** Decrypts data protected by the PBE AlgorithmIdentifier `algId`; throws DecryptError on a wrong password. */
export function pbeDecrypt(algId: DerNode, data: Buffer, password: string, bmp: Buffer = bmpPassword(password), budget?: KdfBudget): Buffer {
  const s = parseScheme(algId);
  budget?.charge(s.kind === 'pbes2' ? s.iterations : 2 * s.iterations);
  if (s.kind === 'pbes2') {
    const key = pbkdf2Sync(Buffer.from(password, 'utf8'), s.salt, s.iterations, s.keyLen, s.prf);
    return decipher(s.cipher, key, s.iv, data);
  }
  const key = pkcs12Kdf(bmp, s.salt, 1, s.iterations, s.keyLen, 'sha1');
  const iv = pkcs12Kdf(bmp, s.salt, 2, s.iterations, 8, 'sha1');
  return decipher(s.cipher, key, iv, data);
}

/** Encryption settings per profile: PBES2/AES-256 for modern, pbeWithSHAAnd3-KeyTripleDES-CBC for legacy. */
export function pbeEncrypt(data: Buffer, password: string, profile: 'modern' | 'legacy', iterations = DEFAULT_ITERATIONS): { algId: A.Asn1; ciphertext: Buffer } {
  switch (profile) {
    case 'modern': {
      const salt = randomBytes(16);
      const iv = randomBytes(16);
      const key = pbkdf2Sync(Buffer.from(password, 'utf8'), salt, iterations, 32, 'sha256');
      const algId = A.seq([A.oid(OID.pbes2), A.seq([
        A.seq([A.oid(OID.pbkdf2), A.seq([A.octets(salt), A.int(iterations), A.seq([A.oid(OID.hmacWithSha256), A.nul()])])]),
        A.seq([A.oid(OID.aes256Cbc), A.octets(iv)]),
      ])]);
      return { algId, ciphertext: encipher('aes-256-cbc', key, iv, data) };
    }
    case 'legacy': {
      const salt = randomBytes(8);
      const bmp = bmpPassword(password);
      const key = pkcs12Kdf(bmp, salt, 1, iterations, 24, 'sha1');
      const iv = pkcs12Kdf(bmp, salt, 2, iterations, 8, 'sha1');
      const algId = A.seq([A.oid(OID.pbeSha1TripleDes), A.seq([A.octets(salt), A.int(iterations)])]);
      return { algId, ciphertext: encipher('des-ede3-cbc', key, iv, data) };
    }
    default: {
      const never: never = profile;
      return never;
    }
  }
}

/** Decrypts with a CBC cipher and PKCS#7 padding; DecryptError when the padding is wrong. */
export function decipher(cipher: Cipher, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const forgeName = forgeCipher(cipher);
  if (forgeName === null) {
    try {
      const d = createDecipheriv(cipher, key, iv);
      return Buffer.concat([d.update(data), d.final()]);
    } catch (err) {
      if (!isUnknownCipher(err)) throw new DecryptError('decryption failed');
    }
  }
  return forgeDecipher(cipher, key, iv, data);
}

/** Encrypts with a CBC cipher and PKCS#7 padding. */
export function encipher(cipher: 'aes-256-cbc' | 'des-ede3-cbc', key: Buffer, iv: Buffer, data: Buffer): Buffer {
  try {
    const c = createCipheriv(cipher, key, iv);
    return Buffer.concat([c.update(data), c.final()]);
  } catch (err) {
    if (!isUnknownCipher(err) || cipher !== 'des-ede3-cbc') throw err;
    const c = forge.cipher.createCipher('3DES-CBC', key.toString('binary'));
    c.start({ iv: iv.toString('binary') });
    c.update(forge.util.createBuffer(data.toString('binary')));
    c.finish();
    return Buffer.from(c.output.getBytes(), 'binary');
  }
}

// Ciphers only forge provides everywhere we run (null: try Node first, forge if Node lacks it).
function forgeCipher(cipher: Cipher): 'rc2' | 'des' | null {
  switch (cipher) {
    case 'rc2-40-cbc':
    case 'rc2-128-cbc':
      return 'rc2';
    case 'des-cbc':
      return 'des';
    case 'aes-128-cbc':
    case 'aes-192-cbc':
    case 'aes-256-cbc':
    case 'des-ede3-cbc':
    case 'des-ede-cbc':
      return null;
    default: {
      const never: never = cipher;
      return never;
    }
  }
}

function isUnknownCipher(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === 'ERR_CRYPTO_UNKNOWN_CIPHER' || code === 'ERR_OSSL_EVP_UNSUPPORTED';
}

function forgeDecipher(cipher: Cipher, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  if (cipher === 'rc2-40-cbc' || cipher === 'rc2-128-cbc') {
    const c = forge.rc2.createDecryptionCipher(key.toString('binary'), cipher === 'rc2-40-cbc' ? 40 : 128);
    c.start(iv.toString('binary'));
    c.update(forge.util.createBuffer(data.toString('binary')));
    if (!c.finish()) throw new DecryptError('decryption failed');
    return Buffer.from(c.output.getBytes(), 'binary');
  }
  if (cipher !== 'des-cbc' && cipher !== 'des-ede3-cbc' && cipher !== 'des-ede-cbc') throw new DecryptError(`no fallback for ${cipher}`);
  // 2-key 3DES is 3DES with K3 = K1.
  const fullKey = cipher === 'des-ede-cbc' ? Buffer.concat([key, key.subarray(0, 8)]) : key;
  const d = forge.cipher.createDecipher(cipher === 'des-cbc' ? 'DES-CBC' : '3DES-CBC', fullKey.toString('binary'));
  d.start({ iv: iv.toString('binary') });
  d.update(forge.util.createBuffer(data.toString('binary')));
  if (!d.finish()) throw new DecryptError('decryption failed');
  return Buffer.from(d.output.getBytes(), 'binary');
}

/** Decrypts a PKCS#8 EncryptedPrivateKeyInfo to PrivateKeyInfo DER; DecryptError on a wrong password. */
export function decryptPrivateKeyInfo(epki: DerNode, password: string, bmp?: Buffer, budget?: KdfBudget): Buffer {
  const [algId, enc] = seqOf(epki, 'an encrypted private key');
  if (!algId || !isUniversal(enc, TAG.OCTET_STRING)) throw new CertdeskError('CORRUPT_FILE', 'The encrypted private key is malformed.');
  const plain = pbeDecrypt(algId, octetsOf(enc), password, bmp, budget);
  // A wrong key passes the padding check about once in 256 tries; the DER check catches those.
  if (plain[0] !== 0x30) throw new DecryptError('decrypted data is not a key');
  return plain;
}

/** Wraps PKCS#8 DER in an EncryptedPrivateKeyInfo (as an ASN.1 node, ready to embed or encode). */
export function encryptPrivateKeyInfo(pkcs8Der: Buffer, password: string, profile: 'modern' | 'legacy', iterations = DEFAULT_ITERATIONS): A.Asn1 {
  const { algId, ciphertext } = pbeEncrypt(pkcs8Der, password, profile, iterations);
  return A.seq([algId, A.octets(ciphertext)]);
}
