import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../../shared/contract/define.js';
import { CertdeskError } from '../../../electron/core/errors.js';
import { JobTable, throwIfCancelled } from '../../../electron/core/jobs.js';

describe('JobTable', () => {
  it('gives each job a context whose items carry the latest progress, and cancels by id', async () => {
    const table = new JobTable();
    const events: ProgressEvent[] = [];
    const job = table.start('a', (e) => events.push(e));
    job.ctx.progress(0.5, 'half');
    job.ctx.item('host-1', { ok: true });
    expect(events).toEqual([
      { jobId: 'a', fraction: 0.5, message: 'half' },
      { jobId: 'a', fraction: 0.5, message: 'half', item: { key: 'host-1', value: { ok: true } } },
    ]);
    expect(() => job.ctx.throwIfCancelled()).not.toThrow();
    expect(table.cancel('a')).toBe(true);
    expect(job.ctx.signal.aborted).toBe(true);
    expect(() => job.ctx.throwIfCancelled()).toThrow(CertdeskError);
    job.finish();
    expect(table.cancel('a')).toBe(false);
  });

  it('keeps a newer job with a reused id cancellable after the older one finishes', () => {
    const table = new JobTable();
    const first = table.start('same');
    const second = table.start('same');
    first.finish();
    expect(table.cancel('same')).toBe(true);
    expect(second.ctx.signal.aborted).toBe(true);
  });

  it('throwIfCancelled(signal) throws a CANCELLED CertdeskError', () => {
    const c = new AbortController();
    throwIfCancelled(c.signal);
    c.abort();
    try {
      throwIfCancelled(c.signal);
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'CANCELLED' });
    }
  });
});
