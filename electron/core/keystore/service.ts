import { basename, resolve } from 'node:path';
import type { KeystoreEntryInfo, keystoreOps } from '../../../shared/contract/keystore.js';
import type { CoreDeps, JobContext } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { Finding } from '../../../shared/findings.js';
import { describeCertificate } from '../pki/cert-facts.js';
import { expiringWithin, expiryOf } from '../pki/expiry.js';
import { readPkcs12 } from '../pki/pkcs12.js';
import type { Handler } from '../handler.js';
import { backupsHolding, backupsOpeningWith, removeBackupsOp, secretBackupsSentence } from './backups.js';
import { loadKeystore } from './keystore.js';
import { type Keystore, findEntry } from './model.js';
import {
  type AddResult, deleteEntry, importKeyPair, importPkcs12Key, passwordCoverage, passwordCoverageSentence, renameAlias, trustCertificate,
} from './operations.js';
import { convertOp, exportCertOp } from './service-files.js';
import { NO_STORED_PASSWORDS, realPathOf, type StoredPasswordPort, type WithStorePassword, withStorePassword } from './stored-password.js';
import { describeKeystoreTarget } from './target.js';
import {
  changeKeystore, changeReport, checkKeyPassword, describeEntries, describeEntry, exists, keyMaterialFromFiles, modelType, readInput, certificatesIn,
} from './service-support.js';

type KeystoreOpName = keyof typeof keystoreOps;
export type KeystoreHandlers = { [N in KeystoreOpName]: Handler<N> };
type In<N extends KeystoreOpName> = WithStorePassword<Parameters<Handler<N>>[0]>;

/** The keystore.* operations: every change goes through updateKeystoreFile (backup, atomic write, verify). */
export function keystoreHandlers(deps: CoreDeps, stored: StoredPasswordPort = NO_STORED_PASSWORDS): KeystoreHandlers {
  // An operation called without a store password uses the one kept for that keystore (the vault's), or fails with PASSWORD_REQUIRED.
  const pw = async <T extends { path: string; storePassword?: string | undefined }>(input: T) => (await withStorePassword(input, stored)).input;
  return {
    'keystore.list': async (input, ctx) => {
      const { input: full, source } = await withStorePassword(input, stored);
      return { ...(await list(deps, full, ctx)), ...(source !== undefined ? { passwordFrom: source } : {}) };
    },
    'keystore.pfxAliases': (input) => pfxAliases(deps, input),
    'keystore.importPfx': async (input, ctx) => importPfxOp(deps, await pw(input), ctx),
    'keystore.importKey': async (input, ctx) => importKeyOp(deps, await pw(input), ctx),
    'keystore.trust': async (input, ctx) => trustOp(deps, await pw(input), ctx),
    'keystore.exportCert': async (input) => exportCertOp(deps, await pw(input)),
    'keystore.delete': async (input, ctx) => deleteOp(deps, await pw(input), ctx),
    'keystore.rename': async (input, ctx) => renameOp(deps, await pw(input), ctx),
    'keystore.changePassword': async (input, ctx) => changePasswordOp(deps, await pw(input), ctx, stored),
    'keystore.convert': async (input, ctx) => convertOp(deps, await pw(input), ctx),
    'keystore.removeBackups': removeBackupsOp,
    'keystore.describeTarget': (input) => describeKeystoreTarget(input),
  };
}

async function list(deps: CoreDeps, input: In<'keystore.list'>, ctx: JobContext) {
  ctx.progress(0, 'Reading the keystore');
  const bytes = await readInput(input.path, 'keystore', 'keystore');
  // Keys with their own key password stay sealed: listing never needs them.
  const ks = loadKeystore(bytes, input.storePassword, { lockedKeys: 'keep' });
  const described = await describeEntries(ks, deps.now(), ctx, deps.settings.expiringSoonDays);
  const entries = described.map((e) => ({ ...e, ...(expiryOf(e.certificates) ?? { status: null, daysLeft: null }), findings: entryFindings(e) }));
  const listing = { path: resolve(input.path), type: ks.type, entries };
  return input.withinDays === undefined ? listing : { ...listing, ...expiringWithin(entries, input.withinDays) };
}

