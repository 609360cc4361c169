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
}

export interface NetResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
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
    // One request, one connection: nothing pooled outlives the deadline.
    const req = lib.request(parsed, { agent: false, ...(opts.tls ?? {}), method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > maxBytes) {
          finish(new CertdeskError('IO_ERROR', `The response from ${parsed.host} is larger than ${maxBytes} bytes; it was not read further.`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks, total) }));
      res.on('error', (e) => finish(netError(parsed.host, e)));
    });
    const timer = setTimeout(() => finish(new CertdeskError('TIMEOUT', `${parsed.host} did not answer completely within ${timeoutMs / 1000} s.`, 'Check the address and the network, then try again.')), timeoutMs);
    req.on('error', (e) => finish(netError(parsed.host, e)));
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
  return new CertdeskError('IO_ERROR', `Could not talk to ${host} (${code}): ${e.message}`, 'Check the address, the port and the network.');
}
