import { describe, expect, it } from 'vitest';
import { CSP, isExternalLink, lockSession, lockWebContents } from '../../../electron/main/security.js';
import { rendererResponder } from '../../../electron/main/app-protocol.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Listener = (event: { preventDefault(): void; defaultPrevented?: boolean }, url?: string) => void;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((d: { url: string }) => { action: string }) | undefined;
  return {
    contents: {
      on(name: string, l: Listener) {
        listeners.set(name, l);
      },
      setWindowOpenHandler(h: (d: { url: string }) => { action: string }) {
        openHandler = h;
      },
    },
    fire(name: string, url: string): boolean {
      let prevented = false;
      listeners.get(name)?.({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    },
    open: (url: string) => openHandler?.({ url }),
  };
}

describe('Electron security baseline', () => {
  it('blocks every navigation away from the app and every webview', () => {
    const f = fakeContents();
    lockWebContents(f.contents as never, () => undefined);
    expect(f.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(f.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(f.fire('will-redirect', 'http://127.0.0.1:8080/')).toBe(true);
    expect(f.fire('will-navigate', 'app://certdesk/index.html#keystores')).toBe(false);
    expect(f.fire('will-attach-webview', 'app://certdesk/x')).toBe(true);
  });

  it('denies window.open and sends only http(s) links to the OS browser', () => {
    const f = fakeContents();
    const opened: string[] = [];
    lockWebContents(f.contents as never, (u) => opened.push(u));
    expect(f.open('https://docs.example.com/')).toEqual({ action: 'deny' });
    expect(f.open('file:///etc/passwd')).toEqual({ action: 'deny' });
    expect(f.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://docs.example.com/']);
    expect(isExternalLink('smb://host/share')).toBe(false);
  });

  it('denies every permission request and check', () => {
    let request: ((wc: unknown, p: string, cb: (granted: boolean) => void) => void) | undefined;
    let check: (() => boolean) | undefined;
    lockSession({
      setPermissionRequestHandler: (h: typeof request) => (request = h),
      setPermissionCheckHandler: (h: typeof check) => (check = h),
    } as never);
    for (const p of ['media', 'notifications', 'clipboard-read', 'geolocation']) {
      let granted: boolean | undefined;
      request?.({}, p, (g) => (granted = g));
      expect(granted).toBe(false);
    }
    expect(check?.()).toBe(false);
  });

  it('serves the renderer with the strict CSP and nothing outside its folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certdesk-renderer-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><p>hi</p>');
    const respond = rendererResponder(dir);
    const ok = await respond({ url: 'app://certdesk/index.html' });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CSP);
    expect(CSP).toContain("default-src 'none'");
    expect(CSP).toContain("script-src 'self'");
    expect((await respond({ url: 'app://certdesk/../../etc/passwd' })).status).toBe(404);
    expect((await respond({ url: 'app://certdesk/%2e%2e/%2e%2e/etc/passwd' })).status).toBe(404);
    expect((await respond({ url: 'app://certdesk/missing.js' })).status).toBe(404);
    for (const bad of ['app://certdesk/%E0%A4%A', 'app://certdesk/%', 'app://certdesk/assets/%zz.js'])
      expect((await respond({ url: bad })).status).toBe(400);
  });
});