async function pfxAliases(deps: CoreDeps, input: In<'keystore.pfxAliases'>) {
  const p12 = readPkcs12(await readInput(input.pfxPath, '.pfx file', 'pfx'), input.pfxPassword);
  const now = deps.now();
  return {
    keys: p12.keys.flatMap((k) => {
      const [leaf] = k.chainDer;
      return leaf ? [{ alias: k.alias, chainLength: k.chainDer.length, certificate: describeCertificate(leaf, now) }] : [];
    }),
    otherCertificates: p12.certs.length,
  };
}

/** Store creation rules shared by the imports: a new store needs a password keytool would accept. */
async function creating(path: string, storePassword: string): Promise<boolean> {
  const isNew = !(await exists(path));
  if (isNew && storePassword.length < 6)
    throw new CertdeskError('VALIDATION_FAILED', 'A new keystore needs a store password of at least 6 characters.', 'keytool refuses shorter ones, and so would Java tools reading it.');
  return isNew;
}

/** "as 'alias'", saying when it replaced an entry or had to take another alias. */
function placedAs(requested: string | undefined, added: AddResult): string {
  const renamed = requested !== undefined && added.alias.toLowerCase() !== requested.toLowerCase();
  return `as '${added.alias}'${added.replaced ? ', replacing the entry that had that alias' : ''}${renamed ? ` (the alias '${requested}' was taken)` : ''}`;
}

/** A server sends its key entry's chain: a leaf without its intermediate is a warning (a trusted certificate alone is normal). */
function entryFindings(entry: KeystoreEntryInfo): Finding[] {
  if (entry.kind !== 'privateKey') return [];
  const chain = chainFacts(entry);
  const top = entry.certificates.at(-1);
  // A chain that reaches an intermediate but not the root is what servers send anyway.
  if (chain.chainComplete || top?.basicConstraints?.ca) return [];
  const urls = top?.caIssuerUrls ?? [];
  return [{
    code: 'chain-incomplete', severity: 'warning',
    message: `The chain of '${entry.alias}' stops at '${chain.missingIssuer ?? 'an issuer'}', which is not in the entry.`,
    fix: `Import the key again with its intermediate certificates (a server sends this chain to its clients).${urls.length ? ` Fetch the issuer from ${urls.join(' or ')}.` : ''}`,
  }];
}

/** Chain completeness as the entry's certificates show it. */
function chainFacts(entry: KeystoreEntryInfo): { chainComplete: boolean; missingIssuer?: string } {
  const top = entry.certificates.at(-1);
  if (!top || top.selfSigned) return { chainComplete: true };
  return { chainComplete: false, missingIssuer: top.issuer };
}

/** The write both key imports share: the new-store rules, then `add` under the key password rule, creating the store when missing. */
async function addKeyEntry(
  deps: CoreDeps,
  input: { path: string; storePassword: string; keyPassword?: string | undefined; storeType?: 'jks' | 'pkcs12' | undefined },
  ctx: JobContext,
  add: (ks: Keystore) => AddResult,
) {
  await creating(input.path, input.storePassword);
  ctx.throwIfCancelled();
  ctx.progress(0.3, 'Writing the keystore');
  return changeKeystore(
    input.path,
    input.storePassword,
    (ks) => {
      checkKeyPassword(ks, input.storePassword, input.keyPassword);
      return add(ks);
    },
    { createType: modelType(input.storeType), now: deps.now },
  );
}

