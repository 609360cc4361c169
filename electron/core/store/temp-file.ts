import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Durable-write building blocks shared by atomic writes and backups.
 * Temp files live next to their target (a rename is only atomic within one file system) and carry
 * the writer's pid, so a later write can clean up after a writer that was killed mid-way.
 */

const TEMP_TAG = '.certdesk-';
const TEMP_EXT = '.tmp';

/** A fresh temp path beside `target`: `.<name>.certdesk-<pid>-<random>.tmp` (hidden, like `.keystore`). */
export function tempPathFor(target: string): string {
  return join(dirname(target), `${tempPrefix(target)}${process.pid}-${randomBytes(6).toString('hex')}${TEMP_EXT}`);
}

function tempPrefix(target: string): string {
  const name = basename(target);
  return `${name.startsWith('.') ? name : `.${name}`}${TEMP_TAG}`;
}

/** Writes bytes to a new file (never an existing one), fsyncs and closes it. */
export async function writeDurable(path: string, bytes: Buffer, mode: number, owner?: { uid: number; gid: number }): Promise<void> {
  const fh = await fs.open(path, 'wx', mode);
  try {
    // open() applies the umask; the copy must carry the original's exact permissions.
    await fh.chmod(mode);
    if (owner) await fh.chown(owner.uid, owner.gid).catch(() => undefined);
    let off = 0;
    while (off < bytes.length) off += (await fh.write(bytes, off, bytes.length - off)).bytesWritten;
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Makes a rename or link inside `dir` durable; folders cannot be opened for fsync on Windows. */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dir, 'r');
    await fh.sync();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw err;
  } finally {
    await fh?.close();
  }
}

/**
 * Publishes `temp` as `target` only if `target` does not exist yet (link is atomic and never
 * overwrites). Returns false when the name is taken. Falls back to check-then-rename where the
 * file system has no hard links (FAT, some network shares).
 */
export async function publishNoClobber(temp: string, target: string): Promise<boolean> {
  try {
    await fs.link(temp, target);
    await fs.unlink(temp);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS' && code !== 'EXDEV' && code !== 'EOPNOTSUPP') throw err;
  }
  if (await exists(target)) return false;
  await fs.rename(temp, target);
  return true;
}

/** Renames over the target; Windows refuses while another process briefly holds the file, so retry. */
export async function renameReplacing(temp: string, target: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fs.rename(temp, target);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const transient = code === 'EPERM' || code === 'EACCES' || code === 'EBUSY';
      if (process.platform !== 'win32' || !transient || attempt >= 8) throw err;
      await new Promise((r) => setTimeout(r, 25 * 2 ** attempt));
    }
  }
}

/** Deletes temp files beside `target` left by writers that no longer run (killed mid-write). */
export async function removeStaleTemps(target: string): Promise<void> {
  const prefix = tempPrefix(target);
  let names: string[];
  try {
    names = await fs.readdir(dirname(target));
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_EXT)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (!Number.isInteger(pid) || pid === process.pid || isAlive(pid)) continue;
    await fs.unlink(join(dirname(target), name)).catch(() => undefined);
  }
}

/** Removes a file, ignoring "already gone". */
export async function removeQuietly(path: string): Promise<void> {
  await fs.unlink(path).catch(() => undefined);
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch {
    return false;
  }
}

/** True while a process with this id runs (EPERM: it runs as another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
