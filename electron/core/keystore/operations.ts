import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import type { CertificateFacts } from '../../../shared/contract/certificate.js';
import { CertdeskError } from '../errors.js';
import { describeCertificate } from '../pki/cert-facts.js';
import { readPkcs12 } from '../pki/pkcs12.js';
import type { Pkcs12Contents } from '../pki/pkcs12-types.js';
import { type KeyPasswords, loadKeystore, lockedKey, saveKeystore } from './keystore.js';
import {
  type ClashPolicy, type EntryKind, type Keystore, type KeystoreEntry, type KeystoreType, findEntry, isLocked, isSealedOnly, sameAlias, storedAlias,
} from './model.js';

/**
 * Keystore operations, pure over the model: each returns a new Keystore and leaves every other
 * entry exactly as it was (same object, so same key, certificates, date and sealed bytes).
 */

export interface EntrySummary {
  alias: string;
  kind: EntryKind;
  created: Date;
  chainLength: number;
  /** A private key whose key password Certdesk was not given. */
  locked: boolean;
  /** Facts for each certificate, leaf first. */
  certificates: CertificateFacts[];
  secretAlgorithm?: string;
}

export interface AddOptions {
  alias: string;
  onClash?: ClashPolicy;
  /** A key password other than the store password (JKS/JCEKS only; keytool's -keypass). */
  keyPassword?: string;
  created?: Date;
}

export interface AddResult {
  keystore: Keystore;
  /** The alias the entry ended up under (differs from the request after onClash: 'rename'). */
  alias: string;
  replaced: boolean;
}

/** Lists every entry with certificate facts. */
export function listEntries(ks: Keystore, now: Date = new Date(), expiringSoonDays?: number): EntrySummary[] {
  return ks.entries.map((e) => ({
    alias: e.alias,
    kind: e.kind,
    created: e.created,
    chainLength: e.chainDer.length,
    locked: isLocked(e),
    certificates: e.chainDer.map((der) => describeCertificate(der, now, expiringSoonDays)),
    ...(e.secretAlgorithm ? { secretAlgorithm: e.secretAlgorithm } : {}),
  }));
}

/** Adds a private key (PKCS#8 DER) with its chain (leaf first) as a key entry. */
export function importKeyPair(ks: Keystore, keyPkcs8Der: Buffer, chainDer: Buffer[], opts: AddOptions): AddResult {
  const [leaf] = chainDer;
  if (!leaf) throw new CertdeskError('NO_CERTIFICATE', 'A key entry needs at least its own certificate.');
  assertKeyMatches(keyPkcs8Der, leaf);
  const entry: KeystoreEntry = {
    alias: checkAlias(opts.alias),
    kind: 'privateKey',
    created: opts.created ?? new Date(),
    chainDer,
    keyPkcs8Der,
    ...(opts.keyPassword !== undefined ? { keyPassword: opts.keyPassword } : {}),
  };
  return placeEntry(ks, entry, opts.onClash ?? 'error');
}

/** Imports one key (and its chain) from a PKCS#12 / .pfx file, like keytool -importkeystore. */
export function importPfx(
  ks: Keystore,
  pfxBytes: Buffer,
  pfxPassword: string,
  opts: Partial<AddOptions> & { sourceAlias?: string },
): AddResult {
  return importPkcs12Key(ks, readPkcs12(pfxBytes, pfxPassword), opts);
}

/** importPfx over a .pfx already read (its decryption costs more than the rest of an import, so it is done once). */
export function importPkcs12Key(ks: Keystore, p12: Pkcs12Contents, opts: Partial<AddOptions> & { sourceAlias?: string }): AddResult {
  if (p12.keys.length === 0) throw new CertdeskError('NO_PRIVATE_KEY', 'The .pfx file holds no private key.', 'Import its certificates as trusted entries instead.');
  const names = p12.keys.map((k) => k.alias).join(', ');
  let key = p12.keys[0];
  if (opts.sourceAlias !== undefined) {
    key = p12.keys.find((k) => k.alias === opts.sourceAlias) ?? p12.keys.find((k) => sameAlias(k.alias, opts.sourceAlias ?? ''));
    if (!key) throw new CertdeskError('ALIAS_NOT_FOUND', `The .pfx file has no key named '${opts.sourceAlias}' (it has: ${names}).`);
  } else if (p12.keys.length > 1) {
    throw new CertdeskError('VALIDATION_FAILED', `The .pfx file holds ${p12.keys.length} keys (${names}).`, 'Choose which one to import.');
  }
  if (!key) throw new CertdeskError('NO_PRIVATE_KEY', 'The .pfx file holds no private key.');
  const chain = completeChain(key.chainDer, p12.certs.map((c) => c.certDer));
  const alias = opts.alias ?? (key.alias || 'mykey');
  return importKeyPair(ks, key.keyPkcs8Der, chain, { ...opts, alias });
}

