import type { Result } from '../../shared/errors.js';
import { JobTable } from '../core/jobs.js';
import type { Services } from '../core/services.js';
import type { WorkerRequest, WorkerResponse } from './core-protocol.js';

/** The worker's side of the protocol: each call runs as a job, whose events and result go back to the host. */
export function serveCore(port: { on(event: 'message', listener: (msg: WorkerRequest) => void): unknown; postMessage(msg: WorkerResponse): void }, services: Services): void {
  const jobs = new JobTable();
  port.on('message', (msg) => {
    if (msg.type === 'cancel') {
      jobs.cancel(msg.jobId);
      return;
    }
    if (msg.type !== 'call') return;
    void jobs
      .run<Result<unknown>>(msg.jobId, (event) => port.postMessage({ type: 'progress', event }), (ctx) => services[msg.name](msg.input, ctx))
      .then((result) => port.postMessage({ type: 'result', id: msg.id, result }));
  });
}
