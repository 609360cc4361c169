import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { promises as fs, realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { CertdeskError } from '../errors.js';
import { readBoundedOrNull } from './read-file.js';
import { isAlive } from './temp-file.js';

/**
 * One lock per target file, across threads and processes: the in-process queue (re-entrant through
 * AsyncLocalStorage) and a lock file beside the target, created with O_EXCL and holding pid, host,
 * start time and a token. A lock whose process died on this host, or that was not refreshed for
 * STALE_MS, is taken over; otherwise a waiter polls with backoff up to the wait bound, then fails
 * with FILE_BUSY having changed nothing.
 */

export interface LockOptions {
  /** How long to wait for another process (default 20 s, see configureFileLocks). */
  waitMs?: number;
}

/** A held lock older than this without a heartbeat belongs to a hung or vanished process. */
export const STALE_MS = 2 * 60_000;
const HEARTBEAT_MS = 20_000;
const LOCK_TAG = '.certdesk-lock';

let defaultWaitMs = 20_000;

/** Sets how long a write waits for another Certdesk process before FILE_BUSY (CERTDESK_LOCK_WAIT_MS). */
export function configureFileLocks(opts: { waitMs?: number }): void {
  if (opts.waitMs !== undefined && Number.isFinite(opts.waitMs) && opts.waitMs >= 0) defaultWaitMs = opts.waitMs;
}

interface LockInfo {
  pid: number;
  host: string;
  started: string;
  token: string;
}

const held = new AsyncLocalStorage<ReadonlySet<string>>();
const queues = new Map<string, Promise<void>>();

/**
 * The real file a path names (a symbolic link is followed), computed synchronously so that tasks
 * queue in the order they asked; a file not created yet is named by its folder's real path.
 */
export function lockKey(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync(full);
  } catch {
    try {
      return join(realpathSync(dirname(full)), basename(full));
    } catch {
      return full;
    }
  }
}

/** `.<name>.certdesk-lock` beside the target (hidden, like the temp files). */
export function lockPathFor(target: string): string {
  const name = basename(target);
  return join(dirname(target), `${name.startsWith('.') ? name : `.${name}`}${LOCK_TAG}`);
}

/**
 * Runs `fn` while no other Certdesk task (this process or another) changes `path`: the whole
 * read-modify-write goes inside. Re-entrant: writeFileSafely inside `fn` does not wait on itself.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  const key = lockKey(path);
  const mine = held.getStore();
  if (mine?.has(key)) return fn();
  const prev = queues.get(key) ?? Promise.resolve();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const tail = prev.then(() => gate);
  queues.set(key, tail);
  await prev;
  try {
    const unlock = await acquire(key, opts.waitMs ?? defaultWaitMs);
    try {
      return await held.run(new Set([...(mine ?? []), key]), fn);
    } finally {
      await unlock();
    }
  } finally {
    release();
    if (queues.get(key) === tail) queues.delete(key);
  }
}

/** Takes the lock file for `key`, waiting up to `waitMs`; returns its release. */
async function acquire(key: string, waitMs: number): Promise<() => Promise<void>> {
  const lockPath = lockPathFor(key);
  const info: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString(), token: randomBytes(12).toString('hex') };
  const deadline = Date.now() + waitMs;
  let delay = 10;
  for (;;) {
    const got = await tryCreate(lockPath, info);
    if (got === 'created') return holdUntilReleased(lockPath, info);
    if (got === 'unlockable') return async () => undefined;
    const holder = await readLock(lockPath);
    if (holder !== 'gone' && (await isStale(lockPath, holder)) && (await takeOver(lockPath, holder))) continue;
    if (holder === 'gone') continue;
    const left = deadline - Date.now();
    if (left <= 0) throw busy(key, lockPath, holder, waitMs);
    await new Promise((r) => setTimeout(r, Math.min(left, delay + Math.floor(Math.random() * delay))));
    delay = Math.min(delay * 2, 250);
  }
}

/** 'exists' when another holds it; 'unlockable' when the folder cannot hold a lock file (missing, read-only). */
async function tryCreate(lockPath: string, info: LockInfo): Promise<'created' | 'exists' | 'unlockable'> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(lockPath, 'wx', 0o600);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return 'exists';
    // The write itself will then fail with its own clear message (no folder, no permission).
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return 'unlockable';
    throw err;
  }
  try {
    await fh.writeFile(`${JSON.stringify(info)}\n`);
  } finally {
    await fh.close();
  }
  return 'created';
}

function holdUntilReleased(lockPath: string, info: LockInfo): () => Promise<void> {
  // A long write refreshes the lock's time so it is never mistaken for a stale one.
  const timer = setInterval(() => {
    const now = new Date();
    void fs.utimes(lockPath, now, now).catch(() => undefined);
  }, HEARTBEAT_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    const current = await readLock(lockPath);
    if (current !== 'gone' && current?.token === info.token) await fs.unlink(lockPath).catch(() => undefined);
  };
}

/** The holder's record; null when unreadable (being written this instant), 'gone' when released meanwhile. */
async function readLock(lockPath: string): Promise<LockInfo | null | 'gone'> {
  let bytes: Buffer | null;
  try {
    bytes = await readBoundedOrNull(lockPath, { kind: 'metadata', what: 'lock file' });
  } catch {
    return null;
  }
  if (bytes === null) return 'gone';
  try {
    const v = JSON.parse(bytes.toString('utf8')) as Partial<LockInfo>;
    if (typeof v.pid === 'number' && typeof v.host === 'string' && typeof v.started === 'string' && typeof v.token === 'string')
      return { pid: v.pid, host: v.host, started: v.started, token: v.token };
  } catch {
    // fall through
  }
  return null;
}

/** Stale: its process died on this host, or it was not refreshed for STALE_MS (or unreadable for a few seconds). */
async function isStale(lockPath: string, holder: LockInfo | null): Promise<boolean> {
  let age: number;
  try {
    age = Date.now() - (await fs.stat(lockPath)).mtimeMs;
  } catch {
    return false;
  }
  if (holder === null) return age > 5_000;
  if (holder.host === hostname() && !isAlive(holder.pid)) return true;
  return age > STALE_MS;
}

/** Moves the stale lock aside and removes it, unless someone else replaced it in between. */
async function takeOver(lockPath: string, stale: LockInfo | null): Promise<boolean> {
  const aside = `${lockPath}.stale-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(lockPath, aside);
  } catch {
    return false;
  }
  const moved = await readLock(aside);
  const same = stale === null ? moved === null : moved !== 'gone' && moved?.token === stale.token;
  if (!same) {
    // A fresh lock was taken in the meantime: put it back (never over a newer one).
    await fs.link(aside, lockPath).catch(() => undefined);
  }
  await fs.unlink(aside).catch(() => undefined);
  return same;
}

function busy(key: string, lockPath: string, holder: LockInfo | null, waitMs: number): CertdeskError {
  const who = holder ? `process ${holder.pid} on ${holder.host}, since ${holder.started}` : 'another process';
  return new CertdeskError(
    'FILE_BUSY',
    `${key} is busy: another Certdesk run is changing it (${who}). Waited ${Math.round(waitMs / 100) / 10} s; nothing was changed.`,
    `Try again when that run has finished. If no Certdesk is running, remove ${lockPath}.`,
  );
}
