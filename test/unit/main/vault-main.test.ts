import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { CertdeskApi } from '../../../shared/contract/index.js';
import { startCoreWorker } from '../../../electron/main/core-host.js';
import { registerIpc, type PlatformHandlers } from '../../../electron/main/ipc.js';
import { RendererGrants } from '../../../electron/main/renderer-grants.js';
import { createTestCore } from '../../helpers/core.js';
import { hasSecretService, secretTool, secretToolAccounts, uniqueService } from '../../helpers/vault.js';
import { createFakeElectron } from './fake-electron.js';

// The vault as the app's main process hosts it: the clipboard relayed to the core's worker thread, and
// `vault.run` (starting a program with secrets) refused to the window whatever the page sends.
const fake = createFakeElectron();
vi.mock('electron', () => fake.module);
const dataDir = mkdtempSync(join(tmpdir(), 'certdesk-vault-main-'));
const service = uniqueService('main');
afterAll(() => {
  for (const a of secretToolAccounts(service)) secretTool(['clear', 'service', service, 'account', a]);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the vault in the app', () => {
  it('refuses vault.run from the window with FORBIDDEN_SENDER, before the core sees it', async () => {
    const core = createTestCore();
    const platform = {} as PlatformHandlers;
    registerIpc(fake.module.ipcMain as never, core.services, platform, new RendererGrants(core.dataDir));
    await import('../../../electron/preload/preload.js');
    const api = fake.exposed['certdesk'] as CertdeskApi;
    const r = await api.vault.run({ names: ['x'], command: process.execPath, args: ['-e', 'process.exit(0)'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER', message: expect.stringContaining('command line only') } });
    core.cleanup();
  });

  it.runIf(hasSecretService)('copies a secret to the main process’s clipboard through the worker and clears it after the time', async () => {
    let clip = 'before';
    const host = startCoreWorker(join(process.cwd(), 'dist/main/core-worker.cjs'), { version: 'x', dataDir, keychainService: service }, () => undefined, {
      writeText: (t) => void (clip = t),
      readText: () => clip,
    });
    try {
      expect(await host.services['vault.add']({ name: 'k', kind: 'api-key', secrets: { value: 'clip-me-123' } })).toMatchObject({ ok: true });
      expect(await host.services['vault.copySecret']({ name: 'k', field: 'value', clearAfterSeconds: 5 })).toMatchObject({ ok: true, value: { copied: true } });
      await vi.waitFor(() => expect(clip).toBe('clip-me-123'));
      await vi.waitFor(() => expect(clip).toBe(''), { timeout: 8000, interval: 200 });
    } finally {
      await host.close();
    }
  }, 20_000);
});
