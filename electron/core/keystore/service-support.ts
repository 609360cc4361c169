import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import type { WrittenFile } from '../../../shared/contract/files.js';
import type { KeystoreChange, KeystoreEntryInfo } from '../../../shared/contract/keystore.js';
import type { JobContext } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { holdsPublicKey, loadCert, orderChain } from '../pki/chain.js';
import { KEY_LABELS, parsePrivateKey, publicKeyOf } from '../pki/keys.js';
import { looksLikePem, parsePem } from '../pki/pem.js';
import { certificatesFromAny } from '../pki/pkcs7.js';
import { type UpdateKeystoreOptions, type UpdateKeystoreResult, updateKeystoreFile } from './keystore-file.js';
import type { Keystore, KeystoreType } from './model.js';
import { type EntrySummary, listEntries } from './operations.js';

/** Helpers the keystore services share: reading inputs, describing entries, reporting changes. */

/** Reading a chosen file is the file layer's bounded reader (regular files only, capped by kind). */
export { readInput } from '../store/read-file.js';

/** True when a file (or anything) exists at the path. */
export async function exists(path: string): Promise<boolean> {
  try {
    await fs.stat(path);
    return true;
  } catch {
    return false;
  }
}

/** The contract's form of an entry summary (dates as ISO text). */
export function entryInfo(e: EntrySummary): KeystoreEntryInfo {
  return {
    alias: e.alias,
    kind: e.kind,
    created: e.created.toISOString(),
    chainLength: e.chainLength,
    locked: e.locked,
    certificates: e.certificates,
    ...(e.secretAlgorithm ? { secretAlgorithm: e.secretAlgorithm } : {}),
  };
}

/**
 * Describes every entry, a slice at a time, yielding to the event loop between slices so a big
 * trust store neither blocks other work nor hides its progress, and stops when cancelled.
 */
export async function describeEntries(ks: Keystore, now: Date, ctx: JobContext, expiringSoonDays?: number): Promise<KeystoreEntryInfo[]> {
  const out: KeystoreEntryInfo[] = [];
  const slice = 25;
  for (let i = 0; i < ks.entries.length; i += slice) {
    ctx.throwIfCancelled();
    const part = { ...ks, entries: ks.entries.slice(i, i + slice) };
    out.push(...listEntries(part, now, expiringSoonDays).map(entryInfo));
    if (ks.entries.length > slice) {
      ctx.progress(Math.min(1, (i + slice) / ks.entries.length), `Described ${Math.min(i + slice, ks.entries.length)} of ${ks.entries.length} entries`);
      await new Promise((r) => setImmediate(r));
    }
  }
  return out;
}

/** Describes one entry of a keystore by its stored alias. */
export function describeEntry(ks: Keystore, alias: string, now: Date): KeystoreEntryInfo {
  const entry = ks.entries.find((e) => e.alias === alias);
  if (!entry) throw new CertdeskError('INTERNAL', `Entry '${alias}' is missing after the change.`);
  const [summary] = listEntries({ ...ks, entries: [entry] }, now);
  return entryInfo(summary as EntrySummary);
}

/** Builds the report every keystore change returns; the summary says what was written and where the backup is. */
export function changeReport(path: string, result: UpdateKeystoreResult, what: string): KeystoreChange {
  const write = result.write;
  return {
    path: write?.path ?? resolve(path),
    type: result.keystore.type,
    changed: write !== null,
    write,
    entryCount: result.keystore.entries.length,
    summary: writeSentence(what, write),
  };
}

/** "Imported 'x'. Wrote /a/ks (backup: /a/ks.orig)." */
export function writeSentence(what: string, write: WrittenFile | null): string {
  if (!write) return `${what}. The keystore already held exactly this, so nothing was written.`;
  if (write.created) return `${what}. Created ${write.path}.`;
  return `${what}. Wrote ${write.path}${write.backupPath ? ` (backup of the previous version: ${write.backupPath})` : ''}.`;
}

/**
 * Runs one change through updateKeystoreFile: read, `mutate` and write all happen under the
 * keystore's cross-process file lock (another Certdesk run waits, or gets FILE_BUSY), then the
 * atomic writer backs up, writes and verifies. `mutate` returns the
 * new keystore together with what the report needs beside it (the alias placed, the entry removed…).
 */
