import { AsyncLocalStorage } from 'node:async_hooks';
import { type Stats, promises as fs } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CertdeskError } from '../errors.js';
import { backupFile } from './backup.js';
import { fsyncDir, removeQuietly, removeStaleTemps, renameReplacing, tempPathFor, writeDurable } from './temp-file.js';

/**
 * The one way Certdesk changes a file the user owns (keystores, agent configs):
 * back up first, write a temp file beside it, fsync, re-read and verify, rename over the
 * original, fsync the folder. A crash at any moment leaves either the old or the new file,
 * and any error leaves the original untouched and no temp file behind.
 */
export interface SafeWriteOptions {
  /** Re-parses the bytes as read back from disk; throwing aborts the write. */
  verify?: (bytes: Buffer) => void | Promise<void>;
  /** Refuse the write if the file no longer holds these bytes (null: it must not exist). */
  expectedOriginal?: Buffer | null;
  /** Clock for backup names. */
  now?: () => Date;
  /** Permissions for a file that does not exist yet; keystores hold private keys, so owner-only. */
  newFileMode?: number;
}

export interface SafeWriteResult {
  /** The file written (symbolic links are followed, so this is the real file). */
  path: string;
  created: boolean;
  backupPath: string | null;
  backupKind: 'orig' | 'timestamped' | null;
}

/** Writes `bytes` to `path` atomically with a backup of the previous content. */
export async function writeFileSafely(path: string, bytes: Buffer, opts: SafeWriteOptions = {}): Promise<SafeWriteResult> {
  return withFileLock(path, async () => {
    const target = await resolveTarget(path);
    await removeStaleTemps(target);
    const st = await statOrNull(target);
    if (st && !st.isFile()) throw new CertdeskError('IO_ERROR', `Not a regular file: ${target}`);
    await checkExpected(target, opts.expectedOriginal);
    const backup = st ? await io(target, () => backupFile(target, opts.now?.() ?? new Date())) : null;
    const temp = tempPathFor(target);
    try {
      const mode = st ? st.mode & 0o7777 : (opts.newFileMode ?? 0o600);
      const owner = st && process.getuid?.() === 0 ? { uid: st.uid, gid: st.gid } : undefined;
      await io(target, () => writeDurable(temp, bytes, mode, owner));
      const readBack = await io(target, () => fs.readFile(temp));
      if (!readBack.equals(bytes)) throw new CertdeskError('IO_ERROR', `The file read back differs from what was written: ${target}`, 'Check the disk.');
      await opts.verify?.(readBack);
      await checkExpected(target, opts.expectedOriginal); // narrow the window for a concurrent writer
      await io(target, () => renameReplacing(temp, target));
    } catch (err) {
      await removeQuietly(temp);
      throw err;
    }
    await io(target, () => fsyncDir(dirname(target)));
    return { path: target, created: !st, backupPath: backup?.path ?? null, backupKind: backup?.kind ?? null };
  });
}

const held = new AsyncLocalStorage<ReadonlySet<string>>();
const queues = new Map<string, Promise<void>>();

/**
 * Runs `fn` while no other Certdesk task in this process writes `path` (read-modify-write of a
 * keystore must not interleave). Re-entrant: writeFileSafely inside `fn` does not wait on itself.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
  const key = resolve(path);
  const mine = held.getStore();
  if (mine?.has(key)) return fn();
  const prev = queues.get(key) ?? Promise.resolve();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const tail = prev.then(() => gate);
  queues.set(key, tail);
  await prev;
  try {
    return await held.run(new Set([...(mine ?? []), key]), fn);
  } finally {
    release();
    if (queues.get(key) === tail) queues.delete(key);
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
