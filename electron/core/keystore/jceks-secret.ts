import { decodePbeParamsDer } from './epki.js';
import { JavaDataReader, corrupt } from './java-data.js';
import { type JavaObject, type JavaValue, readSerializedObject } from './java-serial.js';
import { pbeDecrypt } from './key-protector.js';

/**
 * Opens a JCEKS secret-key entry: a javax.crypto.SealedObject (encodedParams, encryptedContent,
 * sealAlg) whose content, once decrypted with PBEWithMD5AndTripleDES, is a serialized
 * SecretKeySpec (algorithm, key) or a KeyRep (algorithm, encoded).
 */
export interface SecretKeyMaterial {
  algorithm: string;
  key: Buffer;
}

/** Decrypts a sealed secret key; throws WrongKeyPassword when the password is wrong. */
export function unsealSecretKey(sealed: Buffer, password: string): SecretKeyMaterial {
  const outer = asObject(readSerializedObject(new JavaDataReader(sealed)));
  const sealAlg = outer.fields.get('sealAlg');
  if (typeof sealAlg !== 'string' || sealAlg.toUpperCase() !== 'PBEWITHMD5ANDTRIPLEDES')
    throw corrupt(`a secret key is sealed with an unexpected algorithm (${String(sealAlg)})`);
  const params = byteArray(outer.fields.get('encodedParams'));
  const content = byteArray(outer.fields.get('encryptedContent'));
  const { salt, iterations } = decodePbeParamsDer(params);
  const plain = pbeDecrypt(content, password, salt, iterations);
  const inner = asObject(readSerializedObject(new JavaDataReader(plain)));
  const algorithm = inner.fields.get('algorithm');
  const key = inner.fields.get('key') ?? inner.fields.get('encoded');
  if (typeof algorithm !== 'string') throw corrupt('a secret key has no algorithm name');
  return { algorithm, key: byteArray(key) };
}

function asObject(v: JavaValue): JavaObject {
  if (v === null || typeof v !== 'object' || v.kind !== 'object') throw corrupt('a secret key entry does not hold an object');
  return v;
}

function byteArray(v: JavaValue | undefined): Buffer {
  if (v && typeof v === 'object' && v.kind === 'array' && v.bytes) return v.bytes;
  throw corrupt('a secret key entry lacks an expected byte array');
}
