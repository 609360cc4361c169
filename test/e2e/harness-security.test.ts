import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../shared/contract/define.js';
import { RendererGrants } from '../../electron/main/renderer-grants.js';
import { startHarness } from '../harness/server.js';
import { startE2E, type E2E } from './browser.js';

// The harness listens on 127.0.0.1, which every web page in the developer's browser can reach. A page
// from another origin must not be able to call the core: not by fetch, not by including a script, not
// by posting a form — even when it knows the token.
let e2e: E2E;
let evil: Server;
let evilUrl: string;
let dir: string;

/** A core call that would write a file, so "no call ran" is checked on disk. */
const writeCall = (certPath: string) => ({
  cn: 'attack.example',
  key: 'ec:p256',
  days: 1,
  output: { kind: 'pem', certPath, keyPath: `${certPath}.key` },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'certdesk-harness-sec-'));
  e2e = await startE2E();
  // The foreign page: another loopback origin, as a page the developer happens to have open would be.
  evil = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>elsewhere</title><iframe name="sink"></iframe>'));
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilUrl = `http://127.0.0.1:${(evil.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await e2e?.close();
  await new Promise((resolve) => evil?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

describe('harness refuses every page but its own', () => {
  it('a page from another loopback origin cannot call the core by fetch, script include or form post', async () => {
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    await page.goto(evilUrl);
    const harness = e2e.harness.url;
    const token = e2e.harness.token; // as if it had leaked: even then, nothing may run
    const targets = ['fetch-plain', 'fetch-token', 'fetch-nocors', 'form', 'form-token'].map((n) => join(dir, `${n}.crt`));
    const call = (certPath: string) => JSON.stringify({ input: writeCall(certPath) });
    const api = new URL('/__certdesk/api/pki.createSelfSigned', harness).href;

    const outcome = await page.evaluate(
      async ({ api, harness, token, bodies }) => {
        const results: Record<string, string> = {};
        const attempt = async (name: string, f: () => Promise<Response>) => {
          try {
            const res = await f();
            results[name] = `status ${res.status}: ${res.type === 'opaque' ? 'opaque' : await res.text()}`;
          } catch (err) {
            results[name] = `blocked: ${String(err)}`;
          }
        };
        await attempt('fetch-plain', () => fetch(api, { method: 'POST', headers: { 'content-type': 'application/json' }, body: bodies[0] }));
        await attempt('fetch-token', () => fetch(api, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: bodies[1] }));
        await attempt('fetch-nocors', () => fetch(`${api}?token=${token}`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: bodies[2] }));
        // Reading the app page (which holds the token) or its events across origins.
        await attempt('read-index', () => fetch(harness));
        await attempt('events', () => fetch(new URL('/__certdesk/events', harness), { headers: { authorization: `Bearer ${token}` } }));
        // The old config script handed the token to anyone who included it.
        const included = await new Promise<string>((resolve) => {
          const s = document.createElement('script');
          s.src = new URL('/__certdesk/config.js', harness).href;
          s.onload = () => resolve(`loaded: ${JSON.stringify((window as unknown as { __CERTDESK_HARNESS__?: unknown }).__CERTDESK_HARNESS__ ?? null)}`);
          s.onerror = () => resolve('error');
          document.head.append(s);
        });
        const shim = await new Promise<string>((resolve) => {
          const s = document.createElement('script');
          s.src = new URL('/__certdesk/shim.js', harness).href;
          s.onload = () => resolve(`loaded: ${typeof (window as unknown as { certdesk?: unknown }).certdesk}`);
          s.onerror = () => resolve('error');
          document.head.append(s);
        });
        // Form posts: no preflight, no custom headers; text/plain can smuggle a JSON-looking body.
        const post = (action: string, body: string) =>
          new Promise<void>((resolve) => {
            const form = document.createElement('form');
            form.method = 'POST';
            form.action = action;
            form.enctype = 'text/plain';
            form.target = 'sink';
            const input = document.createElement('input');
            input.name = body.slice(0, -2);
            input.value = body.slice(-2);
            form.append(input);
            document.body.append(form);
            document.querySelector('iframe')!.addEventListener('load', () => resolve(), { once: true });
            form.submit();
          });
        await post(api, bodies[3]!);
        await post(`${api}?token=${token}`, bodies[4]!);
        return { results, included, shim };
      },
      { api, harness, token, bodies: targets.map(call) },
    );
    expect(outcome.results['fetch-plain']).toMatch(/^blocked|status 40[13]/);
    expect(outcome.results['fetch-token']).toMatch(/^blocked/); // the preflight is refused
    expect(outcome.results['fetch-nocors']).toMatch(/^blocked|opaque$/); // refused (CORP), and nothing ran: see below
    expect(outcome.results['read-index']).toMatch(/^blocked/);
    expect(outcome.results['events']).toMatch(/^blocked/);
    expect(outcome.included).not.toContain(token);
    expect(outcome.shim).toBe('error'); // cross-origin-resource-policy: same-origin
    await new Promise((r) => setTimeout(r, 300));
    for (const target of targets) expect(existsSync(target), target).toBe(false);
    await context.close();
  });

  it('checks Host, Origin, content type, JSON and size on the server side too', async () => {
    const url = new URL(e2e.harness.url);
    const send = (headers: Record<string, string>, body: string, path = '/__certdesk/api/pki.createSelfSigned') =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: url.port, path, method: 'POST', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
    const target = join(dir, 'server-side.crt');
    const good = { host: url.host, origin: url.origin, authorization: `Bearer ${e2e.harness.token}`, 'content-type': 'application/json' };
    const body = JSON.stringify({ input: writeCall(target) });
    expect(await send({ ...good, host: `evil.example:${url.port}` }, body)).toBe(421); // DNS rebinding
    expect(await send({ ...good, host: `localhost:${url.port}` }, body)).toBe(421);
    expect(await send({ ...good, origin: 'http://127.0.0.1:1' }, body)).toBe(403);
    expect(await send({ ...good, origin: 'null' }, body)).toBe(403);
    const { origin: _o, ...noOrigin } = good;
    expect(await send(noOrigin, body)).toBe(403);
    const { authorization: _a, ...noToken } = good;
    expect(await send(noToken, body)).toBe(401);
    expect(await send({ ...good, 'content-type': 'text/plain' }, body)).toBe(415);
    expect(await send({ ...good, 'content-type': 'application/x-www-form-urlencoded' }, body)).toBe(415);
    expect(await send(good, '{"input": ')).toBe(400);
    expect(await send(good, JSON.stringify({ input: writeCall(target), pad: 'x'.repeat(2 * 1024 * 1024) }))).toBe(413);
    expect(existsSync(target)).toBe(false);
    // Index page: also Host-checked, as it carries the token.
    const index = await new Promise<number>((resolve) => request({ host: '127.0.0.1', port: url.port, path: '/', headers: { host: `rebind.example:${url.port}` } }, (res) => resolve(res.statusCode ?? 0)).end());
    expect(index).toBe(421);
    // And the same call, done right, runs.
    expect(await send(good, body)).toBe(200);
    expect(existsSync(target)).toBe(true);
  });

  it('the real app page still works: calls, progress events over the header-authenticated stream', async () => {
    const { page, errors } = await e2e.open();
    const target = join(dir, 'from-app.crt');
    const { result, events } = await page.evaluate(async (input) => {
      const events: ProgressEvent[] = [];
      window.certdesk.onProgress((e) => events.push(e));
      const result = await window.certdesk.pki.createSelfSigned(input as never, { jobId: 'app-job' });
      return { result, events };
    }, writeCall(target));
    expect(result.ok).toBe(true);
    expect(events.filter((e) => e.jobId === 'app-job').map((e) => e.message)).toContain('Done');
    expect(existsSync(target)).toBe(true);
    // The token is not left lying in the DOM for other scripts.
    expect(await page.locator('meta[name="certdesk-harness-token"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('with write grants on, only a path typed into the dialog prompt may be written', async () => {
    const guarded = await startHarness(e2e.core.services, undefined, { grants: new RendererGrants(e2e.core.dataDir) });
    const context = await e2e.browser.newContext();
    const page = await context.newPage();
    try {
      const chosen = join(dir, 'typed.crt');
      page.on('dialog', (d) => void d.accept(d.message().includes('key') ? `${chosen}.key` : chosen));
      await page.goto(guarded.url);
      const { before, after } = await page.evaluate(async (input) => {
        const before = await window.certdesk.pki.createSelfSigned(input as never);
        await window.certdesk.dialog.saveFile({ title: 'Save the certificate' });
        await window.certdesk.dialog.saveFile({ title: 'Save the key' });
        const after = await window.certdesk.pki.createSelfSigned(input as never);
        return { before, after };
      }, writeCall(chosen));
      expect(before).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
      expect(after).toMatchObject({ ok: true });
      expect(existsSync(chosen)).toBe(true);
    } finally {
      await context.close();
      await guarded.close();
    }
  });

  it('npm run dev:browser honours CERTDESK_HOME', async () => {
    const home = join(dir, 'dev-home');
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/harness/dev-browser.ts'], { env: { ...process.env, CERTDESK_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('Data dir:')) resolve(text);
        });
        child.on('exit', (code) => reject(new Error(`dev-browser exited ${code}`)));
      });
      expect(out).toContain(`Data dir: ${home}`);
      const url = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out)![1]!;
      const html = await (await fetch(url)).text();
      const token = /name="certdesk-harness-token" content="([0-9a-f]+)"/.exec(html)![1]!;
      const res = await fetch(new URL('/__certdesk/api/app.info', url), {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, origin: new URL(url).origin, 'content-type': 'application/json' },
        body: JSON.stringify({ input: {} }),
      });
      expect(await res.json()).toMatchObject({ ok: true, value: { dataDir: home } });
    } finally {
      child.kill('SIGINT');
    }
  });
});
