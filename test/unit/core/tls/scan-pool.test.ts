/**
 * A large batch spread over worker threads: the same rows as in one thread, each row and the progress
 * as it comes, cancel stops the workers, and a worker that cannot start leaves its checks to this thread.
 * The worker runs the built script (bundled here as scripts/build.mjs does).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TlsScanOutput, TlsScanRow } from '../../../../shared/contract/tls.js';
import { createJobContext } from '../../../../electron/core/jobs.js';
import { poolSize, ScanWorker } from '../../../../electron/core/tls/scan-pool.js';
import { parseTarget } from '../../../../electron/core/tls/target.js';
import { scanTargets } from '../../../../electron/core/tls/scan.js';
import type { TlsCheckOptions } from '../../../../electron/core/tls/check.js';
import { asnDate, issueLeaf, makeTestCa, type TestCa } from '../../../servers/tls-pki.js';
import { type Running, silent, startNodeTls } from '../../../servers/tls-servers.js';
import { tempDir, type TempDir } from '../pki/helpers.js';

let tmp: TempDir;
let ca: TestCa;
let script = '';
const servers: Running[] = [];
const read = (f: string) => readFileSync(join(tmp.dir, f));
let good = 0;
let old = 0;
let quiet = 0;

beforeAll(async () => {
  tmp = tempDir('certdesk-tls-pool-');
  ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'server', { san: 'DNS:localhost,IP:127.0.0.1' });
  issueLeaf(ca, 'old', { san: 'DNS:localhost', start: asnDate(-400), end: asnDate(-5) });
  const [a, b, c] = await Promise.all([
    startNodeTls({ cert: read('server-chain.pem'), key: read('server.key') }),
    startNodeTls({ cert: read('old-chain.pem'), key: read('old.key'), maxVersion: 'TLSv1.2' }),
    silent(),
  ]);
  servers.push(a, b, c);
  [good, old, quiet] = [a.port, b.port, c.port];
  script = join(tmp.dir, 'tls-scan-worker.cjs');
  await build({ entryPoints: ['electron/core/tls/scan-worker.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: script, logLevel: 'error' });
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  tmp?.cleanup();
});

const options = (): Omit<TlsCheckOptions, 'signal'> => ({
  trust: { kind: 'ca-files', pems: [read(ca.root)] },
  timeoutMs: 8000,
  proxy: null,
  now: new Date(),
});

/** 30 healthy, 10 expired (TLS 1.2), one refused and one that is no target. */
function targetList(): string {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) lines.push(i % 4 === 3 ? `localhost:${old}` : `localhost:${good}`);
  lines.push('127.0.0.1:1', 'not a target');
  return lines.join('\n');
}

/** The rows without what differs run to run (timings). */
const comparable = (out: TlsScanOutput) => out.rows.map((r: TlsScanRow) => ({ ...r, result: r.result ? { ...r.result, timings: {} } : undefined }));

async function run(pool: { script?: string | null; workers?: number }, signal = new AbortController().signal) {
  const items: string[] = [];
  const fractions: number[] = [];
  const ctx = createJobContext(signal, (e) => {
    if (e.item) items.push(e.item.key);
    else if (e.fraction !== undefined) fractions.push(e.fraction);
  });
  const out = await scanTargets(targetList(), 16, options(), ctx, pool);
  return { out, items, fractions };
}

describe('scanTargets over worker threads', () => {
  it('gives the same rows as one thread, each row and the progress as it comes', async () => {
    const alone = await run({ script: null });
    const pooled = await run({ script, workers: 2 });
    expect(alone.out.checked).toBe(41);
    expect(pooled.out.checked).toBe(41);
    expect(comparable(pooled.out)).toEqual(comparable(alone.out));
    expect(pooled.out.rows.filter((r) => r.code === 'expired')).toHaveLength(10);
    expect(pooled.out.rows.filter((r) => r.code === 'ok')).toHaveLength(30);
    expect(pooled.out.rows.find((r) => r.line === 41)?.code).toBe('connection-refused');
    expect(pooled.out.rows.find((r) => r.line === 42)?.code).toBe('invalid-target');
    // One item per line, the bad line first; progress climbs to 1.
    expect([...pooled.items].sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 42 }, (_, i) => String(i + 1)));
    expect(pooled.items[0]).toBe('42');
    expect(pooled.fractions.at(-1)).toBe(1);
    expect(pooled.fractions).toEqual([...pooled.fractions].sort((a, b) => a - b));
  }, 60_000);

  it('the built worker runs the engine itself (nothing falls back to this thread)', async () => {
    const w = new ScanWorker(script, options(), () => Promise.reject(new Error('ran in this thread')));
    const [a, b] = await Promise.all([w.check(parseTarget(`localhost:${good}`)), w.check(parseTarget(`localhost:${old}`))]);
    await w.close();
    expect(a?.findings.map((f) => f.code)).toEqual(['ok']);
    expect(a?.chainOrder).toBe('ok');
    expect(b?.findings.map((f) => f.code)).toEqual(['expired']);
    expect(b?.protocol).toBe('TLSv1.2');
  }, 30_000);

  it('cancel stops the checks running in the workers: CANCELLED well before their deadline', async () => {
    const controller = new AbortController();
    const opts = { ...options(), timeoutMs: 30_000 };
    const ctx = createJobContext(controller.signal);
    const started = Date.now();
    const done = scanTargets(Array.from({ length: 30 }, () => `127.0.0.1:${quiet}`).join('\n'), 30, opts, ctx, { script, workers: 1 });
    setTimeout(() => controller.abort(), 500);
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 30_000);

  it('a worker that cannot start leaves its checks to this thread: every row is still there', async () => {
    const broken = join(tmp.dir, 'broken-worker.cjs');
    writeFileSync(broken, "throw new Error('no engine here');\n");
    const r = await run({ script: broken, workers: 1 });
    expect(r.out.checked).toBe(41);
    expect(r.out.rows.filter((x) => x.code === 'ok')).toHaveLength(30);
  }, 60_000);

  it('uses workers only for a batch large enough, one per idle core', () => {
    expect(poolSize(2000, 64, 2, 0.2)).toBe(1);
    expect(poolSize(2000, 64, 8, 0.5)).toBe(3);
    expect(poolSize(2000, 64, 8, 6)).toBe(2);
    expect(poolSize(2000, 64, 2, 3)).toBe(0);
    expect(poolSize(200, 64, 8, 0)).toBe(0);
    expect(poolSize(2000, 1, 8, 0)).toBe(0);
    expect(poolSize(2000, 64, 1, 0)).toBe(0);
  });
});
