import { CertdeskError } from '../errors.js';
import { looksLikePkcs12 } from '../pki/pkcs12.js';
import { javaKeystoreFormat } from './jks.js';
import type { KeystoreType } from './model.js';

/**
 * Tells a keystore's type from its first bytes, never from its name: agent keystores are
 * called `.keystore` whatever they hold, and keytool 9+ writes PKCS12 by default.
 */
export function detectKeystoreType(bytes: Buffer): KeystoreType {
  const java = javaKeystoreFormat(bytes);
  if (java) return java;
  if (looksLikeDerSequence(bytes)) return 'PKCS12';
  if (bytes.length === 0) throw new CertdeskError('UNSUPPORTED_FORMAT', 'The keystore file is empty.');
  const head = bytes.subarray(0, 64).toString('latin1');
  if (head.includes('-----BEGIN'))
    throw new CertdeskError(
      'UNSUPPORTED_FORMAT',
      'This is a PEM text file, not a keystore.',
      'Import it into a keystore as a certificate (trust) or together with its key.',
    );
  throw new CertdeskError('UNSUPPORTED_FORMAT', 'This file is not a keystore (JKS, JCEKS or PKCS#12).');
}

/**
 * The size a DER SEQUENCE header announces (header included), or null when the bytes do not
 * start with one. `Infinity` stands for BER's indefinite length, which some old tools write.
 */
export function declaredDerLength(bytes: Buffer): number | null {
  if (bytes.length < 2 || bytes[0] !== 0x30) return null;
  const first = bytes[1] as number;
  if (first === 0x80) return Infinity;
  if (first < 0x80) return first + 2;
  const n = first & 0x7f;
  if (n < 1 || n > 4 || bytes.length < 2 + n) return null;
  let len = 0;
  for (let i = 0; i < n; i++) len = len * 256 + (bytes[2 + i] as number);
  return len > 0 ? 2 + n + len : null;
}

/**
 * A PKCS#12 PFX is a DER SEQUENCE, nearly always with a long-form length. An empty one (keytool
 * writes it after deleting the last entry, about 100 bytes) fits a short form, so that case must
 * also have the PFX shape: SEQUENCE { INTEGER 3, SEQUENCE … }.
 */
function looksLikeDerSequence(bytes: Buffer): boolean {
  const first = bytes[1];
  if (bytes.length < 4 || first === undefined || declaredDerLength(bytes) === null) return false;
  return first >= 0x80 || looksLikePkcs12(bytes);
}
