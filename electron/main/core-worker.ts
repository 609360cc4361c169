// The core's own thread: main hands every core call to this worker, so no crypto, file parsing or
// key derivation can stall the window's process. Plain Node: no electron import here.
import { parentPort, workerData } from 'node:worker_threads';
import { createServices, type Services } from '../core/services.js';
import { createLogger } from '../core/log.js';
import { createCoreDeps } from '../core/deps.js';
import type { WorkerData, WorkerRequest, WorkerResponse } from './core-protocol.js';

const data = workerData as WorkerData;
const port = parentPort;
if (!port) throw new Error('core-worker must run as a worker thread');

const post = (msg: WorkerResponse): void => port.postMessage(msg);
const services: Services = createServices(
  createCoreDeps({
    version: data.version,
    dataDir: data.dataDir,
    keychainService: data.keychainService,
    log: createLogger((line) => post({ type: 'log', line })),
    env: process.env,
  }),
);
const jobs = new Map<string, AbortController>();

port.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'cancel') {
    jobs.get(msg.jobId)?.abort();
    return;
  }
  const controller = new AbortController();
  if (msg.jobId) jobs.set(msg.jobId, controller);
  const jobId = msg.jobId;
  void services[msg.name](msg.input, {
    signal: controller.signal,
    progress: (fraction, message) => {
      if (jobId) post({ type: 'progress', jobId, ...(fraction === undefined ? {} : { fraction }), message });
    },
  }).then((result) => {
    if (jobId) jobs.delete(jobId);
    post({ type: 'result', id: msg.id, result });
  });
});