export async function changeKeystore<T extends { keystore: Keystore }>(
  path: string,
  storePassword: string,
  mutate: (ks: Keystore) => T,
  opts: UpdateKeystoreOptions,
): Promise<UpdateKeystoreResult & { change: T }> {
  let change: T | undefined;
  const result = await updateKeystoreFile(path, storePassword, (ks) => (change = mutate(ks)).keystore, opts);
  if (!change) throw new CertdeskError('INTERNAL', 'The keystore change did not run.');
  return { ...result, change };
}

/** Maps the contract's lower-case store type to the model's. */
export function modelType(t: 'jks' | 'pkcs12' | undefined): Exclude<KeystoreType, 'JCEKS'> {
  switch (t) {
    case 'jks':
      return 'JKS';
    case 'pkcs12':
    case undefined:
      // keytool's own default since Java 9.
      return 'PKCS12';
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** Refuses a key password other than the store password where the format has only one password. */
export function checkKeyPassword(ks: Keystore, storePassword: string, keyPassword: string | undefined): void {
  if (ks.type === 'PKCS12' && keyPassword !== undefined && keyPassword !== storePassword)
    throw new CertdeskError(
      'VALIDATION_FAILED',
      'A PKCS#12 keystore protects every key with the store password; it cannot have a separate key password.',
      'Leave the key password empty (keytool ignores -keypass for PKCS#12 too).',
    );
}

export interface KeyMaterial {
  keyPkcs8Der: Buffer;
  /** Leaf first, then its issuers in order. */
  chainDer: Buffer[];
  chainComplete: boolean;
  missingIssuer?: string;
  ignoredCertificates: number;
}

/**
 * A key entry from a certificate file, a key file in any form (PKCS#8, PKCS#1, SEC1, encrypted,
 * PEM or DER) and chain files: the leaf is the certificate that matches the key, the rest is
 * put in issuer order and what does not belong is counted, not stored.
 */
export function keyMaterialFromFiles(certFile: Buffer, keyFile: Buffer | undefined, keyFilePassword: string | undefined, chainFiles: Buffer[]): KeyMaterial {
  const all = [...certificatesFromAny(certFile), ...chainFiles.flatMap((f) => certificatesFromAny(f))];
  if (all.length === 0) throw new CertdeskError('NO_CERTIFICATE', 'The certificate file contains no certificate.', 'Choose the .crt/.cer/.pem file the CA sent.');
  const keySource = keyFile ?? certFile;
  if (!keyFile && !(looksLikePem(keySource) && parsePem(keySource).some((b) => KEY_LABELS.has(b.label))))
    throw new CertdeskError('NO_PRIVATE_KEY', 'No key file was given and the certificate file does not contain the private key.', 'Choose the .key file as well.');
  const key = parsePrivateKey(keySource, keyFilePassword);
  const pub = publicKeyOf(key.pkcs8Der);
  const leaf = all.find((der) => holdsPublicKey(loadCert(der), pub));
  if (!leaf)
    throw new CertdeskError(
      'KEY_CERT_MISMATCH',
      'The private key does not belong to the certificate (nor to any certificate given).',
      'Choose the key that was created together with the certificate request for this certificate.',
    );
  const chain = orderChain(leaf, all.filter((d) => !d.equals(leaf)));
  return {
    keyPkcs8Der: key.pkcs8Der,
    chainDer: [leaf, ...chain.chainDer],
    chainComplete: chain.complete,
    ...(chain.missingIssuer !== undefined ? { missingIssuer: chain.missingIssuer } : {}),
    ignoredCertificates: chain.unrelatedDer.length,
  };
}

/** The certificates in a file or pasted text (PEM, DER or PKCS#7); NO_CERTIFICATE when there are none. */
export function certificatesIn(bytes: Buffer, where: string): Buffer[] {
  const certs = certificatesFromAny(bytes);
  if (certs.length === 0) throw new CertdeskError('NO_CERTIFICATE', `${where} contains no certificate.`, 'Give a PEM (-----BEGIN CERTIFICATE-----), DER or PKCS#7 certificate.');
  return certs;
}
