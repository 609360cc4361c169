import { CertdeskError } from '../errors.js';
import type { WrittenFile } from '../../../shared/contract/files.js';
import { writeFileSafely } from '../store/atomic-file.js';
import { withFileLock } from '../store/file-lock.js';
import { readBoundedOrNull } from '../store/read-file.js';
import { type KeyPasswords, loadKeystore, saveKeystore } from './keystore.js';
import { type Keystore, type KeystoreEntry, type KeystoreType, storedAlias } from './model.js';

/**
 * The single path every keystore change on disk goes through: load, mutate the model, save,
 * then write safely (backup, temp, fsync, verify by re-parsing with the password, rename).
 */
export interface UpdateKeystoreOptions {
  keyPasswords?: KeyPasswords;
  /** Create the keystore with this type when the file does not exist (import-pfx may). */
  createType?: Exclude<KeystoreType, 'JCEKS'>;
  /** Save under a new store password. */
  newStorePassword?: string;
  /** Save as another type (converting the file in place). */
  saveType?: KeystoreType;
  now?: () => Date;
}

export interface UpdateKeystoreResult {
  keystore: Keystore;
  /** Null when the new bytes equal the old ones: nothing was written and no backup made. */
  write: WrittenFile | null;
}

/** Loads the keystore at `path`, applies `mutate`, and writes the result back safely. */
export async function updateKeystoreFile(
  path: string,
  storePassword: string,
  mutate: (ks: Keystore) => Keystore | Promise<Keystore>,
  opts: UpdateKeystoreOptions = {},
): Promise<UpdateKeystoreResult> {
  return withFileLock(path, async () => {
    const original = await readBoundedOrNull(path, { kind: 'keystore', what: 'keystore' });
    let current: Keystore;
    if (original) current = loadKeystore(original, storePassword, { lockedKeys: 'keep', ...pick(opts) });
    else if (opts.createType) current = { type: opts.createType, entries: [] };
    else throw new CertdeskError('FILE_NOT_FOUND', `The keystore does not exist: ${path}`);
    const next = await mutate(current);
    const type = opts.saveType ?? next.type;
    const password = opts.newStorePassword ?? storePassword;
    const bytes = saveKeystore(next, password, { type, ...pick(opts) });
    const keystore: Keystore = { ...next, type, entries: next.entries.map((e) => ({ ...e, alias: storedAlias(type, e.alias) })) };
    // Untouched JKS entries are written back byte for byte, so a no-op change is recognisable.
    if (original?.equals(bytes)) return { keystore, write: null };
    const write = await writeFileSafely(path, bytes, {
      role: 'keystore',
      expectedOriginal: original,
      verify: (readBack) => verifyKeystoreBytes(readBack, password, next, type, opts.keyPasswords),
      ...(opts.now ? { now: opts.now } : {}),
    });
    return { keystore, write };
  });
}

/** Writes a keystore to a new or existing file safely (convert, export to another path). */
export async function writeKeystoreFile(
  path: string,
  ks: Keystore,
  storePassword: string,
  opts: { type?: KeystoreType; keyPasswords?: KeyPasswords } = {},
): Promise<WrittenFile> {
  const type = opts.type ?? ks.type;
  const bytes = saveKeystore(ks, storePassword, { type, ...pick(opts) });
  return writeFileSafely(path, bytes, { role: 'keystore', verify: (b) => verifyKeystoreBytes(b, storePassword, ks, type, opts.keyPasswords) });
}

/** Re-parses written bytes and checks they hold exactly the intended entries. */
export function verifyKeystoreBytes(bytes: Buffer, storePassword: string, expected: Keystore, type: KeystoreType, keyPasswords?: KeyPasswords): void {
  const own = (alias: string): string | undefined =>
    expected.entries.find((e) => storedAlias(type, e.alias) === alias)?.keyPassword ?? keyPasswords?.(alias);
  const got = loadKeystore(bytes, storePassword, { lockedKeys: 'keep', keyPasswords: own });
  const fail = (why: string): never => {
    throw new CertdeskError('VERIFY_FAILED', `The keystore Certdesk wrote did not read back correctly (${why}); the original was kept.`);
  };
  if (got.type !== type) fail(`type ${got.type} instead of ${type}`);
  if (got.entries.length !== expected.entries.length) fail('entry count differs');
  if ((got.extraBags?.length ?? 0) !== (expected.extraBags?.length ?? 0)) fail('a kept PKCS#12 bag is missing');
  for (const want of expected.entries) {
    const have = got.entries.find((e) => e.alias === storedAlias(type, want.alias));
    if (!have || !sameEntry(have, want)) fail(`entry '${want.alias}' differs`);
    // PKCS#12 keeps no entry dates; the Java formats must keep them.
    if (have && type !== 'PKCS12' && have.created.getTime() !== want.created.getTime()) fail(`entry '${want.alias}' changed its date`);
  }
}

function sameEntry(a: KeystoreEntry, b: KeystoreEntry): boolean {
  if (a.kind !== b.kind || a.chainDer.length !== b.chainDer.length) return false;
  if (!a.chainDer.every((der, i) => b.chainDer[i]?.equals(der))) return false;
  // A key that was unlocked before must unlock again (with its own password) to the same bytes.
  if (b.keyPkcs8Der && !(a.keyPkcs8Der && a.keyPkcs8Der.equals(b.keyPkcs8Der))) return false;
  if (b.secretPlain && !(a.secretPlain && a.secretPlain.equals(b.secretPlain))) return false;
  return true;
}

function pick(opts: { keyPasswords?: KeyPasswords }): { keyPasswords?: KeyPasswords } {
  return opts.keyPasswords ? { keyPasswords: opts.keyPasswords } : {};
}
