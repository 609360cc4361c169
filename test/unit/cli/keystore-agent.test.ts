import { cp, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCertdesk, type CliRun } from '../../helpers/cli.js';
import { keytoolList, opensslKeyPair, opensslPfx, tempDir } from '../core/keystore/helpers.js';

/** `certdesk agent status / https-enable / list` on a copy of the Linux agent fixture, end to end. */

const FIXTURES = fileURLToPath(new URL('../../fixtures/agent/', import.meta.url));
let dir: string;
let cleanup: () => Promise<void>;
let home: string;
let pfx: string;

function cd(args: string[]): Promise<CliRun> {
  return runCertdesk(args, { env: { CERTDESK_HOME: join(dir, 'data'), SP: 'alarmpoint', PP: 'pfx-pass-1' } });
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('cli-agent'));
  home = join(dir, 'agent');
  await cp(join(FIXTURES, 'linux'), home, { recursive: true });
  const pair = await opensslKeyPair(dir, 'agent', 'ec');
  await opensslPfx(dir, 'agent', pair, 'pfx-pass-1');
  pfx = join(dir, 'agent.pfx');
});
afterAll(async () => cleanup?.());

describe('certdesk agent', () => {
  it('walks the documented procedure: status (not ready) → import the .pfx → https-enable → status (ready)', async () => {
    const config = join(home, 'conf', 'IAConfig.xml');
    const keystore = join(home, 'conf', '.keystore');
    const before = await cd(['agent', 'status', home]);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('https      off (port 8081)');
    expect(before.stdout).toContain(`keystore   ${keystore} (missing)`);
    expect(before.stdout).toContain(`certdesk agent https-enable ${config}`);

    const original = await readFile(config, 'latin1');
    const refused = await cd(['agent', 'https-enable', config, '--storepass-env', 'SP']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('no private key a server could use');
    expect(await readFile(config, 'latin1')).toBe(original);

    const imported = await cd(['keystore', 'import-pfx', keystore, '--pfx', pfx, '--pfx-password-env', 'PP', '--alias', 'agent-https', '--storepass-env', 'SP', '--storetype', 'jks']);
    expect(imported.code).toBe(0);
    expect((await keytoolList(keystore, 'alarmpoint')).entries.map((e) => e.alias)).toEqual(['agent-https']);

    const enabled = await cd(['agent', 'https-enable', config, '--storepass-env', 'SP']);
    expect(enabled.code).toBe(0);
    expect(enabled.stdout).toBe(`HTTPS switched on in ${config} (port 8081).\nbackup: ${config}.orig\nRestart the agent now for HTTPS to take effect.\n`);
    expect(await readFile(`${config}.orig`, 'latin1')).toBe(original);
    expect(await readFile(config, 'latin1')).toBe(original.replace('<service-gateway ssl="false"', '<service-gateway ssl="true"'));

    const after = await cd(['agent', 'status', home, '--json']);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ home, keystorePath: keystore, keystoreExists: true, configPath: config, https: true, port: 8081, serverKeys: null });
    const withKeys = await cd(['agent', 'status', home, '--storepass-env', 'SP']);
    expect(withKeys.code).toBe(0);
    expect(withKeys.stdout).toMatch(/key +agent-https \(served\): .*CN=agent/);

    const again = await cd(['agent', 'https-enable', config, '--storepass-env', 'SP']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already on');
  });

  it('errors: not an agent folder, a missing config, no argument', async () => {
    const notAgent = await cd(['agent', 'status', dir]);
    expect(notAgent.code).toBe(2);
    expect(notAgent.stderr).toContain('There is no conf folder');
    expect(notAgent.stderr).toContain('hint:');
    expect((await cd(['agent', 'https-enable', join(dir, 'none.xml')])).code).toBe(2);
    expect((await cd(['agent', 'status'])).code).toBe(2);
  });

  it('agent list shows that nothing is saved yet', async () => {
    const r = await cd(['agent', 'list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ agents: [] });
  });
});
