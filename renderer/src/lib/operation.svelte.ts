import type { AppError, Result } from '../../../shared/errors.js';
import { api } from './api.js';

/** One item of a batch the operation reports on its own (a file converted, an entry checked). */
export interface OperationItem {
  key: string;
  ok: boolean;
  message: string;
}

/**
 * The one state of "an operation is running" every form uses: busy, progress (message and fraction
 * from `window.certdesk.onProgress` for this run's job id), per-item results, the result or the error,
 * and cancel. A cancelled run is not an error for the person (they asked for it), so it is kept apart.
 */
export class Operation<T = unknown> {
  busy = $state(false);
  message = $state('');
  fraction = $state<number | undefined>();
  items = $state<OperationItem[]>([]);
  /** Per-item partial results the job sent (`ProgressEvent.item`), in arrival order: a batch's rows before it ends. */
  partials = $state<{ key: string; value: unknown }[]>([]);
  result = $state<T | undefined>();
  error = $state<AppError | undefined>();
  cancelled = $state(false);
  #jobId: string | undefined;

  /** Runs a call with a fresh job id, following its progress until it ends. */
  async run<R extends T>(call: (options: { jobId: string }) => Promise<Result<R>>, opts: { start?: string } = {}): Promise<Result<R>> {
    this.clear();
    this.busy = true;
    this.message = opts.start ?? 'Working…';
    this.fraction = undefined;
    const jobId = crypto.randomUUID();
    this.#jobId = jobId;
    const unsubscribe = api().onProgress((event) => {
      if (event.jobId !== jobId) return;
      this.message = event.message;
      this.fraction = event.fraction;
      if (event.item) this.partials.push(event.item);
    });
    let res: Result<R>;
    try {
      res = await call({ jobId });
    } finally {
      unsubscribe();
      this.#jobId = undefined;
      this.busy = false;
    }
    if (res.ok) this.result = res.value;
    else if (res.error.code === 'CANCELLED') this.cancelled = true;
    else this.error = res.error;
    return res;
  }

  /** Asks the running job to stop (the core leaves files as they were). */
  cancel(): void {
    if (this.#jobId === undefined) return;
    this.message = 'Cancelling…';
    void api().cancel(this.#jobId);
  }

  /** Records one item's outcome of a batch. */
  addItem(item: OperationItem): void {
    this.items.push(item);
  }

  /** Shows an error found before or beside the call (a form refusing to submit), focusing the field to fix. */
  fail(error: AppError, fieldId?: string): void {
    this.error = error;
    if (fieldId !== undefined) document.getElementById(fieldId)?.focus();
  }

  /** Forgets the last result, items and error (the form changed or runs again). */
  clear(): void {
    this.error = undefined;
    this.result = undefined;
    this.cancelled = false;
    this.items = [];
    this.partials = [];
  }
}
