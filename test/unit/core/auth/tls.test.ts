/** Auth tests over HTTPS: a CA given as trust authenticates; an untrusted server is verdict error with the TLS check's finding. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueLeaf, makeTestCa, type TestCa } from '../../../servers/tls-pki.js';
import { SECRETS, startAuthServer, type AuthServer } from '../../../servers/auth-servers.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { tempDir, type TempDir } from '../pki/helpers.js';
import { startTinyproxy } from '../../../servers/tinyproxy.js';

let tmp: TempDir;
let ca: TestCa;
let server: AuthServer;
let core: TestCore;

beforeAll(async () => {
  tmp = tempDir('certdesk-auth-tls-');
  ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'server', { san: 'DNS:localhost' });
  server = await startAuthServer({ tls: { cert: readFileSync(join(tmp.dir, 'server-chain.pem')), key: readFileSync(join(tmp.dir, 'server.key')) } });
  core = createTestCore();
}, 60_000);
afterAll(async () => {
  await server?.close();
  core?.cleanup();
  tmp?.cleanup();
});

const cred = { scheme: 'bearer', secrets: { token: SECRETS.token } };

describe('auth.test over HTTPS', () => {
  it('authenticates when the server is trusted through a CA file', async () => {
    const r = await core.services['auth.test']({ request: { url: `${server.origin}/bearer` }, credential: cred, trust: { kind: 'caFiles', paths: [join(tmp.dir, ca.root)] } });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.verdict).toBe('authenticated');
    expect(r.value.timings.tlsMs).toBeGreaterThan(0);
  });

  it('an untrusted server is verdict error with the TLS check finding, and the token never leaves', async () => {
    const before = server.requests.length;
    const r = await core.services['auth.test']({ request: { url: `${server.origin}/bearer` }, credential: cred });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.verdict).toBe('error');
    expect(r.value.tls?.severity).toBe('error');
    // The same finding the TLS check gives the endpoint.
    const check = await core.services['tls.check']({ target: `localhost:${server.port}` });
    expect(check.ok && r.value.tls?.code).toBe(check.ok ? check.value.findings[0]?.code : 'no check');
    expect(r.value.error?.code).toBe(r.value.tls?.code);
    expect(r.value.summary).toMatch(/failed before any credential was sent.*certdesk tls check localhost:\d+/);
    expect(server.requests.length).toBe(before);
  });
});

describe('auth.test through an HTTP proxy (tinyproxy)', () => {
  it('tunnels https through CONNECT: authenticated, and the proxy logs the CONNECT, never the token', async () => {
    const proxy = await startTinyproxy(tmp.dir);
    try {
      const r = await core.services['auth.test']({ request: { url: `${server.origin}/bearer` }, credential: cred, trust: { kind: 'caFiles', paths: [join(tmp.dir, ca.root)] }, proxy: `http://127.0.0.1:${proxy.port}` });
      if (!r.ok) throw new Error(r.error.message);
      expect(r.value.verdict).toBe('authenticated');
      expect(proxy.log(), proxy.log()).toMatch(new RegExp(`CONNECT.*localhost:${server.port}`, 'i'));
      expect(proxy.log()).not.toContain(SECRETS.token);
    } finally {
      await proxy.close();
    }
  });

  it('a proxy that cannot be reached is verdict error proxy-failure; a bad proxy address is bad input', async () => {
    const r = await core.services['auth.test']({ request: { url: `${server.origin}/bearer` }, credential: cred, proxy: 'http://127.0.0.1:1' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value, JSON.stringify(r.value.error)).toMatchObject({ verdict: 'error', error: { code: 'proxy-failure' } });
    const bad = await core.services['auth.test']({ request: { url: `${server.origin}/bearer` }, credential: cred, proxy: 'ftp://127.0.0.1:21' });
    expect(bad.ok ? 'ok' : bad.error.code).toBe('VALIDATION_FAILED');
  });
});
