/**
 * A batch's checks spread over worker threads: a TLS check is mostly CPU (handshake crypto, chain
 * checks), so a large batch on one thread leaves the other cores idle. Each worker runs the same
 * engine (scan-worker.ts, built next to the bundle that runs this file) with the batch's options;
 * results come back per check. Without the built script (tests running the sources), or when a worker
 * fails, its checks run in this thread instead.
 */
import { existsSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TlsCheckResult } from '../../../shared/contract/tls-result.js';
import type { AppError } from '../../../shared/errors.js';
import { CertdeskError } from '../errors.js';
import type { TlsCheckOptions } from './check.js';
import type { TlsTarget } from './target.js';

/** The built worker script's name, next to the bundle (dist/cli, dist/main). */
export const SCAN_WORKER_FILE = 'tls-scan-worker.cjs';

/**
 * Below this many targets a worker's start-up (a thread, the engine loaded anew: 50–150 ms of CPU)
 * costs more than it saves: a loopback check costs about a millisecond of CPU, and a batch of 200 ran
 * slower with a worker than without on a two-core computer.
 */
export const POOL_MIN_TARGETS = 500;

export type PoolRequest = { type: 'check'; id: number; target: TlsTarget } | { type: 'cancel' };
export type PoolResponse = { type: 'done'; id: number; result: TlsCheckResult } | { type: 'failed'; id: number; error: AppError };
export type PoolOptions = Omit<TlsCheckOptions, 'signal'>;

/** Where the worker script is: next to this bundle (unpacked from the app's archive), or null. */
export function scanWorkerScript(dir: string | undefined = typeof __dirname === 'string' ? __dirname : undefined): string | null {
  if (!dir) return null;
  const file = join(dir, SCAN_WORKER_FILE).replace(/app\.asar([\\/])/, 'app.asar.unpacked$1');
  return existsSync(file) ? file : null;
}

/**
 * How many workers a batch of `total` at `concurrency` gets: one per idle core (cores less the load
 * average), this thread's core excepted, at most three. On a busy computer a worker only adds its
 * start-up to the batch.
 */
export function poolSize(total: number, concurrency: number, cores = availableParallelism(), load = loadavg()[0] ?? 0): number {
  if (total < POOL_MIN_TARGETS || concurrency < 2) return 0;
  return Math.max(0, Math.min(cores - 1, Math.round(cores - load), 3, Math.floor(concurrency / 2)));
}

type Local = (target: TlsTarget) => Promise<TlsCheckResult>;

/** One worker thread running checks; a check it cannot finish (the worker died) runs on `local`. */
export class ScanWorker {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { target: TlsTarget; resolve: (r: TlsCheckResult | null) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private dead = false;
  private stopped = false;

  constructor(script: string, options: PoolOptions, private readonly local: Local) {
    this.worker = new Worker(script, { workerData: options });
    this.worker.on('message', (msg: PoolResponse) => {
      const call = this.pending.get(msg.id);
      if (!call) return;
      this.pending.delete(msg.id);
      if (msg.type === 'done') call.resolve(msg.result);
      else call.reject(new CertdeskError(msg.error.code, msg.error.message, msg.error.hint));
    });
    this.worker.on('error', () => this.fail());
    this.worker.on('exit', () => this.fail());
  }

  /** The check of one target; null once the pool was stopped (the batch was cancelled). */
  check(target: TlsTarget): Promise<TlsCheckResult | null> {
    if (this.stopped) return Promise.resolve(null);
    if (this.dead) return this.local(target);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { target, resolve, reject });
      this.worker.postMessage({ type: 'check', id, target } satisfies PoolRequest);
    });
  }

  /** Cancels the running checks and ends the thread; the checks waiting on it answer null. */
  cancel(): void {
    this.stopped = true;
    this.worker.postMessage({ type: 'cancel' } satisfies PoolRequest);
    for (const call of this.pending.values()) call.resolve(null);
    this.pending.clear();
    void this.worker.terminate();
  }

  /** Ends the thread once the batch is done. */
  close(): Promise<number> {
    this.stopped = true;
    return this.worker.terminate();
  }

  private fail(): void {
    if (this.dead) return;
    this.dead = true;
    // What the worker still had runs here, so a broken worker costs time, not results.
    for (const call of this.pending.values()) {
      if (this.stopped) call.resolve(null);
      else this.local(call.target).then(call.resolve, call.reject);
    }
    this.pending.clear();
  }
}
