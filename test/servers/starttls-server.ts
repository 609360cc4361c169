/** A small SMTP/IMAP/POP3 stand-in that upgrades the socket to TLS on STARTTLS/STLS. */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Running } from './tls-servers.js';

export type MailProtocol = 'smtp' | 'imap' | 'pop3';

/** Starts the stand-in on 127.0.0.1; after the upgrade it answers one line and closes. */
export function startMailServer(protocol: MailProtocol, context: tls.SecureContextOptions): Promise<Running> {
  const secureContext = tls.createSecureContext(context);
  const sockets = new Set<net.Socket>();
  const upgrade = (s: net.Socket) => {
    s.removeAllListeners('data');
    const secure = new tls.TLSSocket(s, { isServer: true, secureContext });
    secure.on('error', () => undefined);
    secure.on('data', () => secure.end(protocol === 'smtp' ? '221 bye\r\n' : protocol === 'imap' ? '* BYE\r\n' : '+OK bye\r\n'));
  };
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    let buf = '';
    const greet = { smtp: '220 mail.test ESMTP stand-in\r\n', imap: '* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n', pop3: '+OK POP3 ready\r\n' }[protocol];
    s.write(greet);
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl).trim();
        buf = buf.slice(nl + 1);
        const verb = line.toUpperCase();
        if (protocol === 'smtp') {
          if (verb.startsWith('EHLO')) s.write('250-mail.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n');
          else if (verb === 'STARTTLS') { s.write('220 2.0.0 Ready to start TLS\r\n'); upgrade(s); return; }
          else s.write('502 5.5.2 not implemented\r\n');
        } else if (protocol === 'imap') {
          const [tag = '*', cmd = ''] = line.split(' ');
          if (cmd.toUpperCase() === 'STARTTLS') { s.write(`${tag} OK Begin TLS negotiation now\r\n`); upgrade(s); return; }
          if (cmd.toUpperCase() === 'CAPABILITY') s.write(`* CAPABILITY IMAP4rev1 STARTTLS\r\n${tag} OK done\r\n`);
          else s.write(`${tag} BAD unknown\r\n`);
        } else {
          if (verb === 'STLS') { s.write('+OK Begin TLS\r\n'); upgrade(s); return; }
          if (verb === 'CAPA') s.write('+OK\r\nSTLS\r\n.\r\n');
          else s.write('-ERR unknown\r\n');
        }
      }
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    port: (server.address() as net.AddressInfo).port,
    close: () => new Promise<void>((done) => { for (const s of sockets) s.destroy(); server.close(() => done()); }),
  })));
}
