import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCoreDeps } from '../../../../electron/core/deps.js';
import { createExternalOpener } from '../../../../electron/core/net/open-external.js';
import { request, tlsConnect } from '../../../../electron/core/net/request.js';
import { opensslKeyPair, tempDir } from '../keystore/helpers.js';

/** The net port against loopback servers started here: deadlines, size caps, TLS; and the other ports. */

let httpServer: http.Server;
let silent: net.Server;
let tlsServer: tls.Server;
let base: string;
let certPem: string;
let cleanup: () => Promise<void>;
const port = (s: net.Server): number => (s.address() as AddressInfo).port;

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await tempDir('net'));
  const pair = await opensslKeyPair(dir, 'loop', 'ec');
  certPem = pair.certPem;
  httpServer = http.createServer((req, res) => {
    if (req.url === '/hello') res.end(`hello ${req.method}`);
    else if (req.url === '/big') res.end(Buffer.alloc(64 * 1024, 'x'));
    else if (req.url === '/trickle') {
      res.writeHead(200);
      const t = setInterval(() => res.write('.'), 50);
      res.on('close', () => clearInterval(t));
    }
  });
  silent = net.createServer(() => undefined); // accepts, never speaks TLS
  tlsServer = tls.createServer({ key: pair.keyPem, cert: pair.certPem }, (s) => s.end());
  await Promise.all([httpServer, silent, tlsServer].map((s) => new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()))));
  base = `http://127.0.0.1:${port(httpServer)}`;
}, 60_000);

afterAll(async () => {
  httpServer.closeAllConnections();
  for (const s of [httpServer, silent, tlsServer]) s.close();
  await cleanup();
});

describe('net.request', () => {
  it('returns status and body', async () => {
    const r = await request(`${base}/hello`, { method: 'POST', body: 'x' });
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('hello POST');
  });

  it('cuts off a server that trickles, at the whole-request deadline', async () => {
    const started = Date.now();
    await expect(request(`${base}/trickle`, { timeoutMs: 400 })).rejects.toMatchObject({ code: 'TIMEOUT', message: expect.stringContaining('within 0.4 s') });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('refuses a response over its size cap', async () => {
    await expect(request(`${base}/big`, { maxBytes: 1024 })).rejects.toMatchObject({ code: 'IO_ERROR', message: expect.stringContaining('larger than 1024 bytes') });
  });

  it('stops when its signal aborts (a cancelled job, a check out of time), long before its own deadline', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('stopped by the caller')), 200);
    await expect(request(`${base}/trickle`, { timeoutMs: 10_000, signal: controller.signal })).rejects.toThrow('stopped by the caller');
    expect(Date.now() - started).toBeLessThan(1500);
    await expect(request(`${base}/hello`, { signal: controller.signal })).rejects.toThrow('stopped by the caller');
  });
});

describe('net.tlsConnect', () => {
  it('completes a handshake with a server it trusts', async () => {
    const s = await tlsConnect({ host: '127.0.0.1', servername: 'localhost', port: port(tlsServer), ca: certPem, timeoutMs: 5000 });
    expect(s.authorized).toBe(true);
    s.destroy();
  });

  it('gives up on a server that never answers the handshake', async () => {
    await expect(tlsConnect({ host: '127.0.0.1', port: port(silent), timeoutMs: 300 })).rejects.toMatchObject({ code: 'TIMEOUT' });
  });
});

describe('openExternal and the other ports', () => {
  it('opens only URLs the core registered', async () => {
    const opened: string[] = [];
    const ext = createExternalOpener(async (u) => void opened.push(u));
    ext.allow('https://example.com/docs?a=1');
    await ext.open('https://example.com/docs?a=1');
    await expect(ext.open('https://evil.example/')).rejects.toMatchObject({ code: 'FORBIDDEN_SENDER' });
    expect(() => ext.allow('file:///etc/passwd')).toThrow(/Only web addresses/);
    expect(opened).toEqual(['https://example.com/docs?a=1']);
  });

  it('createCoreDeps builds every port, each swappable', async () => {
    const fixed = new Date('2030-01-01T00:00:00Z');
    const deps = createCoreDeps({ dataDir: '/nonexistent/certdesk', keychainService: 'x', clock: { now: () => fixed }, random: { bytes: (n) => Buffer.alloc(n, 7) }, env: { CERTDESK_EXPIRING_SOON_DAYS: '45' } });
    expect(deps.now()).toBe(fixed);
    expect(deps.clock.now()).toBe(fixed);
    expect(deps.random.bytes(2)).toEqual(Buffer.from([7, 7]));
    expect(deps.settings.expiringSoonDays).toBe(45);
    expect(deps.keychain.service).toBe('x');
    await expect(deps.openExternal.open('https://example.com/')).rejects.toMatchObject({ code: 'FORBIDDEN_SENDER' });
    expect(typeof deps.net.request).toBe('function');
    expect(typeof deps.files.write).toBe('function');
    expect(deps.metadata.dataDir).toBe('/nonexistent/certdesk');
  });
});
