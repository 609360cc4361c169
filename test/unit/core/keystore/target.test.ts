/** Self-signed straight into a keystore: alias from the common name, type from the file (or its name when new); keytool as the oracle. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { keytool, tempDir } from './helpers.js';
import { value } from './service-fixtures.js';

const PASS = 'alarmpoint';
let dir: string;
let cleanup: () => Promise<void>;
let core: TestCore;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('ks-target'));
  core = createTestCore();
});
afterAll(async () => {
  core?.cleanup();
  await cleanup?.();
});

const listed = (store: string) => keytool(['-list', '-keystore', store, '-storepass', PASS]);

describe('keystore targets', () => {
  it('describeTarget: the type from the bytes of an existing file, from the extension for a new one, and an alias from the CN', async () => {
    const agentStore = join(dir, '.keystore');
    await keytool(['-genkeypair', '-alias', 'old', '-keyalg', 'EC', '-dname', 'CN=old', '-keystore', agentStore, '-storetype', 'JKS', '-storepass', PASS]);
    expect(value(await core.services['keystore.describeTarget']({ path: agentStore, cn: '*.Agent.Example.com' })))
      .toEqual({ path: agentStore, exists: true, type: 'JKS', storeType: null, suggestedAlias: 'wildcard.agent.example.com' });
    expect(value(await core.services['keystore.describeTarget']({ path: join(dir, 'new.jks') }))).toMatchObject({ exists: false, type: null, storeType: 'jks', suggestedAlias: null });
    expect(value(await core.services['keystore.describeTarget']({ path: join(dir, 'new.p12'), cn: 'Agent Host 1' }))).toMatchObject({ storeType: 'pkcs12', suggestedAlias: 'agent-host-1' });
  });

  it('createSelfSigned into a keystore without alias or type: named after the CN, JKS for a new .jks, the existing type kept', async () => {
    const jks = join(dir, 'agent.jks');
    const r = value(await core.services['pki.createSelfSigned']({ cn: 'agent.example.com', days: 30, output: { kind: 'keystore', path: jks, storePassword: PASS } }));
    expect(r.alias).toBe('agent.example.com');
    const out = await listed(jks);
    expect(out).toMatch(/Keystore type: JKS/i);
    expect(out).toMatch(/agent\.example\.com, .*PrivateKeyEntry/);

    const existing = join(dir, 'existing.keystore');
    await keytool(['-genkeypair', '-alias', 'old', '-keyalg', 'EC', '-dname', 'CN=old', '-keystore', existing, '-storetype', 'JKS', '-storepass', PASS]);
    value(await core.services['pki.createSelfSigned']({ cn: 'second.example.com', days: 30, output: { kind: 'keystore', path: existing, storePassword: PASS } }));
    const both = await listed(existing);
    expect(both).toMatch(/Keystore type: JKS/i);
    expect(both).toMatch(/second\.example\.com, .*PrivateKeyEntry/);
  });
});
