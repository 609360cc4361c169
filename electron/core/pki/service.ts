/**
 * The pki.* services: the contract's certificate and key operations over the PKI core.
 * Inputs are paths and passwords; outputs are facts and the files written, never key material.
 */
import type { z } from 'zod';
import type { ExportCertInput, ExportCertResult, InspectResult, InspectSource, PfxCreateInput, PfxCreateResult, PfxExtractInput, PfxExtractResult } from '../../../shared/contract/pki-ops.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { Handlers } from '../handler.js';
import { describeCertificate } from './cert-facts.js';
import { inspectBytes, inspectBytesAsync } from './inspect.js';
import type { KeystoreTargetPort } from './keystore-port.js';
import { createPfxFromFiles } from './pfx.js';
import { toPem } from './pem.js';
import { certificatesFromAny } from './pkcs7.js';
import { looksLikePkcs12, readPkcs12 } from './pkcs12.js';
import { createCsrService, createSelfSignedService, importReplyService } from './service-create.js';
import { pfxConvertService } from './service-pfx-convert.js';
import { keyFile } from './service-files.js';
import { checkOutputs, type PlannedFile, readInput, sourceBytes, writeAll } from './service-io.js';

type PkiOpName = Extract<keyof Handlers, `pki.${string}`>;

/** The handlers of every pki.* operation, bound to the core's dependencies; `keystores` writes key pairs into keystores (a higher domain). */
export function pkiHandlers(deps: CoreDeps, keystores: KeystoreTargetPort): Pick<Handlers, PkiOpName> {
  return {
    'pki.inspect': (input, ctx) => inspect(input.source, input.password, deps.now(), deps.settings.expiringSoonDays, ctx.signal),
    'pki.createSelfSigned': (input, ctx) => createSelfSignedService(input, ctx, deps.now(), keystores),
    'pki.createCsr': (input, ctx) => createCsrService(input, ctx),
    'pki.importReply': (input) => importReplyService(input, deps.now(), keystores),
    'pki.pfxCreate': (input) => pfxCreate(input, deps.now()),
    'pki.pfxExtract': (input) => pfxExtract(input, deps.now()),
    'pki.exportCert': (input) => exportCert(input, deps.now()),
    'pki.pfxConvert': (input) => pfxConvertService(input),
  };
}

async function inspect(source: InspectSource, password: string | undefined, now: Date, expiringSoonDays: number, signal: AbortSignal): Promise<InspectResult> {
  const { bytes, name } = await sourceBytes(source);
  const report = await inspectBytesAsync(bytes, password === undefined ? { now, expiringSoonDays, signal } : { password, now, expiringSoonDays, signal });
  return { ...report, name, size: bytes.length };
}

async function pfxCreate(input: z.output<typeof PfxCreateInput>, now: Date): Promise<PfxCreateResult> {
  const inputs = [input.certPath, ...(input.keyPath ? [input.keyPath] : []), ...input.chainPaths];
  await checkOutputs([{ path: input.outPath, role: 'pfx' }], { overwrite: input.overwrite, inputs });
  const certFile = await readInput(input.certPath, 'certificate file');
  const keyFileBytes = input.keyPath === undefined ? undefined : await readInput(input.keyPath, 'private key file');
  const chainFiles: Buffer[] = [];
  for (const p of input.chainPaths) chainFiles.push(await readInput(p, 'chain file'));
  // createPfxFromFiles checks that the key belongs to the certificate before it builds anything.
  const { pfx, summary } = createPfxFromFiles({
    certFile,
    ...(keyFileBytes === undefined ? {} : { keyFile: keyFileBytes }),
    ...(input.keyPassword === undefined ? {} : { keyPassword: input.keyPassword }),
    chainFiles,
    password: input.password,
    ...(input.friendlyName === undefined ? {} : { friendlyName: input.friendlyName }),
    profile: input.profile,
  });
  const entry = readPkcs12(pfx, input.password).keys[0];
  if (!entry) throw new CertdeskError('INTERNAL', 'The new .pfx holds no key.');
  const file: PlannedFile = {
    path: input.outPath,
    bytes: pfx,
    role: 'pfx',
    verify: (bytes) => {
      const back = readPkcs12(bytes, input.password).keys[0];
      if (!back?.keyPkcs8Der.equals(entry.keyPkcs8Der) || back.chainDer.length !== entry.chainDer.length) {
        throw new CertdeskError('IO_ERROR', 'The .pfx did not read back correctly; nothing was written.');
      }
    },
  };
  const written = await writeAll([file], { overwrite: input.overwrite, inputs });
  return { ...summary, leaf: describeCertificate(entry.chainDer[0] ?? Buffer.alloc(0), now), friendlyName: entry.alias, written };
}

