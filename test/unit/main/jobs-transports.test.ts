import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CertdeskApi, ProgressEvent } from '../../../shared/contract/index.js';
import type { Result } from '../../../shared/errors.js';
import { registerIpc, type PlatformHandlers } from '../../../electron/main/ipc.js';
import { startCoreWorker, type CoreHost } from '../../../electron/main/core-host.js';
import { JobTable, servicesAsJobs } from '../../../electron/core/jobs.js';
import { startHarness, type Harness } from '../../harness/server.js';
import { RendererGrants } from '../../../electron/main/renderer-grants.js';
import { createFakeElectron } from './fake-electron.js';
import { fakeLongOpServices } from './fake-long-op.js';

const fake = createFakeElectron();
vi.mock('electron', () => fake.module);

/** What every transport must show for the fake op: three progress steps, three rows, then CANCELLED. */
async function driveLongOp(start: (jobId: string) => Promise<Result<unknown>>, cancel: (jobId: string) => Promise<void>, events: ProgressEvent[]) {
  const jobId = `job-${Math.random().toString(36).slice(2)}`;
  const done = start(jobId);
  await vi.waitFor(() => expect(events.filter((e) => e.jobId === jobId && e.item).length).toBe(3), { timeout: 5000 });
  await cancel(jobId);
  expect(await done).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
  const mine = events.filter((e) => e.jobId === jobId);
  expect(mine.filter((e) => !e.item).map((e) => [e.fraction, e.message])).toEqual([
    [0, 'step 0'],
    [1 / 3, 'step 1'],
    [2 / 3, 'step 2'],
  ]);
  expect(mine.flatMap((e) => (e.item ? [e.item] : []))).toEqual([
    { key: 'row0', value: { n: 0 } },
    { key: 'row1', value: { n: 1 } },
    { key: 'row2', value: { n: 2 } },
  ]);
}

describe('one job mechanism over every transport', () => {
  let dir: string;
  let host: CoreHost | undefined;
  let harness: Harness | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'certdesk-jobs-'));
  });
  afterAll(async () => {
    await host?.close();
    await harness?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ipc: progress and items reach the page, cancel by job id stops the job', async () => {
    registerIpc(fake.module.ipcMain as never, fakeLongOpServices(), {} as PlatformHandlers, new RendererGrants(dir));
    await import('../../../electron/preload/preload.js');
    const api = fake.exposed['certdesk'] as CertdeskApi;
    const events: ProgressEvent[] = [];
    api.onProgress((e) => events.push(e));
    await driveLongOp((jobId) => api.app.info({}, { jobId }) as Promise<Result<unknown>>, (jobId) => api.cancel(jobId), events);
  });

  it('worker: the same events cross the thread boundary, and the caller’s signal cancels inside the worker', async () => {
    const script = join(dir, 'fake-core-worker.cjs');
    await build({ entryPoints: [join(process.cwd(), 'test/unit/main/fixtures/fake-core-worker.ts')], bundle: true, platform: 'node', format: 'cjs', outfile: script, logLevel: 'error' });
    host = startCoreWorker(script, { version: 'x', dataDir: dir, keychainService: 'x' });
    // The ipc host sits in front of the worker exactly as in the app.
    const table = new JobTable();
    const events: ProgressEvent[] = [];
    const services = host.services;
    await driveLongOp(
      (jobId) => table.run(jobId, (e) => events.push(e), (ctx) => services['app.info']({}, ctx)),
      async (jobId) => void table.cancel(jobId),
      events,
    );
  });

  it('harness: the same events stream over HTTP, and cancel by job id stops the job', async () => {
    harness = await startHarness(fakeLongOpServices(), dir);
    const h = harness;
    const headers = { authorization: `Bearer ${h.token}`, origin: new URL(h.url).origin, 'content-type': 'application/json' };
    const events: ProgressEvent[] = [];
    const stream = await fetch(new URL('/__certdesk/events', h.url), { headers: { authorization: headers.authorization } });
    expect(stream.status).toBe(200);
    void (async () => {
      let buffered = '';
      const reader = stream.body!.pipeThrough(new TextDecoderStream()).getReader();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffered += value;
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const l of lines) if (l.trim()) events.push(JSON.parse(l) as ProgressEvent);
      }
    })().catch(() => undefined);
    const post = async (path: string, body: unknown) => (await fetch(new URL(path, h.url), { method: 'POST', headers, body: JSON.stringify(body) })).json() as Promise<Result<unknown>>;
    await driveLongOp(
      (jobId) => post('/__certdesk/api/app.info', { input: {}, options: { jobId } }),
      async (jobId) => void (await post('/__certdesk/cancel', { jobId })),
      events,
    );
  });

  it('cli: services run as jobs of one table, so Ctrl-C (cancelAll) stops them and progress reaches the emitter', async () => {
    const table = new JobTable();
    const events: ProgressEvent[] = [];
    const services = servicesAsJobs(fakeLongOpServices(), table, (e) => events.push(e));
    const done = services['app.info']({});
    await vi.waitFor(() => expect(events.filter((e) => e.item).length).toBe(3));
    expect(table.size).toBe(1);
    table.cancelAll();
    expect(await done).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(table.size).toBe(0);
    expect(events.map((e) => e.message)).toContain('step 2');
  });
});
