/** The services that make new things: self-signed certificates, CSRs, and a .pfx/keystore entry from a CA reply. */
import type { z } from 'zod';
import type { KeySpec } from '../../../shared/contract/pki.js';
import type {
  CreateCsrInput, CreateCsrResult, CreateSelfSignedInput, CreateSelfSignedResult, ImportReplyInput, ImportReplyResult,
} from '../../../shared/contract/pki-ops.js';
import type { WrittenFile } from '../../../shared/contract/files.js';
import type { JobContext } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { describeCertificate } from './cert-facts.js';
import { loadCert } from './chain.js';
import { createCsr, createSelfSigned, inspectCsr, matchCaReply } from './create.js';
import { generateKey, type ParsedKey, parsePrivateKey } from './keys.js';
import { createPfx } from './pfx.js';
import { toPem } from './pem.js';
import { certificatesFromAny } from './pkcs7.js';
import { checkOutputs, type OutputCheck, type PlannedFile, readInput, writeAll } from './service-io.js';
import type { KeystoreTargetPort } from './keystore-port.js';
import { keyFile, pfxFile } from './service-files.js';
import { commonName } from './x509-der.js';
import { aliasFromCommonName } from './alias.js';

/** `rsa:4096` → `RSA 4096`, `ec:p256` → `EC P-256`, for progress messages. */
export function keyLabel(spec: KeySpec): string {
  const [alg = '', size = ''] = spec.split(':');
  return alg === 'ec' ? `EC ${size.toUpperCase().replace(/^P/, 'P-')}` : `RSA ${size}`;
}

/** Generates the key with progress; the slow, cancellable step (RSA 4096 takes seconds). */
async function newKey(spec: KeySpec, ctx: JobContext): Promise<ParsedKey> {
  ctx.progress(0.05, `Generating ${keyLabel(spec)} key…`);
  const key = await generateKey(spec, { signal: ctx.signal });
  ctx.throwIfCancelled();
  return key;
}

/** `pki.createSelfSigned`: key → certificate → PEM pair, .pfx or keystore entry. */
export async function createSelfSignedService(input: z.output<typeof CreateSelfSignedInput>, ctx: JobContext, now: Date, keystores: KeystoreTargetPort): Promise<CreateSelfSignedResult> {
  const given = input.output;
  const out = given.kind === 'keystore' ? { ...given, alias: given.alias ?? aliasFromCommonName(input.cn) } : given;
  if (out.kind === 'keystore') await keystores.check(out, input.overwrite, []);
  else await checkOutputs(outputsOf(out), { overwrite: input.overwrite, inputs: [] });
  const key = await newKey(input.key, ctx);
  ctx.progress(0.7, 'Signing…');
  const { certDer } = await createSelfSigned({ cn: input.cn, sans: input.sans, key: { pkcs8Der: key.pkcs8Der }, days: input.days, usages: input.usages, signal: ctx.signal });
  ctx.throwIfCancelled();
  ctx.progress(0.85, 'Writing…');
  const facts = describeCertificate(certDer, now);
  let written: WrittenFile[];
  let alias: string | undefined;
  switch (out.kind) {
    case 'pem':
      written = await writeAll(
        [
          { path: out.certPath, bytes: Buffer.from(toPem(certDer)), role: 'certificate', verify: sameCertificate(certDer) },
          keyFile(out.keyPath, key.pkcs8Der, out.keyPassword),
        ],
        { overwrite: input.overwrite, inputs: [], ctx },
      );
      break;
    case 'pfx': {
      alias = out.friendlyName ?? input.cn;
      const { pfx } = createPfx({ certDer, keyPkcs8Der: key.pkcs8Der, chainDer: [], password: out.password, friendlyName: alias, profile: out.profile });
      written = await writeAll([pfxFile(out.path, pfx, out.password, key.pkcs8Der)], { overwrite: input.overwrite, inputs: [], ctx });
      break;
    }
    case 'keystore': {
      ctx.throwIfCancelled();
      const r = await keystores.write(out, key.pkcs8Der, [certDer], input.overwrite);
      written = [r.written];
      alias = r.alias;
      break;
    }
    default: {
      const never: never = out;
      return never;
    }
  }
  ctx.progress(1, 'Done');
  return alias === undefined ? { facts, written } : { facts, written, alias };
}

