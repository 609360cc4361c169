import { AsyncLocalStorage } from 'node:async_hooks';
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

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

/**
 * Runs `fn` while no other Certdesk task in this process writes `path` (read-modify-write of a
 * keystore must not interleave). Re-entrant: writeFileSafely inside `fn` does not wait on itself.
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>): Promise<T> {
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
    return await held.run(new Set([...(mine ?? []), key]), fn);
  } finally {
    release();
    if (queues.get(key) === tail) queues.delete(key);
  }
}
