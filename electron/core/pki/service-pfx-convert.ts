/** `pki.pfxConvert`: the .pfx re-encrypted to the other profile, written owner-only by the atomic writer after a read-back check. */
import type { z } from 'zod';
import type { PfxConvertInput, PfxConvertResult } from '../../../shared/contract/pki-ops.js';
import { CertdeskError } from '../errors.js';
import { checkConverted, convertPfx } from './pfx-convert.js';
import { looksLikePkcs12 } from './pkcs12.js';
import { checkOutputs, readInput, writeAll } from './service-io.js';

/** Reads the source, converts and checks in memory, then writes the new file (the source is never touched). */
export async function pfxConvertService(input: z.output<typeof PfxConvertInput>): Promise<PfxConvertResult> {
  await checkOutputs([{ path: input.outPath, role: 'pfx' }], { overwrite: input.overwrite, inputs: [input.pfxPath] });
  const bytes = await readInput(input.pfxPath, '.pfx file', 'pfx');
  if (!looksLikePkcs12(bytes)) throw new CertdeskError('UNSUPPORTED_FORMAT', 'This is not a PKCS#12 (.pfx/.p12) file.', 'Choose the .pfx or .p12 file to convert.');
  const newPassword = input.newPassword ?? input.password;
  const { source, pfx, converted } = convertPfx(bytes, input.password, newPassword, input.to);
  const written = await writeAll(
    // The written bytes are checked again as they landed: the same contents, in the asked profile.
    [{ path: input.outPath, bytes: pfx, role: 'pfx', verify: (back) => void checkConverted(back, newPassword, input.to, source) }],
    { overwrite: input.overwrite, inputs: [input.pfxPath] },
  );
  return {
    from: source.profile,
    to: input.to,
    encryption: converted.encryption ?? { keys: [], certificates: [], mac: null },
    keys: converted.keys.map((k) => ({ alias: k.alias, chainLength: k.chainDer.length })),
    otherCertificates: converted.certs.length,
    passwordChanged: newPassword !== input.password,
    written,
  };
}
