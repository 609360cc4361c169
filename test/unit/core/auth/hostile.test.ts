/**
 * Hostile servers against auth.test (through the real core's services, as the app and the CLI call
 * it): each call ends in a verdict (`error` with a code that says what went wrong, or a verdict from a
 * capped answer) within its timeout, memory stays bounded, and this process's event loop is never
 * blocked for 50 ms or more while the calls run. The bearer token is never echoed in what comes back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthTestResult } from '../../../../shared/contract/auth.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { watched } from '../../../helpers/responsive.js';
import {
  closesMidAnswer, endlessBody, endlessHeaders, garbageAnswer, type Misbehaviour, plainHostile, tlsWrapped, trickleBody, trickleHeaders,
} from '../../../servers/hostile-http.js';
import { chainServer, endlessCertificate, makeLongChain } from '../../../servers/hostile-tls.js';
import { issueLeaf, makeTestCa, type TestCa } from '../../../servers/tls-pki.js';
import { closesMidHandshake, garbage, type Running, silent, trickle } from '../../../servers/tls-servers.js';
import { tempDir, type TempDir } from '../pki/helpers.js';

const TOKEN = 'hostile-bearer-9c41e7d2';
const MiB = 1024 * 1024;
const LOOP_BOUND_MS = 50;

let tmp: TempDir;
let ca: TestCa;
let core: TestCore;
let tlsOpts: { cert: Buffer; key: Buffer };
const servers: Running[] = [];
const start = async (p: Promise<Running>): Promise<Running> => {
  const s = await p;
  servers.push(s);
  return s;
};

beforeAll(async () => {
  tmp = tempDir('certdesk-auth-hostile-');
  ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'server', { san: 'DNS:localhost,IP:127.0.0.1' });
  tlsOpts = { cert: readFileSync(join(tmp.dir, 'server-chain.pem')), key: readFileSync(join(tmp.dir, 'server.key')) };
  core = createTestCore();
  // Warm up (module loading, the first secure context) before anything is measured.
  const s = await start(plainHostile(closesMidAnswer));
  await call(`http://127.0.0.1:${s.port}/`, 2000);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  core?.cleanup();
  tmp?.cleanup();
});

async function call(url: string, timeoutMs: number): Promise<AuthTestResult> {
  const r = await core.services['auth.test']({
    request: { url },
    credential: { scheme: 'bearer', fields: {}, secrets: { token: TOKEN }, allowedHosts: [] },
    trust: { kind: 'caFiles', paths: [join(tmp.dir, ca.root)] },
    timeoutMs,
  });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** One call under watch: its result, asserted in time, bounded and without blocking the loop. */
async function hostileCall(url: string, timeoutMs: number): Promise<{ r: AuthTestResult; ms: number }> {
  const t0 = performance.now();
  const { value: r, report } = await watched(() => call(url, timeoutMs));
  const ms = performance.now() - t0;
  expect(ms, 'a verdict within the timeout').toBeLessThan(timeoutMs + 1000);
  expect(report.blockedMs, `event loop blocked ${JSON.stringify(report)}`).toBeLessThan(LOOP_BOUND_MS);
  expect(report.heapGrowth, 'heap growth').toBeLessThan(48 * MiB);
  expect(report.rssGrowth, 'RSS growth').toBeLessThan(96 * MiB);
  expect(JSON.stringify(r)).not.toContain(TOKEN);
  return { r, ms };
}

const over = (m: Misbehaviour, scheme: 'http' | 'https') => (scheme === 'http' ? plainHostile(m) : tlsWrapped(m, tlsOpts));
const origin = (scheme: 'http' | 'https', s: Running) => `${scheme}://${scheme === 'https' ? 'localhost' : '127.0.0.1'}:${s.port}`;

describe.each(['http', 'https'] as const)('auth.test against hostile %s servers', (scheme) => {
  it('stall after accept: error timeout, at the timeout', async () => {
    const s = await start(silent());
    const { r, ms } = await hostileCall(`${origin(scheme, s)}/`, 1500);
    expect(r).toMatchObject({ verdict: 'error', error: { code: 'timeout' } });
    expect(ms).toBeGreaterThanOrEqual(1400);
  });

  it('headers a byte a second, or a body a byte a second: error timeout', async () => {
    for (const m of [trickleHeaders, trickleBody]) {
      const s = await start(over(m, scheme));
      const { r } = await hostileCall(`${origin(scheme, s)}/`, 1500);
      expect(r).toMatchObject({ verdict: 'error', error: { code: 'timeout' } });
    }
  });

  it('endless headers: error response-too-large, read no further than the header cap', async () => {
    const s = await start(over(endlessHeaders, scheme));
    const { r } = await hostileCall(`${origin(scheme, s)}/`, 5000);
    expect(r).toMatchObject({ verdict: 'error', status: null, error: { code: 'response-too-large' } });
    expect(r.error?.message).toMatch(/headers larger than 16 KiB/);
  });

  it('an endless body: the verdict from the status, the body cut at its cap', async () => {
    const s = await start(over(endlessBody, scheme));
    const { r } = await hostileCall(`${origin(scheme, s)}/`, 5000);
    expect(r.verdict).toBe('authenticated');
    expect(r.response?.truncated).toBe(true);
    expect(r.response?.bodyBytes).toBe(256 * 1024);
    expect(r.response?.bodyPreview.length).toBeLessThanOrEqual(8 * 1024);
  });

  it('garbage: error bad-response; a close in the middle of the answer: error network-error, said so', async () => {
    const bad = await start(over(garbageAnswer, scheme));
    const { r } = await hostileCall(`${origin(scheme, bad)}/`, 3000);
    expect(r).toMatchObject({ verdict: 'error', error: { code: 'bad-response', message: expect.stringMatching(/did not answer with valid HTTP/) } });
    const cut = await start(over(closesMidAnswer, scheme));
    const { r: r2 } = await hostileCall(`${origin(scheme, cut)}/`, 3000);
    expect(r2).toMatchObject({ verdict: 'error', error: { code: 'network-error', message: expect.stringMatching(/closed the connection before its answer was complete/) } });
  });
});

describe('auth.test against hostile TLS servers: the TLS check names what failed', () => {
  it('a byte a second during the handshake: error timeout', async () => {
    const s = await start(trickle());
    const { r } = await hostileCall(`https://127.0.0.1:${s.port}/`, 2500);
    expect(r).toMatchObject({ verdict: 'error', error: { code: 'timeout' } });
  });

  it('garbage, a close mid-handshake, an endless Certificate message, a chain of 400 KiB: error handshake-failure', async () => {
    const huge = await makeLongChain(40, 10_000);
    for (const server of [garbage(), closesMidHandshake(), endlessCertificate(), chainServer(huge)]) {
      const s = await start(server);
      const { r } = await hostileCall(`https://localhost:${s.port}/`, 5000);
      expect(r.verdict).toBe('error');
      expect(r.tls?.code, JSON.stringify(r.error)).toBe('handshake-failure');
      expect(r.summary).toMatch(/failed before any credential was sent/);
    }
  });

  it('an endless chain of 100 CAs: error, the chain judged untrusted, nothing sent', async () => {
    const s = await start(chainServer(await makeLongChain(100)));
    const { r } = await hostileCall(`https://localhost:${s.port}/`, 5000);
    expect(r.verdict).toBe('error');
    expect(r.tls?.code, JSON.stringify(r.error)).toBe('untrusted-root');
  });
});
