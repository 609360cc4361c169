import { spawnSync } from 'node:child_process';
import { chmod, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CertdeskError } from '../../../../electron/core/errors.js';
import { writeFileSafely } from '../../../../electron/core/store/atomic-file.js';
import { backupTimestamp } from '../../../../electron/core/store/backup.js';
import { rejectionOf } from '../keystore/helpers.js';

/** Safe writes on a real file system: backups, verification, permissions, leftovers, concurrency. */

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certdesk-atomic-'));
  file = join(dir, '.keystore');
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const clock = (iso: string) => () => new Date(iso);

describe('writeFileSafely', () => {
  it('creates a missing file owner-only, with no backup', async () => {
    const r = await writeFileSafely(file, Buffer.from('v1'));
    expect(r).toMatchObject({ created: true, backupPath: null });
    expect(await readFile(file, 'utf8')).toBe('v1');
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['.keystore']);
  });

  it('keeps <name>.orig on the first change and timestamped backups after, never overwriting one', async () => {
    await writeFile(file, 'original');
    const first = await writeFileSafely(file, Buffer.from('v2'), { now: clock('2025-03-04T05:06:07') });
    expect(first).toMatchObject({ backupPath: `${file}.orig`, backupKind: 'orig', created: false });
    const second = await writeFileSafely(file, Buffer.from('v3'), { now: clock('2025-03-04T05:06:07') });
    const third = await writeFileSafely(file, Buffer.from('v4'), { now: clock('2025-03-04T05:06:07') });
    expect(second.backupPath).toBe(`${file}.20250304-050607.bak`);
    expect(third.backupPath).toBe(`${file}.20250304-050607-2.bak`);
    expect(await readFile(`${file}.orig`, 'utf8')).toBe('original');
    expect(await readFile(second.backupPath!, 'utf8')).toBe('v2');
    expect(await readFile(third.backupPath!, 'utf8')).toBe('v3');
    expect(await readFile(file, 'utf8')).toBe('v4');
    expect(backupTimestamp(new Date(2024, 11, 31, 23, 59, 58))).toBe('20241231-235958');
  });

  it('keeps the original permissions', async () => {
    if (process.platform === 'win32') return;
    await writeFile(file, 'original');
    await chmod(file, 0o640);
    await writeFileSafely(file, Buffer.from('v2'));
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect((await stat(`${file}.orig`)).mode & 0o777).toBe(0o640);
  });

  it('passes the bytes read back from disk to verify; a failing verify leaves the original and no temp file', async () => {
    await writeFile(file, 'original');
    let seen: Buffer | undefined;
    await writeFileSafely(file, Buffer.from('good'), { verify: (b) => void (seen = b) });
    expect(seen?.toString()).toBe('good');
    const err = await rejectionOf(
      writeFileSafely(file, Buffer.from('bad'), {
        verify: () => {
          throw new CertdeskError('KEYSTORE_CORRUPT', 'does not parse');
        },
      }),
    );
    expect(err.code).toBe('KEYSTORE_CORRUPT');
    expect(await readFile(file, 'utf8')).toBe('good');
    expect((await readdir(dir)).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to write when someone else changed the file since it was read', async () => {
    await writeFile(file, 'mine');
    const err = await rejectionOf(writeFileSafely(file, Buffer.from('new'), { expectedOriginal: Buffer.from('what I read') }));
    expect(err.code).toBe('IO_ERROR');
    expect(await readFile(file, 'utf8')).toBe('mine');
  });

  it('replaces the target of a symbolic link and keeps the link', async () => {
    if (process.platform === 'win32') return;
    const real = join(dir, 'real.jks');
    await writeFile(real, 'original');
    await symlink(real, file);
    const r = await writeFileSafely(file, Buffer.from('v2'));
    expect(r.path).toBe(await import('node:fs/promises').then((fs) => fs.realpath(real)));
    expect((await lstat(file)).isSymbolicLink()).toBe(true);
    expect(await readFile(real, 'utf8')).toBe('v2');
    expect(await readFile(`${r.path}.orig`, 'utf8')).toBe('original');
  });

  it('removes temp files left by a writer that was killed, but not those of a live one', async () => {
    await writeFile(file, 'original');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    const stale = join(dir, `.keystore.certdesk-${dead}-abcdef.tmp`);
    const live = join(dir, `.keystore.certdesk-${process.ppid}-abcdef.tmp`);
    await writeFile(stale, 'half');
    await writeFile(live, 'busy');
    await writeFileSafely(file, Buffer.from('v2'));
    const names = await readdir(dir);
    expect(names).not.toContain(`.keystore.certdesk-${dead}-abcdef.tmp`);
    expect(names).toContain(`.keystore.certdesk-${process.ppid}-abcdef.tmp`);
  });

  it('serialises concurrent writers in one process: every version lands in order in a backup', async () => {
    await writeFile(file, 'v0');
    await Promise.all(Array.from({ length: 8 }, (_, i) => writeFileSafely(file, Buffer.from(`v${i + 1}`))));
    expect(await readFile(file, 'utf8')).toBe('v8');
    const backups = (await readdir(dir)).filter((n) => n.endsWith('.bak') || n.endsWith('.orig'));
    expect(backups).toHaveLength(8);
    const contents = await Promise.all(backups.map((n) => readFile(join(dir, n), 'utf8')));
    expect(contents.sort()).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'v6', 'v7']);
  });

  it('reports a missing folder and a folder in place of the file', async () => {
    expect((await rejectionOf(writeFileSafely(join(dir, 'nope', 'x.jks'), Buffer.from('x')))).code).toBe('FILE_NOT_FOUND');
    expect((await rejectionOf(writeFileSafely(dir, Buffer.from('x')))).code).toBe('IO_ERROR');
  });
});
