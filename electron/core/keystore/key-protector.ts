import { createCipheriv, createDecipheriv, createHash, createPrivateKey, randomBytes, timingSafeEqual } from 'node:crypto';
import { CertdeskError } from '../errors.js';
import { decodeEncryptedKeyInfo, decodePbeParams, encodeEncryptedKeyInfo, encodePbeParams } from './epki.js';
import { corrupt, passwordUtf16Be } from './java-data.js';
import { md5Iterate } from './md5-iterate.js';

/**
 * The two ways Sun keystores protect a private key, both wrapped in an EncryptedPrivateKeyInfo:
 * - JKS (sun.security.provider.KeyProtector): a SHA-1 keystream XOR with a 20-byte salt and a
 *   SHA-1 check digest of the plain key; the password is UTF-16BE.
 * - JCEKS (com.sun.crypto.provider.JceKeyProtector): PBEWithMD5AndTripleDES, Sun's own PBES1
 *   variant (two MD5 chains over the salt halves give the 3DES key and IV); the password is ASCII.
 */
export const JKS_KEY_PROTECTOR_OID = '1.3.6.1.4.1.42.2.17.1.1';
export const JCE_KEY_PROTECTOR_OID = '1.3.6.1.4.1.42.2.19.1';

/** What Java 17 writes (jdk.jceks.iterationCount) and the most it accepts on read. */
const JCE_ITERATIONS = 200_000;
const JCE_MAX_ITERATIONS = 5_000_000;
const SHA1_LEN = 20;

/** Raised when a key's password is wrong; callers add the alias. */
export class WrongKeyPassword extends Error {}

/** Protects PKCS#8 DER the JKS way. */
export function protectJksKey(pkcs8: Buffer, password: string): Buffer {
  const pw = passwordUtf16Be(password);
  const salt = randomBytes(SHA1_LEN);
  const body = xorKeystream(pkcs8, pw, salt);
  const check = createHash('sha1').update(pw).update(pkcs8).digest();
  return encodeEncryptedKeyInfo(JKS_KEY_PROTECTOR_OID, null, Buffer.concat([salt, body, check]));
}

/** Recovers PKCS#8 DER from a JKS-protected key; throws WrongKeyPassword when the check digest differs. */
export function recoverJksKey(protectedKey: Buffer, password: string): Buffer {
  const info = decodeEncryptedKeyInfo(protectedKey);
  if (info.algorithmOid === JCE_KEY_PROTECTOR_OID) return recoverJceKey(protectedKey, password);
  if (info.algorithmOid !== JKS_KEY_PROTECTOR_OID)
    throw new CertdeskError('UNSUPPORTED_FORMAT', `A key is protected with an unknown algorithm (${info.algorithmOid}).`);
  const enc = info.encrypted;
  if (enc.length < 2 * SHA1_LEN) throw corrupt('a protected key is too short');
  const pw = passwordUtf16Be(password);
  const salt = enc.subarray(0, SHA1_LEN);
  const plain = xorKeystream(enc.subarray(SHA1_LEN, enc.length - SHA1_LEN), pw, salt);
  const check = createHash('sha1').update(pw).update(plain).digest();
  if (!timingSafeEqual(check, enc.subarray(enc.length - SHA1_LEN))) throw new WrongKeyPassword();
  return plain;
}

/** Protects PKCS#8 DER the JCEKS way (PBEWithMD5AndTripleDES, 200,000 iterations like Java 17). */
export function protectJceKey(pkcs8: Buffer, password: string): Buffer {
  const salt = jceSalt();
  return encodeEncryptedKeyInfo(JCE_KEY_PROTECTOR_OID, encodePbeParams(salt, JCE_ITERATIONS), pbeEncrypt(pkcs8, password, salt, JCE_ITERATIONS));
}

/** A fresh PBEWithMD5AndTripleDES salt. */
export function jceSalt(): Buffer {
  let salt = randomBytes(8);
  // Equal salt halves trigger a swap whose exact form changed between JDK releases: never write one.
  while (salt.subarray(0, 4).equals(salt.subarray(4))) salt = randomBytes(8);
  return salt;
}

