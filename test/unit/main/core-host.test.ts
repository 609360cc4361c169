import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCoreWorker, type CoreHost } from '../../../electron/main/core-host.js';

// The app runs the core in a worker thread; this drives the real worker bundle (built by global-setup) from Node.
let host: CoreHost;
const logs: string[] = [];
const dataDir = mkdtempSync(join(tmpdir(), 'certdesk-worker-'));

beforeAll(() => {
  host = startCoreWorker(join(process.cwd(), 'dist/main/core-worker.cjs'), { version: '9.9.9', dataDir, keychainService: `Certdesk-test-${process.pid}` }, (l) =>
    logs.push(l),
  );
});
afterAll(async () => {
  await host?.close();
});

describe('core in a worker thread', () => {
  it('answers contract calls with the same Results as in-process services', async () => {
    const res = await host.services['app.info']({});
    expect(res).toMatchObject({ ok: true, value: { version: '9.9.9', dataDir } });
  });

  it('validates input inside the worker too', async () => {
    expect(await host.services['app.info']({ bogus: 1 })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('keeps answering many concurrent calls in order of their ids', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, () => host.services['app.info']({})));
    expect(results.every((r) => r.ok)).toBe(true);
  });

  it('fails calls clearly when the worker script cannot start, without spinning', async () => {
    const broken = startCoreWorker('/nonexistent/core-worker.cjs', { version: 'x', dataDir, keychainService: 'x' });
    const res = await broken.services['app.info']({});
    expect(res).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    await new Promise((r) => setTimeout(r, 500));
    const again = await broken.services['app.info']({});
    expect(again).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    await broken.close();
  });
});