async function importPfxOp(deps: CoreDeps, input: In<'keystore.importPfx'>, ctx: JobContext) {
  ctx.progress(0, 'Reading the .pfx file');
  const pfx = await readInput(input.pfxPath, '.pfx file', 'pfx');
  const contents = readPkcs12(pfx, input.pfxPassword);
  if (input.sourceAlias === undefined && contents.keys.length > 1)
    throw new CertdeskError(
      'CHOICE_REQUIRED',
      `The .pfx file holds ${contents.keys.length} keys: ${contents.keys.map((k) => `'${k.alias}'`).join(', ')}.`,
      'Choose which one to import by its alias in the .pfx.',
    );
  const result = await addKeyEntry(deps, input, ctx, (ks) =>
    importPkcs12Key(ks, contents, {
      ...(input.sourceAlias !== undefined ? { sourceAlias: input.sourceAlias } : {}),
      ...(input.alias !== undefined ? { alias: input.alias } : {}),
      ...(input.keyPassword !== undefined ? { keyPassword: input.keyPassword } : {}),
      onClash: input.onClash ?? 'error',
      created: deps.now(),
    }),
  );
  const added = result.change;
  const entry = describeEntry(result.keystore, added.alias, deps.now());
  const used = new Set(result.keystore.entries.find((e) => e.alias === added.alias)?.chainDer.map((d) => d.toString('base64')));
  const ignored = contents.certs.filter((c) => !used.has(c.certDer.toString('base64'))).length;
  ctx.progress(1, 'Done');
  return {
    ...changeReport(input.path, result, `Imported the key from ${basename(input.pfxPath)} ${placedAs(input.alias ?? input.sourceAlias ?? contents.keys[0]?.alias, added)}`),
    alias: added.alias,
    replaced: added.replaced,
    entry,
    ...chainFacts(entry),
    ignoredCertificates: ignored,
  };
}

async function importKeyOp(deps: CoreDeps, input: In<'keystore.importKey'>, ctx: JobContext) {
  ctx.progress(0, 'Reading the certificate and key');
  const certFile = await readInput(input.certPath, 'certificate file');
  const keyFile = input.keyPath === undefined ? undefined : await readInput(input.keyPath, 'key file');
  const chainFiles = await Promise.all(input.chainPaths.map((p) => readInput(p, 'chain file')));
  const material = keyMaterialFromFiles(certFile, keyFile, input.keyFilePassword, chainFiles);
  const result = await addKeyEntry(deps, input, ctx, (ks) =>
    importKeyPair(ks, material.keyPkcs8Der, material.chainDer, {
      alias: input.alias,
      onClash: input.onClash ?? 'error',
      created: deps.now(),
      ...(input.keyPassword !== undefined ? { keyPassword: input.keyPassword } : {}),
    }),
  );
  const added = result.change;
  const entry = describeEntry(result.keystore, added.alias, deps.now());
  ctx.progress(1, 'Done');
  return {
    ...changeReport(input.path, result, `Imported the certificate and key ${placedAs(input.alias, added)}`),
    alias: added.alias,
    replaced: added.replaced,
    entry,
    chainComplete: material.chainComplete,
    ...(material.missingIssuer !== undefined ? { missingIssuer: material.missingIssuer } : {}),
    ignoredCertificates: material.ignoredCertificates,
  };
}

async function trustOp(deps: CoreDeps, input: In<'keystore.trust'>, ctx: JobContext) {
  const bytes = input.certPath !== undefined ? await readInput(input.certPath, 'certificate file') : Buffer.from(input.certPem ?? '', 'utf8');
  const certs = certificatesIn(bytes, input.certPath !== undefined ? `The file ${input.certPath}` : 'The pasted text');
  const cert = certs[0] as Buffer;
  const facts = describeCertificate(cert, deps.now(), deps.settings.expiringSoonDays);
  const expired = facts.findings.find((f) => f.code === 'expired');
  // Trusting an expired certificate makes nothing work and hides the real fix: ask first.
  if (expired && !input.acceptExpired)
    throw new CertdeskError('CERT_EXPIRED', `${facts.subject} has expired: ${expired.message}`, 'Trust it anyway only if you know the peer still uses it (confirm to continue); better, get its renewed certificate.');
  await creating(input.path, input.storePassword);
  ctx.progress(0.3, 'Writing the keystore');
  const result = await changeKeystore(
    input.path,
    input.storePassword,
    (ks) => {
      const alsoAs = ks.entries.find((e) => e.kind === 'trustedCert' && e.chainDer[0]?.equals(cert) && e.alias.toLowerCase() !== input.alias.toLowerCase())?.alias;
      return { ...trustCertificate(ks, cert, { alias: input.alias, onClash: input.onClash ?? 'error', created: deps.now() }), alsoAs };
    },
    { createType: modelType(input.storeType), now: deps.now },
  );
  const { alsoAs, ...added } = result.change;
  const entry = describeEntry(result.keystore, added.alias, deps.now());
  const notes = [
    certs.length > 1 ? `only the first of the ${certs.length} certificates given was added` : '',
    alsoAs ? `the same certificate is also trusted as '${alsoAs}'` : '',
  ].filter(Boolean);
  const what = `Trusted ${entry.certificates[0]?.subject ?? 'the certificate'} ${placedAs(input.alias, added)}${notes.length ? ` (${notes.join('; ')})` : ''}`;
  ctx.progress(1, 'Done');
  return { ...changeReport(input.path, result, what), alias: added.alias, replaced: added.replaced, entry, ignoredCertificates: certs.length - 1, findings: facts.findings };
}