/** Adds a certificate as a trusted entry (keytool -importcert). */
export function trustCertificate(ks: Keystore, certDer: Buffer, opts: AddOptions): AddResult {
  parseCert(certDer);
  const entry: KeystoreEntry = { alias: checkAlias(opts.alias), kind: 'trustedCert', created: opts.created ?? new Date(), chainDer: [certDer] };
  return placeEntry(ks, entry, opts.onClash ?? 'error');
}

/** The entry's own certificate (the leaf for a key entry), as PEM (like keytool -rfc) or DER. */
export function exportCertificate(ks: Keystore, alias: string, format: 'pem' | 'der'): Buffer {
  const e = requireEntry(ks, alias);
  const [der] = e.chainDer;
  if (!der) throw new CertdeskError('NO_CERTIFICATE', `Entry '${e.alias}' is a secret key and has no certificate.`);
  switch (format) {
    case 'der':
      return Buffer.from(der);
    case 'pem': {
      const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
      return Buffer.from(`-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`, 'ascii');
    }
    default: {
      const never: never = format;
      return never;
    }
  }
}

/** Removes an entry. */
export function deleteEntry(ks: Keystore, alias: string): Keystore {
  const e = requireEntry(ks, alias);
  return { ...ks, entries: ks.entries.filter((x) => x !== e) };
}

/** Gives an entry a new alias (keytool -changealias); the entry keeps its place in the file. */
export function renameAlias(ks: Keystore, from: string, to: string, opts: { onClash?: ClashPolicy } = {}): AddResult {
  const e = requireEntry(ks, from);
  const others: Keystore = { ...ks, entries: ks.entries.filter((x) => x !== e) };
  const target = storedAlias(ks.type, checkAlias(to));
  const clash = others.entries.find((x) => sameAlias(x.alias, target));
  let alias = target;
  let entries = ks.entries;
  if (clash) {
    const onClash = opts.onClash ?? 'error';
    switch (onClash) {
      case 'error':
        throw new CertdeskError('ALIAS_EXISTS', `The keystore already has an entry named '${clash.alias}'.`, 'Choose another alias, or replace or rename.');
      case 'replace':
        entries = entries.filter((x) => x !== clash);
        break;
      case 'rename':
        alias = freeAlias(others, target);
        break;
      default: {
        const never: never = onClash;
        return never;
      }
    }
  }
  return { keystore: { ...ks, entries: entries.map((x) => (x === e ? { ...e, alias } : x)) }, alias, replaced: clash !== undefined && alias === target };
}

/**
 * Re-saves keystore bytes under a new store password. Keys that used the store password follow it
 * (the agent opens keys with its one password); keys with their own key password keep it.
 */
export function changeStorePassword(bytes: Buffer, oldPassword: string, newPassword: string, opts: { keyPasswords?: KeyPasswords } = {}): Buffer {
  const ks = loadKeystore(bytes, oldPassword, { lockedKeys: 'keep', ...opts });
  return saveKeystore(ks, newPassword, opts.keyPasswords ? { keyPasswords: opts.keyPasswords } : {});
}

/** What a store-password change does to each entry (every entry falls in exactly one group). */
export interface PasswordCoverage {
  privateKeys: number;
  secretKeys: number;
  trustedCerts: number;
  /** Entries with their own key password (not the store password): they keep it. */
  ownPassword: string[];
}

/** Sorts the entries by what a new store password does to them. */
export function passwordCoverage(ks: Keystore): PasswordCoverage {
  const out: PasswordCoverage = { privateKeys: 0, secretKeys: 0, trustedCerts: 0, ownPassword: [] };
  for (const e of ks.entries) {
    switch (e.kind) {
      case 'trustedCert':
        out.trustedCerts++;
        break;
      case 'privateKey':
      case 'secretKey':
        if (isSealedOnly(e) || e.keyPassword !== undefined) out.ownPassword.push(e.alias);
        else if (e.kind === 'privateKey') out.privateKeys++;
        else out.secretKeys++;
        break;
      default: {
        const never: never = e.kind;
        return never;
      }
    }
  }
  return out;
}

/** "Store password changed; 3 private keys and 1 secret key re-protected; 2 trusted certificates need no password". */
export function passwordCoverageSentence(c: PasswordCoverage): string {
  const n = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;
  const moved = [c.privateKeys ? n(c.privateKeys, 'private key', 'private keys') : '', c.secretKeys ? n(c.secretKeys, 'secret key', 'secret keys') : ''].filter(Boolean);
  const parts = ['Store password changed'];
  parts.push(moved.length ? `${moved.join(' and ')} re-protected with it` : 'no key needed re-protecting');
  if (c.trustedCerts) parts.push(`${n(c.trustedCerts, 'trusted certificate needs', 'trusted certificates need')} no password`);
  if (c.ownPassword.length)
    parts.push(
      `${n(c.ownPassword.length, 'key entry keeps its', 'key entries keep their')} own key password, unchanged (${c.ownPassword.map((a) => `'${a}'`).join(', ')})`,
    );
  return parts.join('; ');
}

