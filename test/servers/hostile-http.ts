/**
 * Hostile HTTP servers for the auth calls (and the TLS check's HTTP request): each reads the request,
 * then misbehaves. Plain over `startTcp`, or over TLS with `tlsWrapped`. A server that stalls after
 * accept is `silent` in tls-servers.ts.
 */
import type { Socket } from 'node:net';
import type * as tls from 'node:tls';
import { type Running, startNodeTls, startTcp } from './tls-servers.js';

/** What a hostile server does with one connection (plain or TLS). */
export type Misbehaviour = (s: Socket) => void;

/** Once the request has come in: `then(s)`. */
const afterRequest = (then: (s: Socket) => void): Misbehaviour => (s) => {
  s.on('error', () => undefined);
  s.once('data', () => then(s));
};

/** Writes `next()` as fast as the client reads, until the connection ends. */
function flood(s: Socket, next: () => Buffer | string): void {
  const pump = () => {
    // One write a turn: the server shares this process's event loop with the client under test.
    if (!s.destroyed && s.writable && s.write(next())) setImmediate(pump);
  };
  s.on('drain', pump);
  pump();
}

/** Writes one byte of `text` a second (forever when `text` repeats). */
function trickleBytes(s: Socket, text: string): void {
  let i = 0;
  const t = setInterval(() => {
    if (s.destroyed) return clearInterval(t);
    s.write(text[i % text.length] ?? ' ');
    i++;
  }, 1000);
  s.on('close', () => clearInterval(t));
}

/** A status line, then headers without end. */
export const endlessHeaders: Misbehaviour = afterRequest((s) => {
  s.write('HTTP/1.1 200 OK\r\n');
  let n = 0;
  flood(s, () => `X-Hostile-${n++}: ${'h'.repeat(200)}\r\n`);
});

/** A 200 with JSON headers, then a body without end (no length, no chunking: it ends when the connection does). */
export const endlessBody: Misbehaviour = afterRequest((s) => {
  s.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"data":"');
  const chunk = 'b'.repeat(16_384);
  flood(s, () => chunk);
});

/** The status line and headers one byte a second. */
export const trickleHeaders: Misbehaviour = afterRequest((s) => trickleBytes(s, 'HTTP/1.1 200 OK\r\nX-Slow: 1\r\n'));

/** Headers promising a megabyte, then the body one byte a second. */
export const trickleBody: Misbehaviour = afterRequest((s) => {
  s.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\n');
  trickleBytes(s, 'x');
});

/** Bytes that are not HTTP. */
export const garbageAnswer: Misbehaviour = afterRequest((s) => {
  s.end(Buffer.from([0x00, 0xff, 0x13, 0x37, 0xde, 0xad, 0xbe, 0xef, 0x0d, 0x0a, 0x0d, 0x0a]));
});

/** Half a status line and headers, then the connection is closed. */
export const closesMidAnswer: Misbehaviour = afterRequest((s) => {
  s.end('HTTP/1.1 200 OK\r\nContent-Type: appl');
});

/** A plain TCP server that misbehaves so. */
export const plainHostile = (m: Misbehaviour): Promise<Running> => startTcp(m);

/** A TLS server (its certificate and key in `opts`) that misbehaves so after the handshake. */
export const tlsWrapped = (m: Misbehaviour, opts: tls.TlsOptions): Promise<Running> => startNodeTls({ ...opts, onSecure: m });
