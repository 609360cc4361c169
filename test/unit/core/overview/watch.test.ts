/**
 * The watch list over the whole real core (the vault plugged in, a real Secret Service): a keystore
 * watched through a vault `keystore-password` credential, bad targets refused with nothing kept, and
 * agent profiles' keystores gathered from the agent domain.
 */
import { cpSync, copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverviewList } from '../../../../shared/contract/overview.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { KEYSTORE_PASSWORD, makeOverviewScenario, type OverviewScenario } from '../../../helpers/overview-fixtures.js';

let scene: OverviewScenario;
let core: TestCore;

beforeAll(async () => {
  scene = await makeOverviewScenario();
  core = createTestCore();
}, 120_000);

afterAll(async () => {
  await core?.services['vault.remove']({ name: 'agent store password' });
  const list = await core?.services['watch.list']({});
  if (list?.ok) for (const w of list.value.watches) await core.services['watch.remove']({ id: w.id });
  core?.cleanup();
  await scene?.close();
});

async function overview(): Promise<OverviewList> {
  const r = await core.services['overview.list']({});
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('watch.add', () => {
  it('watches a keystore with the vault keystore-password credential kept for its file, keeping no password of its own', async () => {
    const cred = await core.services['vault.add']({ name: 'agent store password', kind: 'keystore-password', fields: { keystorePath: scene.keystore }, secrets: { password: KEYSTORE_PASSWORD } });
    expect(cred.ok).toBe(true);
    const r = await core.services['watch.add']({ target: scene.keystore });
    expect(r.ok && r.value.watch.password).toEqual({ from: 'credential', name: 'agent store password' });
    expect(await core.keychain.accounts()).not.toContain(`overview-watch:${r.ok ? r.value.watch.id : ''}`);
    expect((await overview()).items.map((i) => i.name)).toEqual(['renew-me', 'fine-for-a-year']);
    // A credential of another kind is not a keystore password.
    await core.services['vault.add']({ name: 'not a store password', kind: 'bearer', secrets: { token: 'abc-123-token' } });
    const copy = join(scene.tmp.dir, 'copy.p12');
    copyFileSync(scene.keystore, copy);
    const wrongKind = await core.services['watch.add']({ target: copy, credential: 'not a store password' });
    expect(!wrongKind.ok && wrongKind.error.code).toBe('VALIDATION_FAILED');
    await core.services['vault.remove']({ name: 'not a store password' });
  });

  it('refuses what it cannot watch, keeping nothing', async () => {
    const before = readFileSync(join(core.dataDir, 'watch.json'), 'utf8');
    const text = join(scene.tmp.dir, 'notes.txt');
    writeFileSync(text, 'not a certificate\n');
    const cases: [object, string][] = [
      [{ target: text }, 'UNSUPPORTED_FORMAT'],
      [{ target: join(scene.tmp.dir, 'missing.pem') }, 'FILE_NOT_FOUND'],
      [{ target: 'https://has space.example' }, 'VALIDATION_FAILED'],
      [{ target: scene.endpointTarget, password: 'x' }, 'VALIDATION_FAILED'],
      [{ target: scene.rootCert, password: 'x' }, 'VALIDATION_FAILED'],
      [{ target: scene.keystore, password: 'p', credential: 'c' }, 'VALIDATION_FAILED'],
      [{ target: scene.keystore, credential: 'agent store password' }, 'WATCH_EXISTS'],
    ];
    for (const [input, code] of cases) {
      const r = await core.services['watch.add'](input);
      expect(r.ok ? 'ok' : r.error.code, JSON.stringify(input)).toBe(code);
    }
    expect(readFileSync(join(core.dataDir, 'watch.json'), 'utf8')).toBe(before);
  });
});

describe('agent profiles', () => {
  it("lists an agent's keystore as failing until its password is known, then with its vault credential, then through the watch", async () => {
    const home = join(scene.tmp.dir, 'agent-home');
    cpSync(join(process.cwd(), 'test/fixtures/agent/linux'), home, { recursive: true });
    copyFileSync(scene.keystore, join(home, 'conf', '.keystore'));
    const saved = await core.services['agent.save']({ name: 'Plant agent', home });
    expect(saved.ok).toBe(true);
    const agentItem = (await overview()).items.find((i) => i.kind === 'agent-keystore');
    expect(agentItem).toMatchObject({ name: 'Plant agent', severity: 'failing', where: join(home, 'conf', '.keystore'), fix: { action: 'give-password' } });

    const cred = await core.services['vault.add']({ name: 'plant agent store', kind: 'keystore-password', fields: { keystorePath: join(home, 'conf', '.keystore') }, secrets: { password: KEYSTORE_PASSWORD } });
    expect(cred.ok).toBe(true);
    const viaVault = (await overview()).items.filter((i) => i.kind === 'agent-keystore');
    expect(viaVault.map((i) => [i.name, i.severity])).toEqual([['Plant agent: renew-me', 'within-7-days'], ['Plant agent: fine-for-a-year', 'ok']]);
    await core.services['vault.remove']({ name: 'plant agent store' });

    const watched = await core.services['watch.add']({ target: join(home, 'conf', '.keystore'), password: KEYSTORE_PASSWORD });
    expect(watched.ok).toBe(true);
    const items = (await overview()).items;
    expect(items.some((i) => i.kind === 'agent-keystore')).toBe(false);
    expect(items.filter((i) => i.where.startsWith(join(home, 'conf', '.keystore'))).map((i) => i.name)).toEqual(['renew-me', 'fine-for-a-year']);
  });
});
