import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../../package.json' with { type: 'json' };
import { runCertdesk } from '../../helpers/cli.js';

describe('certdesk CLI basics', () => {
  it('prints its version', async () => {
    const r = await runCertdesk(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('prints help listing the commands, and exits 2 with no command', async () => {
    const help = await runCertdesk(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: certdesk <command>');
    expect(help.stdout).toMatch(/\binfo\b/);
    const none = await runCertdesk([]);
    expect(none.code).toBe(2);
  });

  it('info --json reports the version and CERTDESK_HOME as the data dir', async () => {
    const home = mkdtempSync(join(tmpdir(), 'certdesk-cli-'));
    const r = await runCertdesk(['info', '--json'], { env: { CERTDESK_HOME: home, CERTDESK_KEYCHAIN_SERVICE: `Certdesk-test-${process.pid}` } });
    const info = JSON.parse(r.stdout) as { version: string; dataDir: string; keychain: { available: boolean } };
    expect(info.version).toBe(pkg.version);
    expect(info.dataDir).toBe(home);
    // Exit code follows health: 0 with a keychain, 1 without one.
    expect(r.code).toBe(info.keychain.available ? 0 : 1);
    expect(r.stderr).toBe('');
  });

  it('without CERTDESK_HOME uses the OS-conventional folder', async () => {
    const r = await runCertdesk(['info', '--json'], { env: { HOME: '/home/someone', XDG_CONFIG_HOME: '' } });
    expect((JSON.parse(r.stdout) as { dataDir: string }).dataDir).toBe('/home/someone/.config/Certdesk');
  });

  it('prints human output by default', async () => {
    const r = await runCertdesk(['info'], { env: { CERTDESK_HOME: '/tmp/x' } });
    expect(r.stdout).toMatch(/^Certdesk \d+\.\d+\.\d+/);
    expect(r.stdout).toContain('data dir   /tmp/x');
  });

  it('rejects unknown commands and options with exit 2 and a message on stderr', async () => {
    const unknown = await runCertdesk(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown command');
    const badOpt = await runCertdesk(['info', '--bogus']);
    expect(badOpt.code).toBe(2);
    expect(badOpt.stderr).toContain("Unknown option '--bogus'");
    expect(badOpt.stdout).toBe('');
  });
});
