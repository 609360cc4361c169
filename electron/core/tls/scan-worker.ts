// A worker thread of a TLS batch (scan-pool.ts): runs the checks it is handed with the batch's
// options, one reply per check; 'cancel' stops the running ones. Plain Node: no electron import here.
import { parentPort, workerData } from 'node:worker_threads';
import { toAppError } from '../errors.js';
import { checkTls } from './check.js';
import type { PoolOptions, PoolRequest, PoolResponse } from './scan-pool.js';
import type { TrustSource } from './trust.js';

const port = parentPort;
if (!port) throw new Error('tls-scan-worker must run as a worker thread');

// Buffers arrive as plain Uint8Arrays: made Buffers again where the engine reads them.
const buf = (u: Uint8Array | string): Buffer | string => (typeof u === 'string' ? u : Buffer.from(u.buffer, u.byteOffset, u.byteLength));
function revive(o: PoolOptions): PoolOptions {
  const t = o.trust;
  const trust: TrustSource = t.kind === 'ca-files' ? { kind: 'ca-files', pems: t.pems.map((p) => buf(p) as Buffer) } : t.kind === 'java' ? { ...t, certificates: t.certificates.map((c) => buf(c) as Buffer) } : t;
  const c = o.clientCert;
  const clientCert = !c ? undefined : 'pfx' in c ? { pfx: buf(c.pfx) as Buffer, password: c.password } : { certPem: buf(c.certPem), keyPem: buf(c.keyPem) };
  return { ...o, trust, ...(clientCert ? { clientCert } : {}) };
}

const options = revive(workerData as PoolOptions);
const running = new Set<AbortController>();
const post = (msg: PoolResponse): void => port.postMessage(msg);

port.on('message', (msg: PoolRequest) => {
  if (msg.type === 'cancel') {
    running.forEach((c) => c.abort());
    return;
  }
  const own = new AbortController();
  running.add(own);
  checkTls(msg.target, { ...options, signal: own.signal })
    .then((result) => post({ type: 'done', id: msg.id, result }))
    .catch((err: unknown) => post({ type: 'failed', id: msg.id, error: toAppError(err) }))
    .finally(() => running.delete(own));
});