async function deleteOp(deps: CoreDeps, input: In<'keystore.delete'>, ctx: JobContext) {
  ctx.progress(0.3, 'Writing the keystore');
  const result = await changeKeystore(
    input.path,
    input.storePassword,
    (ks) => ({ removed: findEntry(ks, input.alias), keystore: deleteEntry(ks, input.alias) }),
    { now: deps.now },
  );
  const { removed } = result.change;
  const alias = removed?.alias ?? input.alias;
  ctx.progress(0.8, 'Checking the backups');
  const secretBackups = removed && result.write ? await backupsHolding(result.write.path, input.storePassword, removed) : [];
  ctx.progress(1, 'Done');
  const report = changeReport(input.path, result, `Deleted the entry '${alias}'`);
  const kind = removed?.kind === 'secretKey' ? 'secret key' : 'key';
  return { ...report, summary: report.summary + secretBackupsSentence(secretBackups, `the deleted ${kind} '${alias}'`), alias, secretBackups };
}

async function renameOp(deps: CoreDeps, input: In<'keystore.rename'>, ctx: JobContext) {
  ctx.progress(0.3, 'Writing the keystore');
  const result = await changeKeystore(
    input.path,
    input.storePassword,
    (ks) => ({ from: findEntry(ks, input.alias)?.alias ?? input.alias, ...renameAlias(ks, input.alias, input.newAlias, { onClash: input.onClash ?? 'error' }) }),
    { now: deps.now },
  );
  const { from, ...renamed } = result.change;
  const what = `Renamed '${from}' to '${renamed.alias}'${renamed.replaced ? ', replacing the entry that had that alias' : ''}`;
  ctx.progress(1, 'Done');
  return { ...changeReport(input.path, result, what), alias: from, newAlias: renamed.alias, replaced: renamed.replaced };
}

async function changePasswordOp(deps: CoreDeps, input: In<'keystore.changePassword'>, ctx: JobContext, stored: StoredPasswordPort) {
  ctx.progress(0.2, 'Re-protecting the keystore under the new password');
  const result = await changeKeystore(
    input.path,
    input.storePassword,
    (ks) => ({ keystore: ks, coverage: passwordCoverage(ks) }),
    { newStorePassword: input.newStorePassword, now: deps.now },
  );
  ctx.progress(0.8, 'Checking the backups');
  const secretBackups = result.write ? await backupsOpeningWith(result.write.path, input.storePassword) : [];
  ctx.progress(1, 'Done');
  const report = changeReport(input.path, result, passwordCoverageSentence(result.change.coverage));
  const backups = secretBackupsSentence(secretBackups, 'keys that open with the old password');
  const kept = result.write ? await keptPasswordFollows(stored, result.write.path, input.newStorePassword) : '';
  return { ...report, summary: `${report.summary} Update the password wherever the agent or application configures it.${kept}${backups}`, secretBackups };
}

/**
 * The password kept for this keystore (a Credentials entry) follows the change. The keystore is already
 * written, so a keychain that fails now is said, not thrown: the person updates the entry by hand.
 */
async function keptPasswordFollows(stored: StoredPasswordPort, path: string, password: string): Promise<string> {
  try {
    const name = await stored.passwordChanged(await realPathOf(path), password);
    return name === null ? '' : ` The password kept as "${name}" in Credentials now holds the new one.`;
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    return ` The password kept for this keystore in Credentials could not be updated (${why}); rotate it there.`;
  }
}
