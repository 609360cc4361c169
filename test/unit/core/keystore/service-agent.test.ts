import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { keytool, tempDir } from './helpers.js';
import { errorCode, value } from './service-fixtures.js';

/** agent.* through the real services: stored profiles (no secrets) and the HTTPS switch on a copy of the fixture. */

const FIXTURES = fileURLToPath(new URL('../../../fixtures/agent/', import.meta.url));
let dir: string;
let cleanup: () => Promise<void>;
let core: TestCore;
let home: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('svc-agent'));
  home = join(dir, 'agent-home');
  await cp(join(FIXTURES, 'linux'), home, { recursive: true });
  core = createTestCore();
});
afterAll(async () => {
  core?.cleanup();
  await cleanup?.();
});

describe('agent profiles', () => {
  it('adds, lists, updates and removes profiles in agents.json with backups and no passwords', async () => {
    expect(value(await core.services['agent.list']({})).agents).toEqual([]);
    const added = value(await core.services['agent.save']({ name: 'Plant A agent', home, keystoreType: 'JKS', endpoint: 'https://agent-a.example.com:8081' }));
    expect(added.agent).toMatchObject({ name: 'Plant A agent', home, keystoreType: 'JKS', endpoint: 'https://agent-a.example.com:8081' });
    expect(added.write).toMatchObject({ path: join(core.dataDir, 'agents.json'), created: true });
    const second = value(await core.services['agent.save']({ name: 'Another', home }));
    expect(second.agent.keystoreType).toBe('JKS');
    expect(second.write.backupPath).toBe(join(core.dataDir, 'agents.json.orig'));
    expect(value(await core.services['agent.list']({})).agents.map((a) => a.name)).toEqual(['Another', 'Plant A agent']);

    const updated = value(await core.services['agent.save']({ id: added.agent.id, name: 'Plant A', home, keystoreType: 'PKCS12', endpoint: '' }));
    expect(updated.agent).toMatchObject({ id: added.agent.id, name: 'Plant A', keystoreType: 'PKCS12', created: added.agent.created });
    expect(updated.agent.endpoint).toBeUndefined();
    expect(updated.write.backupKind).toBe('timestamped');

    const stored = await readFile(join(core.dataDir, 'agents.json'), 'utf8');
    expect(JSON.parse(stored)).toMatchObject({ version: 2, records: [{ name: 'Another' }, { name: 'Plant A' }] });
    expect(stored).not.toMatch(/password|alarmpoint/i);

    const removed = value(await core.services['agent.remove']({ id: second.agent.id }));
    expect(removed.removed.name).toBe('Another');
    expect(value(await core.services['agent.list']({})).agents.map((a) => a.name)).toEqual(['Plant A']);
    expect(errorCode(await core.services['agent.remove']({ id: second.agent.id }))).toBe('VALIDATION_FAILED');
  });

  it('refuses a duplicate name, a missing folder and a bad endpoint', async () => {
    value(await core.services['agent.save']({ name: 'Dup', home }));
    const dup = await core.services['agent.save']({ name: 'dup', home });
    expect(dup.ok ? null : dup.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining("'Dup'") });
    expect(errorCode(await core.services['agent.save']({ name: 'Ghost', home: join(dir, 'no-such-home') }))).toBe('FILE_NOT_FOUND');
    expect(errorCode(await core.services['agent.save']({ name: 'Bad URL', home, endpoint: 'ftp://x' }))).toBe('VALIDATION_FAILED');
    expect(errorCode(await core.services['agent.save']({ name: 'Sneaky', home, password: 'alarmpoint' } as never))).toBe('VALIDATION_FAILED');
  });

  it('says when the saved profiles file is damaged', async () => {
    const other = createTestCore();
    try {
      await writeFile(join(other.dataDir, 'agents.json'), '{ not json');
      const r = await other.services['agent.list']({});
      expect(r.ok ? null : r.error).toMatchObject({ code: 'CONFIG_INVALID', hint: expect.stringContaining('.orig') });
    } finally {
      other.cleanup();
    }
  });
});

describe('agent status and Enable HTTPS', () => {
  it('finds the keystore and config, switches ssl to true with a backup, and then reports HTTPS on', async () => {
    const status = value(await core.services['agent.status']({ home }));
    expect(status).toEqual({
      home,
      keystorePath: join(home, 'conf', '.keystore'),
      keystoreExists: false,
      configPath: join(home, 'conf', 'IAConfig.xml'),
      https: false,
      port: 8081,
      serverKeys: null,
      servedAlias: null,
      findings: [expect.objectContaining({ code: 'no-server-key', severity: 'error' })],
    });
    const original = await readFile(status.configPath);
    expect(errorCode(await core.services['agent.enableHttps']({ configPath: status.configPath, storePassword: 'alarmpoint' }))).toBe('NO_SERVER_KEY');
    expect(await readFile(status.configPath)).toEqual(original);
    await keytool(['-genkeypair', '-alias', 'agent', '-keyalg', 'EC', '-dname', 'CN=agent.example.com', '-keystore', status.keystorePath, '-storetype', 'JKS', '-storepass', 'alarmpoint']);
    expect(errorCode(await core.services['agent.enableHttps']({ configPath: status.configPath }))).toBe('PASSWORD_REQUIRED');
    const r = value(await core.services['agent.enableHttps']({ configPath: status.configPath, storePassword: 'alarmpoint' }));
    expect(r).toEqual({
      configPath: status.configPath,
      changed: true,
      alreadyEnabled: false,
      backupPath: `${status.configPath}.orig`,
      backupKind: 'orig',
      restartRequired: true,
      port: 8081,
    });
    expect(await readFile(`${status.configPath}.orig`)).toEqual(original);
    const after = await readFile(status.configPath, 'latin1');
    expect(after).toBe(original.toString('latin1').replace('<service-gateway ssl="false"', '<service-gateway ssl="true"'));
    expect(value(await core.services['agent.status']({ home })).https).toBe(true);

    const again = value(await core.services['agent.enableHttps']({ configPath: status.configPath, storePassword: 'alarmpoint' }));
    expect(again).toMatchObject({ changed: false, alreadyEnabled: true, backupPath: null, restartRequired: false });
    expect((await readdir(join(home, 'conf'))).filter((n) => n.includes('IAConfig.xml.'))).toEqual(['IAConfig.xml.orig']);
  });

  it('reports a folder that is not an agent home, and a missing config', async () => {
    expect(errorCode(await core.services['agent.status']({ home: dir }))).toBe('CONFIG_NOT_FOUND');
    expect(errorCode(await core.services['agent.status']({ home: join(dir, 'nowhere') }))).toBe('FILE_NOT_FOUND');
    expect(errorCode(await core.services['agent.enableHttps']({ configPath: join(dir, 'missing.xml') }))).toBe('CONFIG_NOT_FOUND');
  });
});
