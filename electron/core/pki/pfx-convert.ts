/**
 * Re-encrypts a .pfx to the other profile (modern AES/PBKDF2 ↔ legacy 3DES/SHA-1) in one step:
 * every key, certificate and friendly name is carried, and the result is read back and compared
 * before anyone writes it.
 */
import type { Pkcs12Profile } from '../../../shared/contract/pki.js';
import { CertdeskError } from '../errors.js';
import { readPkcs12, writePkcs12 } from './pkcs12.js';
import type { Pkcs12Contents } from './pkcs12-types.js';

/** A comparable picture of a .pfx's contents (never shown: it holds key bytes). */
function fingerprint(c: Pkcs12Contents): string {
  return JSON.stringify({
    keys: c.keys.map((k) => [k.alias, k.keyPkcs8Der.toString('base64'), k.chainDer.map((d) => d.toString('base64'))]),
    certs: c.certs.map((x) => [x.alias ?? null, x.certDer.toString('base64'), x.trusted]),
  });
}

/** VERIFY_FAILED unless `bytes` opens with `password` in `profile` and holds exactly what `source` held. */
export function checkConverted(bytes: Buffer, password: string, profile: Pkcs12Profile, source: Pkcs12Contents): Pkcs12Contents {
  const back = readPkcs12(bytes, password);
  if (back.profile !== profile || fingerprint(back) !== fingerprint(source))
    throw new CertdeskError('VERIFY_FAILED', 'The converted .pfx did not read back with the same keys, certificates and names; nothing was written.');
  return back;
}

/** The source read with `password`, and the same contents written under `newPassword` in profile `to` (checked by reading back). */
export function convertPfx(bytes: Buffer, password: string, newPassword: string, to: Pkcs12Profile): { source: Pkcs12Contents; pfx: Buffer; converted: Pkcs12Contents } {
  const source = readPkcs12(bytes, password);
  if ((source.secretKeys ?? 0) > 0)
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'This file is a Java keystore holding secret keys; converting it as a .pfx would lose them.',
      'Convert it as a keystore instead (Keystores → Convert).');
  if (source.keys.length === 0 && source.certs.length === 0) throw new CertdeskError('NO_CERTIFICATE', 'The .pfx holds neither a key nor a certificate.');
  const pfx = writePkcs12({ keys: source.keys, certs: source.certs }, newPassword, { profile: to });
  return { source, pfx, converted: checkConverted(pfx, newPassword, to, source) };
}