/** Encrypts with PBEWithMD5AndTripleDES (JCEKS keys and sealed secret keys). */
export function pbeEncrypt(plain: Buffer, password: string, salt: Buffer, iterations: number): Buffer {
  const { key, iv } = deriveDesEde(asciiPassword(password, true), salt, iterations);
  const c = createCipheriv('des-ede3-cbc', key, iv);
  return Buffer.concat([c.update(plain), c.final()]);
}

/** Recovers PKCS#8 DER from a JCEKS-protected key; throws WrongKeyPassword on a padding or structure failure. */
export function recoverJceKey(protectedKey: Buffer, password: string): Buffer {
  const info = decodeEncryptedKeyInfo(protectedKey);
  if (info.algorithmOid === JKS_KEY_PROTECTOR_OID) return recoverJksKey(protectedKey, password);
  if (info.algorithmOid !== JCE_KEY_PROTECTOR_OID)
    throw new CertdeskError('UNSUPPORTED_FORMAT', `A key is protected with an unknown algorithm (${info.algorithmOid}).`);
  const { salt, iterations } = decodePbeParams(info.params);
  const plain = pbeDecrypt(info.encrypted, password, salt, iterations);
  try {
    // A wrong password passes the padding check about once in 256 tries: the key must also parse.
    createPrivateKey({ key: plain, format: 'der', type: 'pkcs8' });
  } catch {
    throw new WrongKeyPassword();
  }
  return plain;
}

/** Decrypts PBEWithMD5AndTripleDES data (JCEKS keys and sealed secret keys). */
export function pbeDecrypt(encrypted: Buffer, password: string, salt: Buffer, iterations: number): Buffer {
  if (salt.length !== 8) throw corrupt('a key protection salt has the wrong length');
  if (iterations < 1 || iterations > JCE_MAX_ITERATIONS) throw corrupt('a key protection iteration count is out of range');
  const pw = asciiPassword(password, false);
  if (!pw) throw new WrongKeyPassword(); // Java cannot have protected anything with a non-ASCII password
  if (encrypted.length === 0 || encrypted.length % 8 !== 0) throw corrupt('a protected key has the wrong length');
  const { key, iv } = deriveDesEde(pw, salt, iterations);
  try {
    const d = createDecipheriv('des-ede3-cbc', key, iv);
    return Buffer.concat([d.update(encrypted), d.final()]);
  } catch {
    throw new WrongKeyPassword();
  }
}

/** Sun's PBES1 key derivation for DESede (com.sun.crypto.provider.PBES1Core.deriveCipherKey). */
function deriveDesEde(pw: Buffer, saltIn: Buffer, iterations: number): { key: Buffer; iv: Buffer } {
  const salt = Buffer.from(saltIn);
  if (salt.subarray(0, 4).equals(salt.subarray(4))) {
    // Java 17 reverses the first half (the tests check this against Java); some older JDKs had a
    // typo here that did something else, which is why Certdesk never writes such salts.
    salt.subarray(0, 4).reverse();
  }
  const a = md5Iterate(salt.subarray(0, 4), pw, iterations);
  const b = md5Iterate(salt.subarray(4, 8), pw, iterations);
  const out = Buffer.concat([a, b]);
  return { key: out.subarray(0, 24), iv: out.subarray(24, 32) };
}

/** Java's PBEKey accepts printable ASCII only; returns null (or throws when writing) otherwise. */
function asciiPassword(password: string, forWrite: true): Buffer;
function asciiPassword(password: string, forWrite: false): Buffer | null;
function asciiPassword(password: string, forWrite: boolean): Buffer | null {
  if (/^[\x20-\x7e]*$/.test(password)) return Buffer.from(password, 'latin1');
  if (!forWrite) return null;
  throw new CertdeskError(
    'VALIDATION_FAILED',
    'JCEKS key passwords must be printable ASCII characters.',
    'Choose a password without accents or symbols outside ASCII, or save as PKCS12.',
  );
}

function xorKeystream(data: Buffer, pw: Buffer, salt: Buffer): Buffer {
  const out = Buffer.alloc(data.length);
  let digest: Buffer = salt;
  for (let off = 0; off < data.length; off += SHA1_LEN) {
    digest = createHash('sha1').update(pw).update(digest).digest();
    for (let i = 0; i < SHA1_LEN && off + i < data.length; i++) out[off + i] = (data[off + i] as number) ^ (digest[i] as number);
  }
  return out;
}
