import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCertdesk, type CliRun } from '../../helpers/cli.js';

/** A mistyped secret must never come back on the terminal (or in a CI log): errors name the option, not the value. */
const SECRET = 'Hunter2pw';
const dir = mkdtempSync(join(tmpdir(), 'certdesk-secret-echo-'));
const ks = join(dir, 'store.p12');
writeFileSync(ks, 'not really a keystore');

function expectNoEcho(r: CliRun): void {
  expect(r.code).toBe(2);
  expect(r.stdout).not.toContain(SECRET);
  expect(r.stderr).not.toContain(SECRET);
  expect(r.stderr).not.toContain(SECRET.slice(1));
}

describe('secrets in error messages', () => {
  it('says a password given to --storepass-env is not a variable name, without repeating it', async () => {
    const r = await runCertdesk(['keystore', 'list', ks, '--storepass-env', `${SECRET}!`], { env: { CERTDESK_HOME: dir } });
    expectNoEcho(r);
    expect(r.stderr).toMatch(/the value given to --storepass-env is not an environment variable name/i);
  });

  it('does not repeat a valid-looking name that is not set (it may be the password itself)', async () => {
    const r = await runCertdesk(['keystore', 'list', ks, '--storepass-env', SECRET], { env: { CERTDESK_HOME: dir } });
    expectNoEcho(r);
    expect(r.stderr).toContain('--storepass-env');
    expect(r.stderr).toContain('is not set');
  });

  it('does not repeat the path given to --password-file when it cannot be read', async () => {
    const r = await runCertdesk(['inspect', ks, '--password-file', join(dir, SECRET)], { env: { CERTDESK_HOME: dir } });
    expect(r.stderr).toContain('--password-file');
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('does not repeat a stray value after a secret option, nor letters of one that looks like options', async () => {
    const stray = await runCertdesk(['keystore', 'list', ks, '--storepass-stdin', SECRET], { env: { CERTDESK_HOME: dir } });
    expectNoEcho(stray);
    expect(stray.stderr).toContain('--storepass-stdin');
    const dashed = await runCertdesk(['keystore', 'list', ks, '--storepass-stdin', `-${SECRET}`], { env: { CERTDESK_HOME: dir } });
    expectNoEcho(dashed);
    expect(dashed.stderr).not.toMatch(/'-H'|-H\b/);
    const glued = await runCertdesk(['keystore', 'list', ks, `--storpass=${SECRET}`], { env: { CERTDESK_HOME: dir } });
    expectNoEcho(glued);
    expect(glued.stderr).toContain('--storpass');
    const flagValue = await runCertdesk(['keystore', 'list', ks, `--wide=${SECRET}`], { env: { CERTDESK_HOME: dir } });
    expectNoEcho(flagValue);
    expect(flagValue.stderr).toContain('--wide takes no value.');
    const dashValue = await runCertdesk(['keystore', 'list', ks, '--storepass-env', `-${SECRET}`], { env: { CERTDESK_HOME: dir } });
    expectNoEcho(dashValue);
    expect(dashValue.stderr).toContain('--storepass-env needs a value');
  });

  it('reads --X-file and --X-stdin bounded: /dev/zero, a FIFO and an endless stdin are refused at once', async () => {
    const { execFileSync } = await import('node:child_process');
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    for (const file of ['/dev/zero', fifo]) {
      const r = await runCertdesk(['keystore', 'list', ks, '--storepass-file', file], { env: { CERTDESK_HOME: dir }, timeoutMs: 10_000 });
      expect(r.code, r.stderr).toBeGreaterThan(0);
      expect(r.stderr).toMatch(/--storepass-file is not a regular file/);
    }
    const big = join(dir, 'big');
    writeFileSync(big, 'x'.repeat(200 * 1024));
    const long = await runCertdesk(['keystore', 'list', ks, '--storepass-file', big], { env: { CERTDESK_HOME: dir }, timeoutMs: 10_000 });
    expect(long.code).toBe(2);
    expect(long.stderr).toContain('larger than 64 KiB');
    const stdin = await runCertdesk(['keystore', 'list', ks, '--storepass-stdin'], { env: { CERTDESK_HOME: dir }, input: 'y'.repeat(200 * 1024), timeoutMs: 10_000 });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toContain('longer than 64 KiB');
  });
});
