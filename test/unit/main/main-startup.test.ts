import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { opChannel } from '../../../shared/contract/channels.js';

// A fake of the electron module big enough to start main.ts without an Electron binary, so the
// window's security settings and the start-up wiring are checked by a test rather than by eye.
const home = mkdtempSync(join(tmpdir(), 'certdesk-main-'));
process.env['CERTDESK_HOME'] = home;

const state = vi.hoisted(() => ({
  windows: [] as Array<{ options: Record<string, unknown>; loaded?: string }>,
  schemes: [] as unknown[],
  handled: new Map<string, unknown>(),
  protocols: new Map<string, unknown>(),
  appEvents: new Map<string, (...a: unknown[]) => void>(),
  userData: '',
  permissionRequest: undefined as undefined | ((wc: unknown, p: string, cb: (g: boolean) => void) => void),
  ready: undefined as undefined | (() => void),
}));

vi.mock('electron', () => {
  class BrowserWindow {
    constructor(public options: Record<string, unknown>) {
      state.windows.push(this as never);
    }
    once() {}
    loadURL(url: string) {
      (this as unknown as { loaded: string }).loaded = url;
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    focus() {}
    restore() {}
    show() {}
  }
  return {
    app: {
      setPath: (_k: string, v: string) => (state.userData = v),
      requestSingleInstanceLock: () => true,
      on: (e: string, fn: (...a: unknown[]) => void) => state.appEvents.set(e, fn),
      whenReady: () => new Promise<void>((resolve) => (state.ready = resolve)),
      quit: () => undefined,
    },
    BrowserWindow,
    dialog: {},
    shell: { openExternal: () => Promise.resolve() },
    ipcMain: { handle: (ch: string, fn: unknown) => state.handled.set(ch, fn) },
    protocol: {
      registerSchemesAsPrivileged: (s: unknown[]) => state.schemes.push(...s),
      handle: (scheme: string, fn: unknown) => state.protocols.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (h: typeof state.permissionRequest) => (state.permissionRequest = h),
        setPermissionCheckHandler: () => undefined,
      },
    },
  };
});

// The core worker is tested on its own (core-host.test.ts); here it runs in-process.
vi.mock('../../../electron/main/core-host.js', async () => {
  const { createTestCore } = await import('../../helpers/core.js');
  return { startCoreWorker: () => ({ services: createTestCore().services, close: async () => undefined }) };
});

describe('main process start-up', () => {
  it('uses the data dir, registers app://, locks the session and opens one hardened window', async () => {
    await import('../../../electron/main/main.js');
    expect(state.userData).toBe(home);
    expect(state.schemes).toEqual([expect.objectContaining({ scheme: 'app' })]);
    expect(state.appEvents.has('web-contents-created')).toBe(true);
    state.ready?.();
    await vi.waitFor(() => expect(state.windows.length).toBe(1));
    const prefs = state.windows[0]?.options['webPreferences'] as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true });
    expect(String(prefs['preload'])).toMatch(/preload\.cjs$/);
    expect(state.windows[0]?.loaded).toBe('app://certdesk/index.html');
    expect(state.protocols.has('app')).toBe(true);
    expect(state.handled.has(opChannel('app.info'))).toBe(true);
    let granted: boolean | undefined;
    state.permissionRequest?.({}, 'media', (g) => (granted = g));
    expect(granted).toBe(false);
  });
});
