import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../electron/cli/commands/table.js';
import { runCertdesk, type CliRun } from '../../helpers/cli.js';
import { keytool, tempDir } from '../core/keystore/helpers.js';

/** How the CLI behaves as a tool: group help, per-command help, one spelling, output that fits. */

const SP = 'manners-store-pass';
let dir: string;
let cleanup: () => Promise<void>;
const cd = (args: string[]): Promise<CliRun> => runCertdesk(args, { env: { CERTDESK_HOME: join(dir, 'home'), SP } });

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('cli-manners'));
}, 60_000);
afterAll(async () => cleanup?.());

describe('help', () => {
  it('lists a group’s commands, one line each: exit 0 with --help, 2 without', async () => {
    for (const group of ['keystore', 'cert', 'agent', 'csr', 'pfx']) {
      const members = COMMANDS.filter((c) => c.path[0] === group && c.path.length > 1);
      const help = await cd([group, '--help']);
      expect(help.code, group).toBe(0);
      for (const c of members) expect(help.stdout.split('\n').filter((l) => l.trim().startsWith(`${c.id} `))).toHaveLength(1);
      const bare = await cd([group]);
      expect(bare.code, group).toBe(2);
      expect(bare.stderr).toContain(members[0]?.id ?? '');
    }
  });

  it('shows defaults and examples in every command’s --help', async () => {
    for (const c of COMMANDS) {
      const r = await cd([...c.path, '--help']);
      expect(r.code, c.id).toBe(0);
      expect(r.stdout, c.id).toMatch(/\nDefaults:\n {2}\S/);
      expect(r.stdout, c.id).toMatch(new RegExp(`\\nExamples:\\n {2}certdesk ${c.id}( |\\n|$)`));
    }
  });
});

describe('one spelling of the store type', () => {
  it('takes --store-type everywhere and --storetype as its alias', async () => {
    expect((await cd(['cert', 'create', '--cn', 'a.example', '--out-cert', join(dir, 'a.crt'), '--out-key', join(dir, 'a.key')])).code).toBe(0);
    for (const [flagName, file] of [['--store-type', 'dash.ks'], ['--storetype', 'alias.ks']] as const) {
      const ks = join(dir, file);
      const r = await cd(['keystore', 'trust', ks, '--cert', join(dir, 'a.crt'), '--alias', 'a', '--storepass-env', 'SP', flagName, 'jks']);
      expect(r.code, r.stderr).toBe(0);
      expect((JSON.parse((await cd(['keystore', 'list', ks, '--storepass-env', 'SP', '--json'])).stdout) as { type: string }).type).toBe('JKS');
    }
    const ks = join(dir, 'cert-create.ks');
    const made = await cd(['cert', 'create', '--cn', 'b.example', '--key', 'ec:p256', '--out-keystore', ks, '--alias', 'b', '--storetype', 'jks', '--storepass-env', 'SP']);
    expect(made.code, made.stderr).toBe(0);
    expect((JSON.parse((await cd(['keystore', 'list', ks, '--storepass-env', 'SP', '--json'])).stdout) as { type: string }).type).toBe('JKS');
  });
});

describe('keystore list', () => {
  it('fits 100 columns when not on a terminal, cutting aliases and subjects with …; --wide and --json keep them whole', async () => {
    const ks = join(dir, 'wide.p12');
    const alias = `a-very-long-alias-${'x'.repeat(50)}`;
    const cn = `service.${'long-name-'.repeat(4)}example.com`;
    expect((await cd(['cert', 'create', '--cn', cn, '--key', 'ec:p256', '--out-keystore', ks, '--alias', alias, '--storepass-env', 'SP'])).code).toBe(0);
    const narrow = await cd(['keystore', 'list', ks, '--storepass-env', 'SP']);
    expect(narrow.code).toBe(0);
    for (const line of narrow.stdout.split('\n').slice(2, 4)) expect(line.length, line).toBeLessThanOrEqual(100);
    expect(narrow.stdout).toContain('…');
    expect(narrow.stdout).not.toContain(alias);
    const wide = await cd(['keystore', 'list', ks, '--storepass-env', 'SP', '--wide']);
    expect(wide.stdout).toContain(alias);
    expect(wide.stdout).toContain(`CN=${cn}`);
    const json = JSON.parse((await cd(['keystore', 'list', ks, '--storepass-env', 'SP', '--json'])).stdout) as { entries: { alias: string }[] };
    expect(json.entries[0]?.alias).toBe(alias);
  });

  it('--expiring-within reports expired certificates apart from expiring ones, and exits 1 for either', async () => {
    const ks = join(dir, 'due.p12');
    const gen = (alias: string, start: string, days: string) =>
      keytool(['-genkeypair', '-keystore', ks, '-storetype', 'PKCS12', '-storepass', SP, '-alias', alias, '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', `CN=${alias}`, '-startdate', start, '-validity', days]);
    await gen('old', '-400d', '30');
    await gen('soon', '-10d', '20');
    await gen('fine', '-1d', '400');
    const r = await cd(['keystore', 'list', ks, '--storepass-env', 'SP', '--expiring-within', '30']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1 certificate expires within 30 days:\n {2}soon: CN=soon, /);
    expect(r.stdout).toMatch(/1 certificate has already expired:\n {2}old: CN=old, .*expired \d+ days ago/);
    expect(r.stdout.slice(0, r.stdout.indexOf('already expired'))).not.toContain('  old:');
    const none = await cd(['keystore', 'list', ks, '--storepass-env', 'SP', '--expiring-within', '5']);
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('No certificate expires within 5 days.');
    expect(none.stdout).toContain('1 certificate has already expired');
    // --sort expiry: soonest first, the expired one at the top; alias order by default; a bad value is refused.
    const order = async (...extra: string[]) =>
      ((JSON.parse((await cd(['keystore', 'list', ks, '--storepass-env', 'SP', '--json', ...extra])).stdout) as { entries: { alias: string }[] }).entries).map((e) => e.alias);
    expect(await order('--sort', 'expiry')).toEqual(['old', 'soon', 'fine']);
    expect(await order()).toEqual(['fine', 'old', 'soon']);
    expect((await cd(['keystore', 'list', ks, '--storepass-env', 'SP', '--sort', 'size'])).code).toBe(2);
  });
});