/** `pki.createCsr`: key → signed request; both written, the key optionally encrypted. */
export async function createCsrService(input: z.output<typeof CreateCsrInput>, ctx: JobContext): Promise<CreateCsrResult> {
  const outputs: OutputCheck[] = [{ path: input.csrPath, role: 'csr' }, { path: input.keyPath, role: 'privateKey' }];
  await checkOutputs(outputs, { overwrite: input.overwrite, inputs: [] });
  const key = await newKey(input.key, ctx);
  ctx.progress(0.7, 'Signing…');
  const { csrDer } = await createCsr({
    cn: input.cn, o: input.o, ou: input.ou, l: input.l, st: input.st, c: input.c, sans: input.sans, key: { pkcs8Der: key.pkcs8Der }, signal: ctx.signal,
  });
  ctx.throwIfCancelled();
  ctx.progress(0.85, 'Writing…');
  const written = await writeAll(
    [
      {
        path: input.csrPath,
        bytes: Buffer.from(toPem(csrDer, 'CERTIFICATE REQUEST')),
        role: 'csr',
        verify: (b) => {
          if (!inspectCsr(csrDer).signatureValid || !b.equals(Buffer.from(toPem(csrDer, 'CERTIFICATE REQUEST')))) throw new CertdeskError('IO_ERROR', 'The request did not read back correctly.');
        },
      },
      keyFile(input.keyPath, key.pkcs8Der, input.keyPassword),
    ],
    { overwrite: input.overwrite, inputs: [], ctx },
  );
  ctx.progress(1, 'Done');
  return { csr: inspectCsr(csrDer), written };
}

/** `pki.importReply`: the CA's certificate(s) + the saved key → .pfx or keystore entry, chain leaf → root. */
export async function importReplyService(input: z.output<typeof ImportReplyInput>, now: Date, keystores: KeystoreTargetPort): Promise<ImportReplyResult> {
  const given = input.output;
  const inputs = [input.certPath, input.keyPath, ...input.chainPaths];
  const replyCerts = certificatesFromAny(await readInput(input.certPath, "CA's certificate file"));
  if (replyCerts.length === 0) throw new CertdeskError('NO_CERTIFICATE', 'The CA reply file contains no certificate.', "Choose the .crt/.cer/.p7b file the CA sent.");
  // Without an alias the entry is named after the reply's first certificate (the leaf, as CAs send it).
  const replyCn = () => commonName(loadCert(replyCerts[0] as Buffer).parts.subject) ?? 'certdesk';
  const out = given.kind === 'keystore' ? { ...given, alias: given.alias ?? aliasFromCommonName(replyCn()) } : given;
  if (out.kind === 'keystore') await keystores.check(out, input.overwrite, inputs);
  else await checkOutputs([{ path: out.path, role: 'pfx' }], { overwrite: input.overwrite, inputs });
  const chainCerts: Buffer[] = [];
  for (const p of input.chainPaths) chainCerts.push(...certificatesFromAny(await readInput(p, 'chain file')));
  const key = parsePrivateKey(await readInput(input.keyPath, 'private key file'), input.keyPassword);
  const match = matchCaReply({ certsDer: [...replyCerts, ...chainCerts], keyPkcs8Der: key.pkcs8Der });
  const leafDer = match.leafDer;
  const base = {
    leaf: describeCertificate(leafDer, now),
    chainLength: match.chainDer.length,
    chainComplete: match.complete,
    ignoredCertificates: match.unrelatedDer.length,
    ...(match.missingIssuer === undefined ? {} : { missingIssuer: match.missingIssuer }),
  };
  if (out.kind === 'keystore') {
    const r = await keystores.write(out, key.pkcs8Der, [leafDer, ...match.chainDer], input.overwrite);
    return { ...base, written: [r.written], alias: r.alias };
  }
  const alias = out.friendlyName ?? commonName(loadCert(leafDer).parts.subject) ?? 'certdesk';
  const { pfx } = createPfx({ certDer: leafDer, keyPkcs8Der: key.pkcs8Der, chainDer: match.chainDer, password: out.password, friendlyName: alias, profile: out.profile });
  const written = await writeAll([pfxFile(out.path, pfx, out.password, key.pkcs8Der)], { overwrite: input.overwrite, inputs });
  return { ...base, profile: out.profile, written, alias };
}

function outputsOf(out: Exclude<z.output<typeof CreateSelfSignedInput>['output'], { kind: 'keystore' }>): OutputCheck[] {
  return out.kind === 'pem'
    ? [{ path: out.certPath, role: 'certificate' }, { path: out.keyPath, role: 'privateKey' }]
    : [{ path: out.path, role: 'pfx' }];
}

function sameCertificate(certDer: Buffer): PlannedFile['verify'] {
  return (bytes) => {
    const [back] = certificatesFromAny(bytes);
    if (!back?.equals(certDer)) throw new CertdeskError('IO_ERROR', 'The certificate did not read back correctly.');
  };
}
