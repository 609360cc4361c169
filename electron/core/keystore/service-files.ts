import { resolve } from 'node:path';
import type { keystoreOps } from '../../../shared/contract/keystore.js';
import type { CoreDeps, JobContext } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { describeCertificate } from '../pki/cert-facts.js';
import { certificatesFromAny } from '../pki/pkcs7.js';
import type { Handler } from '../handler.js';
import { writeFileSafely } from '../store/atomic-file.js';
import { updateKeystoreFile, writeKeystoreFile } from './keystore-file.js';
import { type KeyPasswords, loadKeystore } from './keystore.js';
import { findEntry, sameAlias } from './model.js';
import { convertKeystore, exportCertificate } from './operations.js';
import { changeReport, exists, modelType, readInput } from './service-support.js';
import type { WithStorePassword } from './stored-password.js';

/** Keystore operations that write a file other than the keystore itself: export and convert. */

type In<N extends keyof typeof keystoreOps> = WithStorePassword<Parameters<Handler<N>>[0]>;

function refuseExisting(path: string): CertdeskError {
  return new CertdeskError('FILE_EXISTS', `${path} already exists; Certdesk does not overwrite it unless asked.`, 'Choose another file name, or allow overwriting (a backup of the old file is kept).');
}

/** Saves an entry's certificate (the leaf of a key entry) as PEM or DER. */
export async function exportCertOp(deps: CoreDeps, input: In<'keystore.exportCert'>) {
  if (resolve(input.outPath) === resolve(input.path))
    throw new CertdeskError('VALIDATION_FAILED', 'The certificate file cannot replace the keystore itself.', 'Choose another file name, such as the alias with .cer.');
  const ks = loadKeystore(await readInput(input.path, 'keystore', 'keystore'), input.storePassword, { lockedKeys: 'keep' });
  const bytes = exportCertificate(ks, input.alias, input.format);
  const alias = findEntry(ks, input.alias)?.alias ?? input.alias;
  if (!input.overwrite && (await exists(input.outPath))) throw refuseExisting(input.outPath);
  const write = await writeFileSafely(input.outPath, bytes, {
    // Certificates are public: readable like any .cer a CA sends.
    role: 'certificate',
    ...(input.overwrite ? {} : { expectedOriginal: null }),
    now: deps.now,
    verify: (readBack) => {
      const [der] = certificatesFromAny(readBack);
      if (!der || !der.equals(exportCertificate(ks, input.alias, 'der')))
        throw new CertdeskError('VERIFY_FAILED', 'The certificate file did not read back as the same certificate; nothing was written.');
    },
  });
  const der = exportCertificate(ks, input.alias, 'der');
  return { alias, format: input.format, certificate: describeCertificate(der, deps.now()), write };
}

/** Key passwords by alias, matched the way Java matches aliases (ignoring case). */
function keyPasswordLookup(map: Record<string, string> | undefined): KeyPasswords | undefined {
  if (!map || Object.keys(map).length === 0) return undefined;
  return (alias) => map[alias] ?? Object.entries(map).find(([a]) => sameAlias(a, alias))?.[1];
}

/** Writes the keystore as JKS or PKCS#12: to a new file, or in place (with a backup) when outPath is the keystore. */
export async function convertOp(deps: CoreDeps, input: In<'keystore.convert'>, ctx: JobContext) {
  const target = modelType(input.to);
  const keyPasswords = keyPasswordLookup(input.keyPasswords);
  const opts = keyPasswords ? { keyPasswords } : {};
  ctx.progress(0, 'Reading the keystore');
  const source = await readInput(input.path, 'keystore', 'keystore');
  const sourceKs = loadKeystore(source, input.storePassword, { lockedKeys: 'keep', ...opts });
  const from = sourceKs.type;
  const what = from === target ? `Wrote a copy as ${target} (it already was ${from})` : `Converted the keystore from ${from} to ${target}`;
  ctx.throwIfCancelled();
  if (resolve(input.outPath) === resolve(input.path)) {
    ctx.progress(0.4, `Writing as ${target}`);
    const result = await updateKeystoreFile(input.path, input.storePassword, (ks) => convertKeystore(ks, target), { ...opts, saveType: target, now: deps.now });
    ctx.progress(1, 'Done');
    return { ...changeReport(input.path, result, what), from };
  }
  if (!input.overwrite && (await exists(input.outPath))) throw refuseExisting(input.outPath);
  const converted = convertKeystore(sourceKs, target);
  ctx.progress(0.4, `Writing as ${target}`);
  const write = await writeKeystoreFile(input.outPath, converted, input.storePassword, { type: target, ...opts });
  ctx.progress(1, 'Done');
  return { ...changeReport(input.outPath, { keystore: converted, write }, what), from };
}
