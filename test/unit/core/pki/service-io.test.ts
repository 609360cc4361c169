/** All outputs or none: a failure while writing the second file undoes the first. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertdeskError } from '../../../../electron/core/errors.js';
import { checkOutputs, writeAll } from '../../../../electron/core/pki/service-io.js';
import { type TempDir, tempDir } from './helpers.js';

let t: TempDir;
beforeAll(() => {
  t = tempDir('certdesk-io-');
});
afterAll(() => t.cleanup());

const failingVerify = () => {
  throw new CertdeskError('IO_ERROR', 'read back wrong');
};

describe('writeAll', () => {
  it('removes a file it created and restores one it replaced when a later write fails', async () => {
    t.write('old.pem', 'old content');
    const before = readdirSync(t.dir).sort();
    await expect(
      writeAll(
        [
          { path: t.path('new.pem'), bytes: Buffer.from('new'), role: 'certificate' },
          { path: t.path('old.pem'), bytes: Buffer.from('replaced'), role: 'certificate' },
          { path: t.path('key.pem'), bytes: Buffer.from('key'), role: 'privateKey', verify: failingVerify },
        ],
        { overwrite: true, inputs: [] },
      ),
    ).rejects.toMatchObject({ code: 'IO_ERROR' });
    expect(readdirSync(t.dir).sort()).toEqual(before);
    expect(readFileSync(t.path('old.pem'), 'utf8')).toBe('old content');
  });

  it('writes certificates world-readable and keys owner-only, also over an existing readable file', async () => {
    t.write('k.pem', 'old key');
    const written = await writeAll(
      [
        { path: t.path('c.pem'), bytes: Buffer.from('c'), role: 'certificate' },
        { path: t.path('k.pem'), bytes: Buffer.from('k'), role: 'privateKey' },
      ],
      { overwrite: true, inputs: [] },
    );
    expect(written.map((w) => [w.role, w.created, w.backupPath])).toEqual([['certificate', true, null], ['privateKey', false, t.path('k.pem.orig')]]);
    expect(statSync(t.path('c.pem')).mode & 0o777).toBe(0o644);
    expect(statSync(t.path('k.pem')).mode & 0o777).toBe(0o600);
  });

  it('checks every output before writing any: duplicates, inputs, folders, existing files', async () => {
    const check = (paths: string[], inputs: string[] = [], overwrite = false) =>
      checkOutputs(paths.map((path) => ({ path, role: 'certificate' as const })), { overwrite, inputs });
    await expect(check([t.path('a'), t.path('./a')])).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(check([t.path('a')], [t.path('a')], true)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(check([t.path('nope/a')])).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(check([t.path('c.pem')])).rejects.toMatchObject({ code: 'FILE_EXISTS' });
    await expect(check([t.dir], [], true)).rejects.toMatchObject({ code: 'IO_ERROR' });
    await expect(check([t.path('c.pem')], [], true)).resolves.toBeUndefined();
  });
});
