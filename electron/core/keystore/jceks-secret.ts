import forge from 'node-forge';
import { decodePbeParamsDer, encodePbeParams } from './epki.js';
import { JavaDataReader, corrupt } from './java-data.js';
import { type JavaObject, type JavaValue, readSerializedObject } from './java-serial.js';
import { jceSalt, pbeDecrypt, pbeEncrypt } from './key-protector.js';

/**
 * Opens a JCEKS secret-key entry: a javax.crypto.SealedObject (encodedParams, encryptedContent,
 * sealAlg) whose content, once decrypted with PBEWithMD5AndTripleDES, is a serialized
 * SecretKeySpec (algorithm, key) or a KeyRep (algorithm, encoded).
 */
export interface SecretKeyMaterial {
  algorithm: string;
  key: Buffer;
  /** The decrypted content (the serialized key object), for resealing under another password. */
  plain: Buffer;
}

/** Decrypts a sealed secret key; throws WrongKeyPassword when the password is wrong. */
export function unsealSecretKey(sealed: Buffer, password: string): SecretKeyMaterial {
  const { params, content } = sealedParts(sealed);
  const { salt, iterations } = decodePbeParamsDer(params);
  const plain = pbeDecrypt(content, password, salt, iterations);
  const inner = asObject(readSerializedObject(new JavaDataReader(plain)));
  const algorithm = inner.fields.get('algorithm');
  const key = inner.fields.get('key') ?? inner.fields.get('encoded');
  if (typeof algorithm !== 'string') throw corrupt('a secret key has no algorithm name');
  return { algorithm, key: byteArray(key), plain };
}

/**
 * Seals the same content under another password: a fresh salt, the same iteration count. The
 * parameters and ciphertext keep their lengths, so they are swapped in place and the rest of
 * Java's serialized SealedObject stays exactly as Java wrote it.
 */
export function resealSecretKey(sealed: Buffer, plain: Buffer, password: string): Buffer {
  const { params, content } = sealedParts(sealed);
  const { iterations } = decodePbeParamsDer(params);
  const salt = jceSalt();
  const newParams = Buffer.from(forge.asn1.toDer(encodePbeParams(salt, iterations)).getBytes(), 'binary');
  const newContent = pbeEncrypt(plain, password, salt, iterations);
  const at = sealed.indexOf(content);
  const pat = sealed.indexOf(params);
  if (newParams.length !== params.length || newContent.length !== content.length || at < 0 || pat < 0)
    throw corrupt('a secret key entry has an unexpected layout');
  const out = Buffer.from(sealed);
  newContent.copy(out, at);
  newParams.copy(out, pat);
  return out;
}

function sealedParts(sealed: Buffer): { params: Buffer; content: Buffer } {
  const outer = asObject(readSerializedObject(new JavaDataReader(sealed)));
  const sealAlg = outer.fields.get('sealAlg');
  if (typeof sealAlg !== 'string' || sealAlg.toUpperCase() !== 'PBEWITHMD5ANDTRIPLEDES')
    throw corrupt(`a secret key is sealed with an unexpected algorithm (${String(sealAlg)})`);
  return { params: byteArray(outer.fields.get('encodedParams')), content: byteArray(outer.fields.get('encryptedContent')) };
}

function asObject(v: JavaValue): JavaObject {
  if (v === null || typeof v !== 'object' || v.kind !== 'object') throw corrupt('a secret key entry does not hold an object');
  return v;
}

function byteArray(v: JavaValue | undefined): Buffer {
  if (v && typeof v === 'object' && v.kind === 'array' && v.bytes) return v.bytes;
  throw corrupt('a secret key entry lacks an expected byte array');
}
