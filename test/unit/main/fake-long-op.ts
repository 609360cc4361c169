// A fake long operation in place of the whole core, so every transport can be driven the same way:
// it reports three steps, each with a finished row, then waits until it is cancelled.
import type { JobContext } from '../../../electron/core/jobs.js';
import type { Services } from '../../../electron/core/services.js';

/** Services where `app.info` is the fake long op; every other operation is absent. */
export function fakeLongOpServices(): Services {
  const longOp = async (_input: unknown, ctx?: Partial<JobContext>) => {
    for (let i = 0; i < 3; i++) {
      ctx?.progress?.(i / 3, `step ${i}`);
      ctx?.item?.(`row${i}`, { n: i });
    }
    await new Promise<void>((resolve) => {
      if (ctx?.signal?.aborted) resolve();
      ctx?.signal?.addEventListener('abort', () => resolve(), { once: true });
    });
    return { ok: false as const, error: { code: 'CANCELLED' as const, message: 'The operation was cancelled.' } };
  };
  return { 'app.info': longOp } as unknown as Services;
}
