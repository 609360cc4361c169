import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contract, OP_NAMES, type CertdeskApi } from '../../../shared/contract/index.js';
import { opChannel } from '../../../shared/contract/channels.js';
import { registerIpc, type PlatformHandlers } from '../../../electron/main/ipc.js';
import { RendererGrants } from '../../../electron/main/renderer-grants.js';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { createFakeElectron } from './fake-electron.js';

const fake = createFakeElectron();
vi.mock('electron', () => fake.module);

let core: TestCore;
let api: CertdeskApi;
const platformCalls: string[] = [];

beforeAll(async () => {
  core = createTestCore();
  const platform = Object.fromEntries(
    (['dialog.openFile', 'dialog.saveFile', 'dialog.openFolder', 'shell.openExternal'] as const).map((n) => [
      n,
      async () => {
        platformCalls.push(n);
        return { ok: true, value: n === 'shell.openExternal' ? {} : { path: '/picked' } };
      },
    ]),
  ) as unknown as PlatformHandlers;
  registerIpc(fake.module.ipcMain as never, core.services, platform, new RendererGrants(core.dataDir));
  await import('../../../electron/preload/preload.js');
  api = fake.exposed['certdesk'] as CertdeskApi;
});
afterAll(() => core.cleanup());

describe('preload + ipc registration', () => {
  it('exposes exactly one named method per contract operation, and no generic invoke', () => {
    expect(Object.keys(fake.exposed)).toEqual(['certdesk']);
    const exposedNames = Object.entries(api as unknown as Record<string, unknown>).flatMap(([domain, group]) =>
      typeof group === 'function' ? [domain] : Object.keys(group as object).map((verb) => `${domain}.${verb}`),
    );
    expect(exposedNames.filter((n) => n.includes('.')).sort()).toEqual([...OP_NAMES].sort());
    expect(exposedNames.filter((n) => !n.includes('.')).sort()).toEqual(['cancel', 'onProgress']);
    expect([...OP_NAMES].sort()).toEqual(Object.keys(contract).sort());
    for (const banned of ['invoke', 'send', 'ipcRenderer', 'require']) expect(exposedNames).not.toContain(banned);
  });

  it('registers one ipc channel per operation plus cancel', () => {
    for (const name of OP_NAMES) expect(fake.handlers.has(opChannel(name))).toBe(true);
    expect(fake.handlers.size).toBe(OP_NAMES.length + 1);
  });

  it('carries a real call through to the core and back', async () => {
    const res = await api.app.info({});
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.value.dataDir).toBe(core.dataDir);
  });

  it('rejects malformed payloads with VALIDATION_FAILED before anything runs', async () => {
    const bad = [undefined, null, 'x', 42, { unexpected: true }];
    for (const payload of bad) {
      const res = await api.app.info(payload as never);
      expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    }
    const before = platformCalls.length;
    const res = await api.shell.openExternal({ url: 'file:///etc/passwd' });
    expect(res).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const res2 = await api.dialog.openFile({ title: 5 } as never);
    expect(res2).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(platformCalls.length).toBe(before);
  });

  it('rejects a foreign sender and a subframe, whatever the payload', async () => {
    for (const [url, isMainFrame] of [
      ['https://evil.example/index.html', true],
      ['file:///tmp/page.html', true],
      ['app://certdesk.evil/index.html', true],
      ['app://certdesk/index.html', false],
    ] as const) {
      fake.sender.url = url;
      fake.sender.isMainFrame = isMainFrame;
      expect(await api.app.info({})).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
      expect(await api.dialog.openFile({ title: 'x' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    }
    fake.sender.url = 'app://certdesk/index.html';
    fake.sender.isMainFrame = true;
    expect((await api.app.info({})).ok).toBe(true);
  });

  it('routes shell operations to the platform handlers, not the core', async () => {
    const res = await api.dialog.openFile({ title: 'Open a keystore' });
    expect(res).toEqual({ ok: true, value: { path: '/picked' } });
    expect(platformCalls).toContain('dialog.openFile');
  });
});
