// The core's own thread: main hands every core call to this worker, so no crypto, file parsing or
// key derivation can stall the window's process. Plain Node: no electron import here.
import { parentPort, workerData } from 'node:worker_threads';
import { createServices } from '../core/services.js';
import { createLogger } from '../core/log.js';
import { type ClipboardPort, createCoreDeps } from '../core/deps.js';
import type { WorkerData, WorkerRequest, WorkerResponse } from './core-protocol.js';
import { serveCore } from './core-serve.js';

const data = workerData as WorkerData;
const port = parentPort;
if (!port) throw new Error('core-worker must run as a worker thread');

const post = (msg: WorkerResponse): void => port.postMessage(msg);

/** The core's clipboard port over the main process's clipboard: writes are sent, reads wait for main's answer. */
function relayedClipboard(): ClipboardPort {
  const waiting = new Map<number, (text: string) => void>();
  let next = 1;
  port?.on('message', (msg: WorkerRequest) => {
    if (msg.type !== 'clipboard-text') return;
    waiting.get(msg.id)?.(msg.text);
    waiting.delete(msg.id);
  });
  return {
    writeText: (text) => post({ type: 'clipboard', id: next++, op: 'write', text }),
    readText: () =>
      new Promise((resolve) => {
        const id = next++;
        waiting.set(id, resolve);
        post({ type: 'clipboard', id, op: 'read' });
      }),
  };
}

serveCore(
  port,
  createServices(
    createCoreDeps({
      version: data.version,
      dataDir: data.dataDir,
      keychainService: data.keychainService,
      log: createLogger((line) => post({ type: 'log', line })),
      env: process.env,
      ...(data.clipboard ? { clipboard: relayedClipboard() } : {}),
    }),
  ),
);
