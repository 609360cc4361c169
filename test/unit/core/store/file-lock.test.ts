import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { copyFile, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSafely } from '../../../../electron/core/store/atomic-file.js';
import { lockPathFor, withFileLock } from '../../../../electron/core/store/file-lock.js';
import { runCertdesk } from '../../../helpers/cli.js';
import { keytool, keytoolList, tempDir } from '../keystore/helpers.js';

/** The cross-process lock, with real processes: the built CLI, a bundled holder, keytool as the oracle. */

const STOREPASS = 'changeit-9';
const N = 30;
let dir: string;
let cleanup: () => Promise<void>;
let childJs: string;
let jks: string;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('lock'));
  childJs = join(dir, 'lock-child.cjs');
  jks = join(dir, 'pristine.jks');
  await Promise.all([
    build({ entryPoints: [fileURLToPath(new URL('./lock-child.ts', import.meta.url))], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: childJs, logLevel: 'silent' }),
    keytool(['-genkeypair', '-alias', 'server', '-keyalg', 'EC', '-dname', 'CN=lock', '-keystore', jks, '-storetype', 'JKS', '-storepass', STOREPASS, '-keypass', STOREPASS]),
    ...Array.from({ length: N }, (_, i) =>
      // No stdin: 30 parallel children must not race a closing pipe.
      promisify(execFile)('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, `ca${i}.key`), '-out', join(dir, `ca${i}.crt`), '-days', '30', '-subj', `/CN=CA ${i}`]),
    ),
  ]);
}, 120_000);

afterAll(async () => {
  for (const c of running) c.kill('SIGKILL');
  await cleanup();
});

/** Starts a child holding `path`'s lock; resolves once it holds it. */
async function holder(path: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [childJs, 'hold', path], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.on('exit', () => running.delete(child));
  await new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('locked') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited with ${code}`)));
  });
  return child;
}

const listing = async (): Promise<string[]> => (await readdir(dir)).sort();

describe('the cross-process file lock', () => {
  it(`${N} parallel certdesk keystore trust runs on one JKS all succeed and all ${N} aliases are there`, async () => {
    const ks = join(dir, 'shared.jks');
    await copyFile(jks, ks);
    const runs = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        runCertdesk(['keystore', 'trust', ks, '--cert', join(dir, `ca${i}.crt`), '--alias', `ca-${i}`, '--storepass-env', 'SP'], {
          env: { CERTDESK_HOME: join(dir, 'home'), SP: STOREPASS, CERTDESK_LOCK_WAIT_MS: '150000' },
          timeoutMs: 170_000,
        }),
      ),
    );
    expect(runs.map((r) => (r.code === 0 ? 0 : `${r.code} ${r.stderr}`))).toEqual(runs.map(() => 0));
    const aliases = (await keytoolList(ks, STOREPASS)).entries.map((e) => e.alias);
    for (let i = 0; i < N; i++) expect(aliases).toContain(`ca-${i}`);
    expect(aliases).toHaveLength(N + 1);
    // No lock or temp file is left behind.
    expect((await listing()).filter((n) => n.includes('certdesk'))).toEqual([]);
  }, 180_000);

  it('detects a lock left by a SIGKILLed process as stale and takes it over', async () => {
    const target = join(dir, 'stale.txt');
    await writeFile(target, 'v1');
    const child = await holder(target);
    expect(await listing()).toContain('.stale.txt.certdesk-lock');
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const started = Date.now();
    await writeFileSafely(target, Buffer.from('v2'), { role: 'certificate' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await readFile(target, 'utf8')).toBe('v2');
    expect(await listing()).not.toContain('.stale.txt.certdesk-lock');
  });

  it('with the lock held by a live process, a run waits its bound, fails FILE_BUSY and changes nothing', async () => {
    const ks = join(dir, 'busy.jks');
    await copyFile(jks, ks);
    const child = await holder(ks);
    const before = { bytes: await readFile(ks), names: await listing() };
    const started = Date.now();
    const r = await runCertdesk(['keystore', 'trust', ks, '--cert', join(dir, 'ca0.crt'), '--alias', 'ca-0', '--storepass-env', 'SP'], {
      env: { CERTDESK_HOME: join(dir, 'home'), SP: STOREPASS, CERTDESK_LOCK_WAIT_MS: '400' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/busy: another Certdesk run is changing it \(process \d+ on .+\)\. Waited 0\.4 s; nothing was changed/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect(await readFile(ks)).toEqual(before.bytes);
    expect(await listing()).toEqual(before.names);
    // In process too: the same error code, the same untouched folder.
    await expect(withFileLock(ks, async () => 'never', { waitMs: 100 })).rejects.toMatchObject({ code: 'FILE_BUSY' });
    expect(await listing()).toEqual(before.names);
    child.kill('SIGKILL');
    expect(lockPathFor(ks)).toBe(join(dir, '.busy.jks.certdesk-lock'));
  });
});
