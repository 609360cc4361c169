import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncDir, publishNoClobber, removeQuietly, tempPathFor, writeDurable } from './temp-file.js';

/**
 * Backups before a change to a file the user owns: the first change keeps `<name>.orig` (the
 * step agent documentation asks admins to do by hand), later ones `<name>.<YYYYMMDD-HHMMSS[-n]>.bak`.
 * A backup is published atomically and never overwrites another, so `.orig` stays the true original.
 */
export interface BackupResult {
  path: string;
  kind: 'orig' | 'timestamped';
}

/** Copies `path` to its next backup name and returns where it went; `mode` defaults to the original's. */
export async function backupFile(path: string, now: Date = new Date(), mode?: number): Promise<BackupResult> {
  const st = await fs.stat(path);
  const bytes = await fs.readFile(path);
  const temp = tempPathFor(path);
  try {
    await writeDurable(temp, bytes, mode ?? st.mode & 0o7777, { uid: st.uid, gid: st.gid });
    let result: BackupResult | undefined;
    if (await publishNoClobber(temp, `${path}.orig`)) result = { path: `${path}.orig`, kind: 'orig' };
    const stamp = backupTimestamp(now);
    for (let n = 1; !result; n++) {
      const candidate = `${path}.${stamp}${n === 1 ? '' : `-${n}`}.bak`;
      if (await publishNoClobber(temp, candidate)) result = { path: candidate, kind: 'timestamped' };
      if (n > 10_000) throw new Error('no free backup name');
    }
    await fsyncDir(dirname(path));
    return result;
  } finally {
    await removeQuietly(temp);
  }
}

/** `YYYYMMDD-HHMMSS` in local time (what the person sees on their clock). */
export function backupTimestamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}
