/**
 * The one job mechanism for long operations: a job has an id, a cancellation signal, and an emitter
 * for progress and per-item partial results. The ipc host, the core worker, the loopback harness and
 * the CLI all run calls through a `JobTable`, so progress, items and cancel behave the same everywhere.
 */
import { randomUUID } from 'node:crypto';
import type { ProgressEvent } from '../../shared/contract/define.js';
import { CertdeskError } from './errors.js';

/** What a running operation can use: cancellation, progress, per-item partial results. */
export interface JobContext {
  signal: AbortSignal;
  progress(fraction: number | undefined, message: string): void;
  /** One finished row of a batch (a host of a TLS scan, one test of "Test all"), shown before the whole job ends. */
  item(key: string, value: unknown): void;
  /** Throws CANCELLED when the job was asked to stop; long loops call it between steps. */
  throwIfCancelled(): void;
}

/** A job's event as its emitter sees it; the transport adds the job id. */
export type JobEvent = Omit<ProgressEvent, 'jobId'>;

const CANCELLED_MESSAGE = 'The operation was cancelled; nothing was changed.';

/** Throws CANCELLED when the signal was aborted. */
export function throwIfCancelled(signal: AbortSignal | undefined, message = CANCELLED_MESSAGE): void {
  if (signal?.aborted) throw new CertdeskError('CANCELLED', message);
}

/** A full job context over a signal, sending every progress and item event to `emit`. */
export function createJobContext(signal: AbortSignal, emit: (event: JobEvent) => void = () => undefined): JobContext {
  // An item event repeats the latest progress, so a listener that shows one line stays right.
  let last: { fraction?: number; message: string } = { message: '' };
  return {
    signal,
    progress(fraction, message) {
      last = fraction === undefined ? { message } : { fraction, message };
      emit({ ...last });
    },
    item(key, value) {
      emit({ ...last, item: { key, value } });
    },
    throwIfCancelled: () => throwIfCancelled(signal),
  };
}

/** Completes what a caller passed (maybe nothing, maybe only a signal) into a full job context. */
export function completeJobContext(ctx: Partial<JobContext> | undefined): JobContext {
  const signal = ctx?.signal ?? new AbortController().signal;
  return {
    signal,
    progress: ctx?.progress ?? (() => undefined),
    item: ctx?.item ?? (() => undefined),
    throwIfCancelled: () => throwIfCancelled(signal),
  };
}

/** The running jobs of one transport: start with an id and an emitter, cancel by id, finish. */
export class JobTable {
  private readonly running = new Map<string, AbortController>();

  /** Starts a job; without an id it gets a private one (still cancelled by `cancelAll`). */
  start(jobId: string | undefined, emit?: (event: ProgressEvent) => void): { id: string; ctx: JobContext; finish(): void } {
    const id = jobId ?? randomUUID();
    const controller = new AbortController();
    this.running.set(id, controller);
    const ctx = createJobContext(controller.signal, emit ? (e) => emit({ jobId: id, ...e }) : undefined);
    return {
      id,
      ctx,
      // Only its own entry: a later job that reused the id stays cancellable.
      finish: () => {
        if (this.running.get(id) === controller) this.running.delete(id);
      },
    };
  }

  /** Runs `work` as a job and finishes it however the work ends. */
  async run<T>(jobId: string | undefined, emit: ((event: ProgressEvent) => void) | undefined, work: (ctx: JobContext) => Promise<T>): Promise<T> {
    const job = this.start(jobId, emit);
    try {
      return await work(job.ctx);
    } finally {
      job.finish();
    }
  }

  /** Asks one job to stop; false when no such job is running. */
  cancel(jobId: string): boolean {
    const controller = this.running.get(jobId);
    controller?.abort();
    return controller !== undefined;
  }

  /** Asks every running job to stop (Ctrl-C, window closed). */
  cancelAll(): void {
    for (const c of this.running.values()) c.abort();
  }

  /** How many jobs are running. */
  get size(): number {
    return this.running.size;
  }
}

type JobService = (input: unknown, ctx?: Partial<JobContext>) => Promise<unknown>;

/**
 * Wraps every service so each call runs as a job of `table`: `emit` sees its progress and items (as
 * does the caller's own context), and `table.cancelAll()` stops it. The CLI uses this for Ctrl-C.
 */
export function servicesAsJobs<S extends { [K in keyof S]: JobService }>(services: S, table: JobTable, emit?: (event: ProgressEvent) => void): S {
  const wrapped = {} as Record<keyof S, JobService>;
  for (const name of Object.keys(services) as (keyof S)[]) {
    const service = services[name];
    wrapped[name] = (input, caller) => {
      const job = table.start(undefined, emit);
      const { ctx } = job;
      // The caller's own signal still stops this job (and only this one).
      caller?.signal?.addEventListener('abort', () => table.cancel(job.id), { once: true });
      return service(input, {
        signal: ctx.signal,
        progress: (f, m) => {
          ctx.progress(f, m);
          caller?.progress?.(f, m);
        },
        item: (k, v) => {
          ctx.item(k, v);
          caller?.item?.(k, v);
        },
      }).finally(() => job.finish());
    };
  }
  return wrapped as S;
}
