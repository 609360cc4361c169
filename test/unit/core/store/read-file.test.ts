import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../../shared/errors.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';

/** Odd inputs (a device, a pipe, a huge file) are refused at once, by their kind, and nothing hangs. */

let dir: string;
let core: TestCore;
let fifo: string;
let sparse: string;
let hugeKeystore: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'certdesk-read-'));
  core = createTestCore();
  fifo = join(dir, 'pipe.pem');
  execFileSync('mkfifo', [fifo]);
  sparse = join(dir, 'huge.pem');
  await truncate(await touch(sparse), Math.round(3.1 * 1024 ** 3));
  hugeKeystore = join(dir, 'huge.jks');
  await truncate(await touch(hugeKeystore), 100 * 1024 ** 2);
});
afterAll(async () => {
  core.cleanup();
  await rm(dir, { recursive: true, force: true });
});

async function touch(path: string): Promise<string> {
  const { writeFile } = await import('node:fs/promises');
  await writeFile(path, '');
  return path;
}

function error(r: Result<unknown>): { code: string; message: string } {
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

const cases = (): [string, (path: string) => Promise<Result<unknown>>][] => [
  ['pki inspect', (path) => core.services['pki.inspect']({ source: { path } })],
  ['keystore list', (path) => core.services['keystore.list']({ path, storePassword: 'changeit' })],
  ['agent HTTPS enable', (path) => core.services['agent.enableHttps']({ configPath: path })],
];

describe('the bounded reader', () => {
  it.each(cases())('%s refuses /dev/zero and a FIFO as not regular files, at once', async (_, run) => {
    const started = Date.now();
    const zero = error(await run('/dev/zero'));
    expect(zero.code).toBe('IO_ERROR');
    expect(zero.message).toContain('is a device, not a regular file');
    const pipe = error(await run(fifo));
    expect(pipe.code).toBe('IO_ERROR');
    expect(pipe.message).toContain('is a pipe (FIFO), not a regular file');
    const folder = error(await run(dir));
    expect(folder.message).toContain('is a folder, not a regular file');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it.each(cases())('%s refuses an over-cap file naming its size and the cap', async (_, run) => {
    const started = Date.now();
    const e = error(await run(sparse));
    expect(e.code).toBe('UNSUPPORTED_FORMAT');
    expect(e.message).toMatch(/is 3\.1 GiB; Certdesk reads .* up to \d+ MiB/);
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('caps by kind: a keystore may be bigger than a certificate, but not without bound', async () => {
    const e = error(await core.services['keystore.list']({ path: hugeKeystore, storePassword: 'changeit' }));
    expect(e.message).toContain('is 100 MiB; Certdesk reads keystores up to 64 MiB');
    const cert = error(await core.services['pki.inspect']({ source: { path: sparse } }));
    expect(cert.message).toContain('Certdesk reads certificate files up to 16 MiB');
  });
});