/** Changes the model's type after checking every entry can live in the target (JKS ↔ PKCS12). */
export function convertKeystore(ks: Keystore, type: KeystoreType): Keystore {
  for (const e of ks.entries) {
    // A secret key travels only within its own format: JKS holds none, and JCEKS and PKCS#12 encode them differently.
    if (e.kind === 'secretKey' && e.sealed?.format !== type)
      throw new CertdeskError(
        'UNSUPPORTED_FORMAT',
        `The secret key '${e.alias}'${e.secretAlgorithm ? ` (${e.secretAlgorithm})` : ''} cannot be carried into a ${type} keystore${type === 'JKS' ? ', which holds only private keys and certificates' : ''}; nothing was written.`,
        type === 'JKS' ? 'Convert to PKCS12 instead, or delete the secret key entry first.' : 'Use keytool -importkeystore for this conversion, or delete the secret key entry first.',
      );
    const [extra] = ks.extraBags ?? [];
    if (extra && type !== 'PKCS12')
      throw new CertdeskError('UNSUPPORTED_FORMAT', `The keystore holds ${extra.what}; a ${type} keystore cannot keep it, so nothing was written.`, 'Keep it as PKCS12.');
    // A locked key can only travel as its sealed bytes: JKS keeps JKS ones, JCEKS reads both, PKCS#12 neither.
    const carriesSealed = e.sealed !== undefined && type !== 'PKCS12' && (e.sealed.format === type || type === 'JCEKS');
    if (isLocked(e) && !carriesSealed) throw lockedKey(e.alias);
  }
  // PKCS#12 has one password for everything, as keytool enforces.
  const entries = type === 'PKCS12' ? ks.entries.map(({ keyPassword: _unused, ...e }) => e) : ks.entries;
  return { ...ks, type, entries: entries.map((e) => ({ ...e, alias: storedAlias(type, e.alias) })) };
}

/** Finds a free alias for onClash 'rename': alias-2, alias-3, … */
export function freeAlias(ks: Keystore, alias: string): string {
  if (!findEntry(ks, alias)) return alias;
  for (let n = 2; ; n++) if (!findEntry(ks, `${alias}-${n}`)) return `${alias}-${n}`;
}

function placeEntry(ks: Keystore, requested: KeystoreEntry, onClash: ClashPolicy): AddResult {
  const entry = { ...requested, alias: storedAlias(ks.type, requested.alias) };
  const existing = ks.entries.find((e) => sameAlias(e.alias, entry.alias));
  if (!existing) return { keystore: { ...ks, entries: [...ks.entries, entry] }, alias: entry.alias, replaced: false };
  switch (onClash) {
    case 'error':
      throw new CertdeskError('ALIAS_EXISTS', `The keystore already has an entry named '${existing.alias}'.`, 'Choose another alias, or replace or rename.');
    case 'replace':
      return { keystore: { ...ks, entries: ks.entries.map((e) => (e === existing ? entry : e)) }, alias: entry.alias, replaced: true };
    case 'rename': {
      const alias = freeAlias(ks, entry.alias);
      return { keystore: { ...ks, entries: [...ks.entries, { ...entry, alias }] }, alias, replaced: false };
    }
    default: {
      const never: never = onClash;
      return never;
    }
  }
}

function requireEntry(ks: Keystore, alias: string): KeystoreEntry {
  const e = findEntry(ks, alias);
  if (!e) throw new CertdeskError('ALIAS_NOT_FOUND', `The keystore has no entry named '${alias}'.`, `It has: ${ks.entries.map((x) => x.alias).join(', ') || 'no entries'}.`);
  return e;
}

function checkAlias(alias: string): string {
  if (alias.length === 0) throw new CertdeskError('VALIDATION_FAILED', 'An alias cannot be empty.');
  return alias;
}

function parseCert(der: Buffer): X509Certificate {
  try {
    return new X509Certificate(der);
  } catch {
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'This is not an X.509 certificate.');
  }
}

function assertKeyMatches(keyPkcs8Der: Buffer, leafDer: Buffer): void {
  let pub: Buffer;
  try {
    pub = createPublicKey(createPrivateKey({ key: keyPkcs8Der, format: 'der', type: 'pkcs8' })).export({ type: 'spki', format: 'der' });
  } catch {
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'The private key is not a valid PKCS#8 key.');
  }
  const certPub = parseCert(leafDer).publicKey.export({ type: 'spki', format: 'der' });
  if (!pub.equals(certPub))
    throw new CertdeskError('KEY_CERT_MISMATCH', 'The private key does not belong to the certificate.', 'Pick the key file that was made together with this certificate.');
}

/** Appends issuers found in the pool until the chain reaches a self-signed root or runs out. */
function completeChain(chain: Buffer[], pool: Buffer[]): Buffer[] {
  const out = [...chain];
  const candidates = pool.map((der) => ({ der, cert: parseCert(der) }));
  for (let last = out.at(-1); last && out.length < 10; last = out.at(-1)) {
    const cert = parseCert(last);
    if (cert.checkIssued(cert)) break;
    const issuer = candidates.find((c) => !out.some((d) => d.equals(c.der)) && cert.checkIssued(c.cert) && cert.verify(c.cert.publicKey));
    if (!issuer) break;
    out.push(issuer.der);
  }
  return out;
}
