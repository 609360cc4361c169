import type { AppError, Result } from '../../../../shared/errors.js';
import { startJob } from '../../lib/api.js';

/**
 * One operation a form runs: busy flag, progress of long jobs, cancel, and the last result or error.
 * A cancelled job is not an error for the person (they asked for it), so it is kept apart.
 */
export class Runner<T> {
  busy = $state(false);
  message = $state('');
  fraction: number | undefined = $state();
  error: AppError | undefined = $state();
  result: T | undefined = $state();
  cancelled = $state(false);
  #cancel: (() => void) | undefined;

  /** Runs a call; long ones get a job id, progress and Cancel. */
  async run(call: (options: { jobId: string }) => Promise<Result<T>>, opts: { long?: boolean; start?: string } = {}): Promise<Result<T>> {
    this.busy = true;
    this.error = undefined;
    this.result = undefined;
    this.cancelled = false;
    this.message = opts.start ?? 'Working…';
    this.fraction = undefined;
    let res: Result<T>;
    if (opts.long) {
      const job = startJob(call, (e) => {
        this.message = e.message;
        this.fraction = e.fraction;
      });
      this.#cancel = job.cancel;
      res = await job.result;
    } else {
      res = await call({ jobId: crypto.randomUUID() });
    }
    this.#cancel = undefined;
    this.busy = false;
    if (res.ok) this.result = res.value;
    else if (res.error.code === 'CANCELLED') this.cancelled = true;
    else this.error = res.error;
    return res;
  }

  /** Asks the running job to stop. */
  cancel(): void {
    this.message = 'Cancelling…';
    this.#cancel?.();
  }

  /** Forgets the last result and error (the form changed). */
  clear(): void {
    this.error = undefined;
    this.result = undefined;
    this.cancelled = false;
  }
}
