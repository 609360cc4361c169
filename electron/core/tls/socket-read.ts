/** Reading a cleartext exchange (proxy CONNECT reply, STARTTLS dialogue) off a socket, bounded in size. */
import type { Socket } from 'node:net';
import type { Deadline } from './deadline.js';

const MAX_REPLY = 64 * 1024;

/**
 * Collects bytes until `complete(buffered)` returns the length of a full reply; resolves with that
 * reply and puts any bytes after it back on the socket. Rejects when the peer closes first or the
 * reply grows past 64 KiB (a server that never finishes its line).
 */
export function readReply(socket: Socket, complete: (buf: Buffer) => number, deadline: Deadline): Promise<Buffer> {
  return deadline.race(new Promise<Buffer>((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const done = (err: Error | null, reply?: Buffer) => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', onError);
      socket.pause();
      if (err) reject(err);
      else resolve(reply ?? Buffer.alloc(0));
    };
    const onData = (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      const n = complete(buf);
      if (n > 0) {
        // Detach (and pause) first: unshifting onto a flowing socket with this listener still on
        // would hand the same bytes straight back to it.
        done(null, buf.subarray(0, n));
        if (n < buf.length) socket.unshift(buf.subarray(n));
      } else if (buf.length > MAX_REPLY) {
        done(new Error('The reply was too long.'));
      }
    };
    const onEnd = () => done(new Error(buf.length ? `The connection closed after: ${printable(buf)}` : 'The connection closed without a reply.'));
    const onError = (err: Error) => done(err);
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', onError);
    socket.resume();
  }));
}

/** Writes and waits until the bytes are handed to the kernel. */
export function send(socket: Socket, text: string): Promise<void> {
  return new Promise((resolve, reject) => socket.write(text, (err) => (err ? reject(err) : resolve())));
}

/** The first line of a cleartext reply, safe to show (control bytes replaced, at most 120 characters). */
export function printable(buf: Buffer): string {
  const line = buf.toString('latin1').split(/\r?\n/)[0] ?? '';
  return line.replace(/[^\x20-\x7e]/g, '.').slice(0, 120);
}
