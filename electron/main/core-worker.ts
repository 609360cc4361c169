// The core's own thread: main hands every core call to this worker, so no crypto, file parsing or
// key derivation can stall the window's process. Plain Node: no electron import here.
import { parentPort, workerData } from 'node:worker_threads';
import { createServices } from '../core/services.js';
import { createLogger } from '../core/log.js';
import { createCoreDeps } from '../core/deps.js';
import type { WorkerData, WorkerResponse } from './core-protocol.js';
import { serveCore } from './core-serve.js';

const data = workerData as WorkerData;
const port = parentPort;
if (!port) throw new Error('core-worker must run as a worker thread');

const post = (msg: WorkerResponse): void => port.postMessage(msg);
serveCore(
  port,
  createServices(
    createCoreDeps({
      version: data.version,
      dataDir: data.dataDir,
      keychainService: data.keychainService,
      log: createLogger((line) => post({ type: 'log', line })),
      env: process.env,
    }),
  ),
);
