/** STARTTLS for mail ports: the cleartext dialogue that turns an SMTP/IMAP/POP3 session into TLS. */
import type { Socket } from 'node:net';
import type { Deadline } from './deadline.js';
import { printable, readReply, send } from './socket-read.js';
import { TransportError } from './transport-error.js';

export type StartTlsProtocol = 'smtp' | 'imap' | 'pop3';

/** Length of a complete SMTP reply (last line `NNN ` rather than `NNN-`), else 0. */
function smtpReply(buf: Buffer): number {
  const text = buf.toString('latin1');
  let at = 0;
  for (;;) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return 0;
    const line = text.slice(at, nl);
    if (/^\d{3}(\s|$)/.test(line)) return nl + 1;
    if (!/^\d{3}-/.test(line)) return nl + 1; // not SMTP: hand the line over so the caller can say what it was
    at = nl + 1;
  }
}

/** Length of a reply up to the line starting with `tag` (IMAP) or the first line (POP3, banners). */
function lineStarting(tag: string | null) {
  return (buf: Buffer): number => {
    const text = buf.toString('latin1');
    let at = 0;
    for (;;) {
      const nl = text.indexOf('\n', at);
      if (nl < 0) return 0;
      if (tag === null || text.startsWith(tag, at)) return nl + 1;
      at = nl + 1;
    }
  };
}

async function expect(socket: Socket, protocol: StartTlsProtocol, step: string, complete: (b: Buffer) => number, ok: RegExp, deadline: Deadline): Promise<void> {
  let reply: Buffer;
  try {
    reply = await readReply(socket, complete, deadline);
  } catch (err) {
    if (deadline.stopped) throw err;
    throw new TransportError('starttls', `The ${protocol.toUpperCase()} server did not answer ${step}: ${(err as Error).message}`, (err as Error).message);
  }
  const text = reply.toString('latin1');
  if (!ok.test(text)) {
    throw new TransportError('starttls', `The ${protocol.toUpperCase()} server refused ${step}: ${printable(reply)}`, printable(reply));
  }
}

/** Runs the STARTTLS dialogue; afterwards the socket is ready for the TLS handshake. */
export async function startTls(socket: Socket, protocol: StartTlsProtocol, deadline: Deadline): Promise<void> {
  switch (protocol) {
    case 'smtp':
      await expect(socket, protocol, 'the greeting', smtpReply, /^220/, deadline);
      await send(socket, 'EHLO certdesk.invalid\r\n');
      await expect(socket, protocol, 'EHLO', smtpReply, /^250/, deadline);
      await send(socket, 'STARTTLS\r\n');
      await expect(socket, protocol, 'STARTTLS', smtpReply, /^220/, deadline);
      return;
    case 'imap':
      await expect(socket, protocol, 'the greeting', lineStarting(null), /^\* OK/i, deadline);
      await send(socket, 'a1 STARTTLS\r\n');
      await expect(socket, protocol, 'STARTTLS', lineStarting('a1 '), /(^|\n)a1 OK/i, deadline);
      return;
    case 'pop3':
      await expect(socket, protocol, 'the greeting', lineStarting(null), /^\+OK/, deadline);
      await send(socket, 'STLS\r\n');
      await expect(socket, protocol, 'STLS', lineStarting(null), /^\+OK/, deadline);
      return;
    default: {
      const never: never = protocol;
      throw new Error(`unknown STARTTLS protocol ${String(never)}`);
    }
  }
}
