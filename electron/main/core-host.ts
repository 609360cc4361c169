import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import { coreContract, type CoreOpName } from '../../shared/contract/index.js';
import type { Result } from '../../shared/errors.js';
import type { ClipboardPort } from '../core/deps.js';
import type { JobContext } from '../core/jobs.js';
import type { Services } from '../core/services.js';
import type { WorkerData, WorkerRequest, WorkerResponse } from './core-protocol.js';

interface Pending {
  resolve: (r: Result<unknown>) => void;
  ctx?: Partial<JobContext>;
  jobId?: string;
}

export interface CoreHost {
  services: Services;
  close(): Promise<void>;
}

/**
 * Runs the core services in a worker thread and exposes them with the same `Services` shape, so the
 * ipc layer cannot tell the difference. A crashed worker fails its pending calls and is restarted.
 */
export function startCoreWorker(scriptPath: string, data: WorkerData, onLog: (line: string) => void = () => undefined, clipboard?: ClipboardPort): CoreHost {
  const pending = new Map<number, Pending>();
  const byJob = new Map<string, Pending>();
  let nextId = 1;
  let closing = false;
  let broken = false;
  // A worker that keeps dying (a missing script, a broken native module) must not spin forever.
  const exits: number[] = [];
  let worker = spawn();

  function spawn(): Worker {
    const w = new Worker(scriptPath, { workerData: { ...data, clipboard: clipboard !== undefined } satisfies WorkerData });
    w.on('message', (msg: WorkerResponse) => {
      switch (msg.type) {
        case 'result': {
          const p = pending.get(msg.id);
          pending.delete(msg.id);
          if (p?.jobId) byJob.delete(p.jobId);
          p?.resolve(msg.result);
          return;
        }
        case 'progress': {
          // The worker's job emitted this; hand it to the caller's context the way the job saw it.
          const ctx = byJob.get(msg.event.jobId)?.ctx;
          const { fraction, message, item } = msg.event;
          if (item) ctx?.item?.(item.key, item.value);
          else ctx?.progress?.(fraction, message);
          return;
        }
        case 'log':
          onLog(msg.line);
          return;
        case 'clipboard':
          // The core's copySecret writes, and reads back before clearing; the worker has no clipboard of its own.
          void (async () => {
            if (msg.op === 'write') await clipboard?.writeText(msg.text);
            else w.postMessage({ type: 'clipboard-text', id: msg.id, text: clipboard ? await clipboard.readText() : '' } satisfies WorkerRequest);
          })().catch((err: unknown) => onLog(`clipboard: ${err instanceof Error ? err.message : String(err)}`));
          return;
        default: {
          const never: never = msg;
          return never;
        }
      }
    });
    w.on('error', (err) => onLog(`core worker error: ${err.message}`));
    w.on('exit', (code) => {
      for (const p of pending.values())
        p.resolve({ ok: false, error: { code: 'INTERNAL', message: 'The Certdesk core stopped unexpectedly.', hint: 'Try again; see the log for details.' } });
      pending.clear();
      byJob.clear();
      exits.push(Date.now());
      const recent = exits.filter((t) => Date.now() - t < 60_000).length;
      if (!closing && recent <= 3) {
        onLog(`core worker exited with code ${code}; restarting`);
        worker = spawn();
      } else if (!closing) {
        onLog(`core worker exited with code ${code} ${recent} times in a minute; not restarting`);
        broken = true;
      }
    });
    return w;
  }

  const services = {} as Record<CoreOpName, (input: unknown, ctx?: Partial<JobContext>) => Promise<Result<unknown>>>;
  for (const name of Object.keys(coreContract) as CoreOpName[]) {
    services[name] = (input, ctx) =>
      new Promise((resolve) => {
        if (broken)
          return resolve({ ok: false, error: { code: 'INTERNAL', message: 'The Certdesk core cannot start.', hint: 'Restart Certdesk; see certdesk.log in the data folder.' } });
        const id = nextId++;
        // Every call gets a job id inside the worker so that cancellation reaches it.
        const jobId = randomUUID();
        const p: Pending = { resolve, jobId, ...(ctx ? { ctx } : {}) };
        pending.set(id, p);
        byJob.set(jobId, p);
        ctx?.signal?.addEventListener('abort', () => worker.postMessage({ type: 'cancel', jobId } satisfies WorkerRequest), { once: true });
        worker.postMessage({ type: 'call', id, name, input, jobId } satisfies WorkerRequest);
      });
  }
  return {
    services: services as Services,
    async close() {
      closing = true;
      await worker.terminate();
    },
  };
}
