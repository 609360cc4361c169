import { promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CertdeskError } from '../errors.js';
import type { Handler } from '../handler.js';
import { readBounded } from '../store/read-file.js';
import { loadKeystore } from './keystore.js';
import { type Keystore, type KeystoreEntry, sameAlias } from './model.js';

/**
 * Certdesk's backups of a keystore (`<name>.orig`, `<name>.<YYYYMMDD-HHMMSS[-n]>.bak`, beside it)
 * and which of them still hold secrets a change took away: a deleted key, or keys that open with
 * the old store password. Removing them is the person's choice, offered, never automatic.
 */

/** The real path of the keystore: backups are named after the file a symbolic link points to. */
async function realTarget(path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch {
    return resolve(path);
  }
}

/** True when `candidate` is one of Certdesk's backup names for the keystore file `target`. */
export function isBackupOf(target: string, candidate: string): boolean {
  if (dirname(candidate) !== dirname(target)) return false;
  const name = basename(target);
  const file = basename(candidate);
  if (!file.startsWith(`${name}.`)) return false;
  return /^(orig|\d{8}-\d{6}(-\d+)?\.bak)$/.test(file.slice(name.length + 1));
}

/** Every Certdesk backup of the keystore at `path`, oldest name first. */
export async function keystoreBackups(path: string): Promise<string[]> {
  const target = await realTarget(path);
  let names: string[];
  try {
    names = await fs.readdir(dirname(target));
  } catch {
    return [];
  }
  return names
    .map((n) => join(dirname(target), n))
    .filter((p) => isBackupOf(target, p))
    .sort();
}

/** Opens a backup with the password, or null when it does not open (another password, damaged). */
async function openBackup(path: string, password: string): Promise<Keystore | null> {
  try {
    return loadKeystore(await readBounded(path, { kind: 'keystore', what: 'keystore backup' }), password, { lockedKeys: 'keep' });
  } catch {
    return null;
  }
}

function holdsKeys(ks: Keystore): boolean {
  return ks.entries.some((e) => e.kind !== 'trustedCert');
}

/** The backups that still open with the old store password and hold a private or secret key. */
export async function backupsOpeningWith(path: string, oldPassword: string): Promise<string[]> {
  const out: string[] = [];
  for (const b of await keystoreBackups(path)) {
    const ks = await openBackup(b, oldPassword);
    if (ks && holdsKeys(ks)) out.push(b);
  }
  return out;
}

/** The backups that still hold the deleted key entry (same alias and kind, same certificate). */
export async function backupsHolding(path: string, storePassword: string, removed: KeystoreEntry): Promise<string[]> {
  if (removed.kind === 'trustedCert') return [];
  const out: string[] = [];
  for (const b of await keystoreBackups(path)) {
    const ks = await openBackup(b, storePassword);
    const same = ks?.entries.find((e) => sameAlias(e.alias, removed.alias) && e.kind === removed.kind);
    if (same && (same.chainDer[0] === undefined || removed.chainDer[0] === undefined || same.chainDer[0].equals(removed.chainDer[0]))) out.push(b);
  }
  return out;
}

/** One sentence for the change summary, or '' when no backup holds anything. */
export function secretBackupsSentence(paths: string[], what: string): string {
  if (paths.length === 0) return '';
  const list = paths.map((p) => basename(p)).join(', ');
  return ` ${paths.length === 1 ? 'A backup' : `${paths.length} backups`} still ${paths.length === 1 ? 'holds' : 'hold'} ${what} (${list}); remove ${paths.length === 1 ? 'it' : 'them'} once you no longer need to go back.`;
}

/** keystore.removeBackups: deletes only Certdesk backups of that keystore, all checked before any is removed. */
export const removeBackupsOp: Handler<'keystore.removeBackups'> = async (input) => {
  const target = await realTarget(input.path);
  const paths = [...new Set(input.backupPaths.map((p) => resolve(p)))];
  for (const p of paths) {
    if (!isBackupOf(target, p))
      throw new CertdeskError(
        'VALIDATION_FAILED',
        `${p} is not a Certdesk backup of ${target}; nothing was removed.`,
        `Only ${basename(target)}.orig and ${basename(target)}.<date-time>.bak files beside the keystore can be removed this way.`,
      );
    const st = await fs.lstat(p).catch(() => null);
    if (!st) throw new CertdeskError('FILE_NOT_FOUND', `The backup does not exist: ${p}; nothing was removed.`);
    if (!st.isFile()) throw new CertdeskError('VALIDATION_FAILED', `${p} is not a regular file; nothing was removed.`);
  }
  const removed: string[] = [];
  for (const p of paths) {
    await fs.unlink(p);
    removed.push(p);
  }
  return { removed };
};
