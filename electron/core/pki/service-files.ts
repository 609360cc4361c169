/** Output files that carry a private key, each with a check that it reads back to the same key. */
import { CertdeskError } from '../errors.js';
import { exportPrivateKeyPem, parsePrivateKey } from './keys.js';
import { readPkcs12 } from './pkcs12.js';
import type { PlannedFile } from './service-io.js';

/** A PEM private key file (PKCS#8; encrypted with AES-256 when a password is given), owner-only. */
export function keyFile(path: string, pkcs8Der: Buffer, password: string | undefined): PlannedFile {
  return {
    path,
    bytes: Buffer.from(exportPrivateKeyPem(pkcs8Der, password === undefined ? {} : { password })),
    role: 'privateKey',
    verify: (bytes) => {
      if (!parsePrivateKey(bytes, password).pkcs8Der.equals(pkcs8Der)) {
        throw new CertdeskError('IO_ERROR', 'The private key file did not read back correctly; nothing was written.');
      }
    },
  };
}

/** A .pfx that must open with its password and hold this key. */
export function pfxFile(path: string, pfx: Buffer, password: string, pkcs8Der: Buffer): PlannedFile {
  return {
    path,
    bytes: pfx,
    role: 'pfx',
    verify: (bytes) => {
      if (!readPkcs12(bytes, password).keys[0]?.keyPkcs8Der.equals(pkcs8Der)) {
        throw new CertdeskError('IO_ERROR', 'The .pfx did not read back correctly; nothing was written.');
      }
    },
  };
}