async function pfxExtract(input: z.output<typeof PfxExtractInput>, now: Date): Promise<PfxExtractResult> {
  const outputs = [
    { path: input.outCert, role: 'certificate' as const },
    { path: input.outKey, role: 'privateKey' as const },
    ...(input.outChain === undefined ? [] : [{ path: input.outChain, role: 'chain' as const }]),
  ];
  await checkOutputs(outputs, { overwrite: input.overwrite, inputs: [input.pfxPath] });
  const bytes = await readInput(input.pfxPath, '.pfx file', 'pfx');
  if (!looksLikePkcs12(bytes)) {
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'This is not a PKCS#12 (.pfx/.p12) file.', 'To convert PEM files, use "Certificate + key → .pfx" instead.');
  }
  const entry = readPkcs12(bytes, input.password).keys[0];
  if (!entry) throw new CertdeskError('NO_PRIVATE_KEY', 'The PKCS#12 file holds no private key, only certificates.', 'Inspect it to see its certificates, and export them from there.');
  const [leafDer, ...chain] = entry.chainDer;
  if (!leafDer) throw new CertdeskError('NO_CERTIFICATE', `The key entry "${entry.alias}" has no certificate.`);
  const files: PlannedFile[] = [
    { path: input.outCert, bytes: Buffer.from(toPem(leafDer)), role: 'certificate' },
    keyFile(input.outKey, entry.keyPkcs8Der, input.keyPassword),
  ];
  // No chain in the file: no empty chain file either (the result says there were none).
  if (input.outChain !== undefined && chain.length > 0) {
    files.push({ path: input.outChain, bytes: Buffer.from(chain.map((d) => toPem(d)).join('')), role: 'chain' });
  }
  const written = await writeAll(files, { overwrite: input.overwrite, inputs: [input.pfxPath] });
  return { alias: entry.alias, leaf: describeCertificate(leafDer, now), chainLength: chain.length, keyEncrypted: input.keyPassword !== undefined, written };
}

async function exportCert(input: z.output<typeof ExportCertInput>, now: Date): Promise<ExportCertResult> {
  const inputs = 'path' in input.source ? [input.source.path] : [];
  await checkOutputs([{ path: input.outPath, role: 'certificate' }], { overwrite: input.overwrite, inputs });
  const { bytes } = await sourceBytes(input.source);
  const report = inspectBytes(bytes, input.password === undefined ? { now } : { password: input.password, now });
  const index = input.index ?? report.chain?.order[0] ?? report.items.findIndex((i) => i.kind === 'certificate');
  const item = report.items[index];
  if (!item) {
    if (input.index === undefined) throw new CertdeskError('NO_CERTIFICATE', 'The file contains no certificate.');
    throw new CertdeskError('VALIDATION_FAILED', `The file has ${report.items.length} item(s); there is no item #${index + 1}.`);
  }
  if (item.kind !== 'certificate') {
    throw new CertdeskError('NO_CERTIFICATE', `Item #${index + 1} is a ${item.kind === 'csr' ? 'certificate request' : 'private key'}, not a certificate.`,
      'Run inspect to see which items are certificates.');
  }
  const der = allCertificates(bytes, input.password).find((d) => describeCertificate(d, now).sha256 === item.facts.sha256);
  if (!der) throw new CertdeskError('INTERNAL', 'The certificate was listed but could not be found again.');
  const out = input.format === 'pem' ? Buffer.from(toPem(der)) : der;
  const written = await writeAll(
    [{ path: input.outPath, bytes: out, role: 'certificate', verify: (b) => void (certificatesFromAny(b)[0]?.equals(der) || fail()) }],
    { overwrite: input.overwrite, inputs },
  );
  return { facts: item.facts, index, written };
}

/** Every certificate DER in a file of any kind (PKCS#12 opened with the password). */
function allCertificates(bytes: Buffer, password: string | undefined): Buffer[] {
  if (looksLikePkcs12(bytes)) {
    const p12 = readPkcs12(bytes, password ?? '');
    return [...p12.keys.flatMap((k) => k.chainDer), ...p12.certs.map((c) => c.certDer)];
  }
  return certificatesFromAny(bytes);
}

function fail(): never {
  throw new CertdeskError('IO_ERROR', 'The exported certificate did not read back correctly; nothing was written.');
}
