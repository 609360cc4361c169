/**
 * Hostile servers against the TLS check: each ends in a verdict within its timeout, the heap and the
 * resident set stay bounded, and this process (where the check runs, as in the CLI) keeps its event
 * loop free: never blocked for 50 ms or more while the check runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTls, type TlsCheckOptions } from '../../../../electron/core/tls/check.js';
import { parseTarget } from '../../../../electron/core/tls/target.js';
import type { TlsCheckResult } from '../../../../shared/contract/tls-result.js';
import { watched, type WatchReport } from '../../../helpers/responsive.js';
import { chainServer, endlessCertificate, garbageFlood, makeLongChain } from '../../../servers/hostile-tls.js';
import { endlessBody, endlessHeaders, tlsWrapped } from '../../../servers/hostile-http.js';
import { issueLeaf, makeTestCa, type TestCa } from '../../../servers/tls-pki.js';
import { closesMidHandshake, garbage, type Running, silent, startNodeTls, trickle } from '../../../servers/tls-servers.js';
import { tempDir, type TempDir } from '../pki/helpers.js';

let tmp: TempDir;
let ca: TestCa;
const servers: Running[] = [];
const start = async (p: Promise<Running>): Promise<Running> => {
  const s = await p;
  servers.push(s);
  return s;
};

const MiB = 1024 * 1024;
/** Generous bounds: a check holds a few hundred KiB of server bytes; anything unbounded blows far past these. */
const HEAP_BOUND = 48 * MiB;
const RSS_BOUND = 96 * MiB;
const LOOP_BOUND_MS = 50;

beforeAll(async () => {
  tmp = tempDir('certdesk-tls-hostile-');
  ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'ok', { san: 'DNS:localhost,IP:127.0.0.1' });
  // Warm up (module loading, the first secure context) before anything is measured.
  const good = await start(startNodeTls({ cert: readFileSync(join(tmp.dir, 'ok-chain.pem')), key: readFileSync(join(tmp.dir, 'ok.key')) }));
  await checkTls(parseTarget(`https://localhost:${good.port}/`), opts(5000));
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  tmp.cleanup();
});

function opts(timeoutMs: number): TlsCheckOptions {
  return { trust: { kind: 'ca-files', pems: [readFileSync(join(tmp.dir, ca.root))] }, timeoutMs, proxy: null };
}
const codes = (r: TlsCheckResult) => r.findings.map((f) => f.code);

/** One check under watch: its result, how long it took, and the watch's report (asserted bounded). */
async function hostileCheck(target: string, timeoutMs: number): Promise<{ r: TlsCheckResult; ms: number; report: WatchReport }> {
  const t0 = performance.now();
  const { value: r, report } = await watched(() => checkTls(parseTarget(target), opts(timeoutMs)));
  const ms = performance.now() - t0;
  expect(ms, 'a verdict within the timeout').toBeLessThan(timeoutMs + 1000);
  expect(report.blockedMs, `event loop blocked ${JSON.stringify(report)}`).toBeLessThan(LOOP_BOUND_MS);
  expect(report.heapGrowth, 'heap growth').toBeLessThan(HEAP_BOUND);
  expect(report.rssGrowth, 'RSS growth').toBeLessThan(RSS_BOUND);
  return { r, ms, report };
}

describe('the watch itself', () => {
  it('catches an 80 ms block of the event loop and 64 MiB held on the heap', async () => {
    const { report } = await watched(async () => {
      await new Promise((r) => setTimeout(r, 30));
      const until = performance.now() + 80;
      while (performance.now() < until);
      const held = Array.from({ length: 64 }, () => new Array<number>(128 * 1024).fill(1.5));
      await new Promise((r) => setTimeout(r, 30));
      return held.length;
    });
    expect(report.blockedMs).toBeGreaterThanOrEqual(LOOP_BOUND_MS);
    expect(report.heapGrowth).toBeGreaterThanOrEqual(HEAP_BOUND);
  });
});

describe('TLS check against hostile servers: a verdict in time, memory bounded, the loop free', () => {
  it('stall after accept: timeout', async () => {
    const s = await start(silent());
    const { r, ms } = await hostileCheck(`127.0.0.1:${s.port}`, 1500);
    expect(codes(r)).toEqual(['timeout']);
    expect(ms).toBeGreaterThanOrEqual(1400);
  });

  it('a byte a second: timeout, however long the server would go on', async () => {
    const s = await start(trickle());
    const { r } = await hostileCheck(`127.0.0.1:${s.port}`, 2500);
    expect(codes(r)).toEqual(['timeout']);
  });

  it('a Certificate message claiming 16 MiB, streamed without end: handshake-failure', async () => {
    const s = await start(endlessCertificate());
    const { r } = await hostileCheck(`127.0.0.1:${s.port}`, 3000);
    expect(codes(r)).toEqual(['handshake-failure']);
    expect(r.findings[0]?.message).toMatch(/excessive message size|record|length/i);
  });

  it('a real chain of 400 KiB (TLS 1.2 and 1.3): refused as too large, handshake-failure', async () => {
    const chain = await makeLongChain(40, 10_000);
    for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
      const s = await start(chainServer(chain, { maxVersion }));
      const { r } = await hostileCheck(`localhost:${s.port}`, 5000);
      expect(codes(r)).toEqual(['handshake-failure']);
      expect(r.findings[0]?.message).toMatch(/excessive message size/i);
    }
  });

  it('an endless chain of 100 distinct CAs, each issued by the next: judged, path cut at its depth limit', async () => {
    const chain = await makeLongChain(100);
    for (const maxVersion of ['TLSv1.2', 'TLSv1.3'] as const) {
      const s = await start(chainServer(chain, { maxVersion }));
      const { r } = await hostileCheck(`localhost:${s.port}`, 5000);
      expect(r.ok).toBe(false);
      expect(codes(r)).toContain('untrusted-root');
      expect(r.chain.length).toBeLessThanOrEqual(100);
      expect(r.path?.subjects.length ?? 0).toBeLessThanOrEqual(11);
    }
  });

  it('garbage, a garbage flood and a close mid-handshake: handshake-failure or plaintext-server', async () => {
    for (const server of [garbage(), garbageFlood(), closesMidHandshake()]) {
      const s = await start(server);
      const { r } = await hostileCheck(`127.0.0.1:${s.port}`, 3000);
      expect(codes(r).length).toBe(1);
      expect(['handshake-failure', 'plaintext-server']).toContain(codes(r)[0]);
    }
  });

  it('https:// with endless headers or an endless body after the handshake: the certificate is still judged', async () => {
    const tlsOpts = { cert: readFileSync(join(tmp.dir, 'ok-chain.pem')), key: readFileSync(join(tmp.dir, 'ok.key')) };
    for (const server of [tlsWrapped(endlessHeaders, tlsOpts), tlsWrapped(endlessBody, tlsOpts)]) {
      const s = await start(server);
      const { r } = await hostileCheck(`https://localhost:${s.port}/`, 3000);
      expect(codes(r)).toEqual(['ok']);
      expect(r.httpStatus).toBe(200);
    }
  });
});
