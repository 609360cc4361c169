import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import { CertdeskError } from '../errors.js';

/**
 * The core's only way onto the network: every request has a whole-request deadline (not just a
 * socket idle timeout: a server trickling one byte a second is cut off too) and a response-size cap.
 */

export interface NetRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** The whole request, from connect to the last byte (default 15 s). */
  timeoutMs?: number;
  /** The most response body to accept (default 4 MiB). */
  maxBytes?: number;
  /** TLS settings for https URLs (a CA to trust, a client certificate…). */
  tls?: https.RequestOptions;
  /** Stops the request (a cancelled job, a whole check's deadline); rejects with the signal's reason. */
  signal?: AbortSignal;
  /** 'truncate' keeps the first `maxBytes` and answers (`truncated: true`) instead of failing with IO_ERROR. */
  overflow?: 'error' | 'truncate';
  /** Opens the connection itself (a tunnel through a proxy); default: Node's own. */
  createConnection?: http.RequestOptions['createConnection'];
}

/** Where the time of one request went, in ms from its start (each phase when it happened). */
export interface NetTimings {
  dnsMs?: number;
  connectMs?: number;
  tlsMs?: number;
  firstByteMs?: number;
  totalMs: number;
}

export interface NetResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The status line's reason phrase. */
  statusText?: string;
  /** Names and values as they arrived, repeated headers apart (`headers` merges some with ", "). */
  rawHeaders?: string[];
  timings?: NetTimings;
  /** True when the body was cut at `maxBytes` (overflow 'truncate'). */
  truncated?: boolean;
}

export interface TlsConnectOptions extends tls.ConnectionOptions {
  /** Connect and handshake, all of it (default 10 s). */
  timeoutMs?: number;
}

export interface Net {
  request(url: string, opts?: NetRequestOptions): Promise<NetResponse>;
  /** Connects and completes the TLS handshake; the caller ends the socket. */
  tlsConnect(opts: TlsConnectOptions): Promise<tls.TLSSocket>;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

/** The real network over node:http, node:https and node:tls. */
export function createNet(): Net {
  return { request, tlsConnect };
}

/** One HTTP(S) request with a deadline and a size cap; TIMEOUT / IO_ERROR say which bound was hit. */
export function request(url: string, opts: NetRequestOptions = {}): Promise<NetResponse> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return Promise.reject(new CertdeskError('VALIDATION_FAILED', `Not a URL: ${url}`));
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return Promise.reject(new CertdeskError('VALIDATION_FAILED', `Only http and https URLs are supported: ${parsed.protocol}`));
  const lib = parsed.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, value?: NetResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(value as NetResponse);
    };
    const onAbort = (): void => finish(opts.signal?.reason instanceof Error ? opts.signal.reason : new CertdeskError('CANCELLED', 'The request was cancelled.'));
    const start = performance.now();
    const timings: NetTimings = { totalMs: 0 };
    const since = (): number => Math.round((performance.now() - start) * 10) / 10;
    const answer = (res: http.IncomingMessage, body: Buffer, truncated: boolean): NetResponse => {
      timings.totalMs = since();
      return { status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', headers: res.headers, rawHeaders: res.rawHeaders, body, timings, ...(truncated ? { truncated } : {}) };
    };
    // One request, one connection: nothing pooled outlives the deadline.
    const options: http.RequestOptions = { ...(opts.tls ?? {}), method: opts.method ?? 'GET', headers: opts.headers ?? {} };
    // Node uses createConnection only without an agent; either way the socket is this request's alone.
    if (opts.createConnection) options.createConnection = opts.createConnection;
    else options.agent = false;
    const req = lib.request(parsed, options, (res) => {
      timings.firstByteMs = since();
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (chunk: Buffer) => {
        if (total + chunk.length > maxBytes) {
          if (opts.overflow === 'truncate') {
            chunks.push(chunk.subarray(0, maxBytes - total));
            finish(null, answer(res, Buffer.concat(chunks, maxBytes), true));
            req.destroy();
            return;
          }
          finish(new CertdeskError('IO_ERROR', `The response from ${parsed.host} is larger than ${maxBytes} bytes; it was not read further.`));
          return;
        }
        total += chunk.length;
        chunks.push(chunk);
      });
      res.on('end', () => finish(null, answer(res, Buffer.concat(chunks, total), false)));
      res.on('error', (e) => finish(netError(parsed.host, e)));
    });
    const timer = setTimeout(() => finish(new CertdeskError('TIMEOUT', `${parsed.host} did not answer completely within ${timeoutMs / 1000} s.`, 'Check the address and the network, then try again.')), timeoutMs);
    req.on('error', (e) => finish(netError(parsed.host, e)));
    req.on('socket', (socket) => {
      socket.once('lookup', () => (timings.dnsMs = since()));
      socket.once('connect', () => (timings.connectMs = since()));
      socket.once('secureConnect', () => (timings.tlsMs = since()));
    });
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    req.end(opts.body);
  });
}

/** A TLS connection with a deadline on connect plus handshake. */
export function tlsConnect(opts: TlsConnectOptions): Promise<tls.TLSSocket> {
  const { timeoutMs = 10_000, ...connect } = opts;
  const host = `${connect.host ?? 'localhost'}:${connect.port ?? 443}`;
  return new Promise((resolve, reject) => {
    const socket = tls.connect(connect);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new CertdeskError('TIMEOUT', `${host} did not complete the TLS handshake within ${timeoutMs / 1000} s.`, 'Check the address and port.'));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      socket.destroy();
      reject(netError(host, e));
    });
  });
}

function netError(host: string, e: Error): CertdeskError {
  if (e instanceof CertdeskError) return e;
  const code = (e as NodeJS.ErrnoException).code ?? 'error';
  // Node's HTTP parser (llhttp) names a reply that is not HTTP, or headers past its cap, with HPE_ codes.
  const out =
    code === 'HPE_HEADER_OVERFLOW'
      ? new CertdeskError('IO_ERROR', `${host} sent response headers larger than ${http.maxHeaderSize / 1024} KiB; they were not read further.`, 'Check that the URL points to the service, not to something that answers without end.')
      : code.startsWith('HPE_')
        ? new CertdeskError('IO_ERROR', `${host} did not answer with valid HTTP (${code}: ${e.message}).`, 'Check the port and the scheme (http or https): the service there may speak another protocol.')
        : e.message === 'socket hang up'
          ? new CertdeskError('IO_ERROR', `${host} closed the connection before its answer was complete (${code}).`, 'Check the server: it may have crashed, or refuse this request.')
          : new CertdeskError('IO_ERROR', `Could not talk to ${host} (${code}): ${e.message}`, 'Check the address, the port and the network.');
  // The original error (its code: ECONNREFUSED, ENOTFOUND, a TLS verify code) for callers that name the cause.
  out.cause = e;
  return out;
}
