import { type Stats, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { FileRole, WrittenFile } from '../../../shared/contract/files.js';
import { CertdeskError } from '../errors.js';
import { backupFile } from './backup.js';
import { withFileLock } from './file-lock.js';
import { fsyncDir, removeQuietly, removeStaleTemps, renameReplacing, tempPathFor, writeDurable } from './temp-file.js';

/**
 * The one way Certdesk writes a file (keystores, keys, certificates, agent configs, its own data):
 * under the file's lock, back up first, write a temp file beside it with its final mode from the
 * first byte, fsync, re-read and verify, rename over the original, fsync the folder. A crash at any
 * moment leaves either the old or the new file; any error leaves the original untouched and no
 * temp file or backup behind.
 */
export interface SafeWriteOptions {
  /** What the file holds: decides its mode (private material is owner-only) and how it is shown. */
  role?: FileRole;
  /** Re-parses the bytes as read back from disk; throwing aborts the write. */
  verify?: (bytes: Buffer) => void | Promise<void>;
  /** Refuse the write if the file no longer holds these bytes (null: it must not exist). */
  expectedOriginal?: Buffer | null;
  /** Clock for backup names. */
  now?: () => Date;
  /** Keep a backup of the previous content (default true); off only for Certdesk's own append-only log. */
  backup?: boolean;
}

/** Roles whose files hold private keys or secrets: always 0600, even when replacing a more open file. */
const PRIVATE_ROLES: ReadonlySet<FileRole> = new Set<FileRole>(['privateKey', 'pfx', 'keystore', 'metadata']);

/** True when a file of this role must be readable by its owner only. */
export function isPrivateRole(role: FileRole | undefined): boolean {
  return role !== undefined && PRIVATE_ROLES.has(role);
}

/**
 * The final permissions: private material 0600 whatever the old file had; anything else keeps a
 * replaced file's mode; a new file is 0644 when public (certificates, CSRs, configs), else 0600.
 */
export function finalMode(role: FileRole | undefined, existing: Stats | null): number {
  if (isPrivateRole(role)) return 0o600;
  if (existing) return existing.mode & 0o7777;
  return role === undefined ? 0o600 : 0o644;
}

/** Writes `bytes` to `path` atomically with a backup of the previous content. */
export async function writeFileSafely(path: string, bytes: Buffer, opts: SafeWriteOptions = {}): Promise<WrittenFile> {
  return withFileLock(path, async () => {
    const target = await resolveTarget(path);
    await removeStaleTemps(target);
    const st = await statOrNull(target);
    if (st && !st.isFile()) throw new CertdeskError('IO_ERROR', `Not a regular file: ${target}`);
    await checkExpected(target, opts.expectedOriginal);
    const mode = finalMode(opts.role, st);
    // The backup is never more open than the new file (a world-readable old keystore keeps its key private now).
    const backup = st && opts.backup !== false ? await io(target, () => backupFile(target, opts.now?.() ?? new Date(), (st.mode & 0o7777) & (isPrivateRole(opts.role) ? 0o600 : 0o7777))) : null;
    const temp = tempPathFor(target);
    try {
      const owner = st && process.getuid?.() === 0 ? { uid: st.uid, gid: st.gid } : undefined;
      await io(target, () => writeDurable(temp, bytes, mode, owner));
      const readBack = await io(target, () => fs.readFile(temp));
      if (!readBack.equals(bytes)) throw new CertdeskError('IO_ERROR', `The file read back differs from what was written: ${target}`, 'Check the disk.');
      await opts.verify?.(readBack);
      await checkExpected(target, opts.expectedOriginal); // another program may have written it meanwhile
      await io(target, () => renameReplacing(temp, target));
    } catch (err) {
      await removeQuietly(temp);
      // A failed write leaves the folder as it was: no backup of a file that did not change.
      if (backup) await removeQuietly(backup.path);
      throw err;
    }
    await io(target, () => fsyncDir(dirname(target)));
    return { path: target, ...(opts.role ? { role: opts.role } : {}), created: !st, backupPath: backup?.path ?? null, backupKind: backup?.kind ?? null };
  });
}

/** One file of a multi-file write. */
export interface PlannedWrite {
  path: string;
  bytes: Buffer;
  role: FileRole;
  verify?: (bytes: Buffer) => void;
}

/**
 * Writes several files through writeFileSafely, all or none: a failure undoes the earlier ones
 * (new files removed, replaced ones get their backup back). `mustBeNew` refuses a file that
 * appeared since the caller checked.
 */
export async function writeFilesSafely(files: PlannedWrite[], opts: { mustBeNew: boolean; now?: () => Date }): Promise<WrittenFile[]> {
  const done: WrittenFile[] = [];
  try {
    for (const file of files) {
      done.push(
        await writeFileSafely(resolve(file.path), file.bytes, {
          role: file.role,
          ...(opts.mustBeNew ? { expectedOriginal: null } : {}),
          ...(file.verify ? { verify: file.verify } : {}),
          ...(opts.now ? { now: opts.now } : {}),
        }),
      );
    }
  } catch (err) {
    await rollBack(done);
    throw err;
  }
  return done;
}

/** Undoes writes: new files are removed, replaced ones get their backup back. Best effort. */
async function rollBack(results: WrittenFile[]): Promise<void> {
  for (const r of [...results].reverse()) {
    try {
      if (r.created) await fs.rm(r.path, { force: true });
      else if (r.backupPath) await fs.rename(r.backupPath, r.path);
    } catch {
      // The error that caused the roll-back is the one to report.
    }
  }
}

/** Follows a symbolic link so the link stays and its target is replaced. */
async function resolveTarget(path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(path, err);
  }
  try {
    return join(await fs.realpath(dirname(path)), basename(path));
  } catch {
    throw new CertdeskError('FILE_NOT_FOUND', `The folder does not exist: ${dirname(path)}`);
  }
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await fs.stat(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw ioError(path, err);
  }
}

async function checkExpected(path: string, expected: Buffer | null | undefined): Promise<void> {
  if (expected === undefined) return;
  let current: Buffer | null;
  try {
    current = await fs.readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(path, err);
    current = null;
  }
  const same = current === null || expected === null ? current === expected : current.equals(expected);
  if (!same)
    throw new CertdeskError('IO_ERROR', `The file was changed by another program while Certdesk was working on it: ${path}`, 'Nothing was written. Try again.');
}

async function io<T>(path: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw ioError(path, err);
  }
}

function ioError(path: string, err: unknown): CertdeskError {
  if (err instanceof CertdeskError) return err;
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return new CertdeskError('IO_ERROR', `Permission denied writing ${path}.`, 'Run Certdesk as a user who may change this file (often the agent service account or an administrator).');
    case 'ENOSPC':
      return new CertdeskError('IO_ERROR', `The disk is full; ${path} was not changed.`, 'Free some space and try again.');
    case 'EROFS':
      return new CertdeskError('IO_ERROR', `The file system is read-only; ${path} was not changed.`);
    default:
      return new CertdeskError('IO_ERROR', `Could not write ${path} (${code ?? 'unknown error'}); it was not changed.`);
  }
}
