/**
 * Scenario servers for the TLS check tests, all on 127.0.0.1: Node TLS servers, hostile TCP
 * servers, plaintext ones, and `openssl s_server`. Each returns its port and a close().
 */
import { type ChildProcess, spawn } from 'node:child_process';
import * as net from 'node:net';
import * as tls from 'node:tls';

export interface Running {
  port: number;
  close(): Promise<void>;
}

function listen(server: net.Server, sockets: Set<net.Socket>, host = '127.0.0.1'): Promise<Running> {
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
  });
  return new Promise((resolve) => {
    server.listen(0, host, () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({
        port,
        close: () => new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          server.close(() => done());
        }),
      });
    });
  });
}

export interface NodeTlsOptions extends tls.TlsOptions {
  /** Answer any request with this HTTP status. */
  httpStatus?: number;
  /** The OCSP response to staple. */
  ocspResponse?: () => Buffer | null;
  /** Never answer the HTTP request (a TLS service that is not HTTP). */
  silentHttp?: boolean;
  /** Listen on this loopback address (default 127.0.0.1; `::1` for IPv6). */
  host?: string;
  /** Handles each secured connection instead of the HTTP answer (a hostile HTTP server over TLS). */
  onSecure?: (s: tls.TLSSocket) => void;
}

/** A Node TLS server that answers any bytes with an HTTP response. */
export function startNodeTls(opts: NodeTlsOptions): Promise<Running> {
  const { httpStatus = 200, ocspResponse, silentHttp = false, host, onSecure, ...tlsOpts } = opts;
  const server = tls.createServer(tlsOpts, (s) => {
    s.on('error', () => undefined);
    if (onSecure) onSecure(s);
    else if (!silentHttp) s.once('data', () => s.end(`HTTP/1.1 ${httpStatus} OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok`));
  });
  server.on('tlsClientError', () => undefined);
  if (ocspResponse) server.on('OCSPRequest', (_c: Buffer, _i: Buffer, cb: (err: Error | null, resp?: Buffer) => void) => cb(null, ocspResponse() ?? undefined));
  return listen(server, new Set(), host);
}

/** A TCP server that runs `onConnection` for each socket (silent, trickle, plaintext, garbage…). */
export function startTcp(onConnection: (s: net.Socket) => void): Promise<Running> {
  const timers = new Set<NodeJS.Timeout>();
  const server = net.createServer((s) => onConnection(s));
  return listen(server, new Set()).then((r) => ({ ...r, close: async () => { for (const t of timers) clearInterval(t); await r.close(); } }));
}

/** Accepts and never says anything. */
export const silent = (): Promise<Running> => startTcp(() => undefined);

/** Sends the start of a TLS record one byte a second, forever. */
export const trickle = (): Promise<Running> => startTcp((s) => {
  const bytes = Buffer.from([0x16, 0x03, 0x03, 0x40, 0x00, ...Array<number>(200).fill(0x02)]);
  let i = 0;
  const t = setInterval(() => {
    if (s.destroyed) return clearInterval(t);
    s.write(bytes.subarray(i % bytes.length, (i % bytes.length) + 1));
    i++;
  }, 1000);
  s.on('close', () => clearInterval(t));
});

/** A plain HTTP server (answers whatever it gets with 400, as nginx does to a TLS ClientHello). */
export const plainHttp = (): Promise<Running> => startTcp((s) => {
  s.once('data', () => s.end('HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nbad request'));
});

/** An SMTP server without TLS: greets first. */
export const plainSmtp = (): Promise<Running> => startTcp((s) => {
  s.write('220 mail.test ESMTP ready\r\n');
  s.on('data', () => s.write('500 5.5.1 command unrecognized\r\n'));
});

/** Answers the ClientHello with random bytes that look like nothing. */
export const garbage = (): Promise<Running> => startTcp((s) => {
  s.once('data', () => s.end(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x04, 0xde, 0xad, 0xbe, 0xef, 0x99, 0x98])));
});

/** Reads the ClientHello, sends half a ServerHello record and closes. */
export const closesMidHandshake = (): Promise<Running> => startTcp((s) => {
  s.once('data', () => s.end(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x50, 0x02, 0x00, 0x00, 0x4c, 0x03, 0x03])));
});

/** A port nobody listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const r = await startTcp(() => undefined);
  await r.close();
  return r.port;
}

/** A free loopback port. */
export const freePort = closedPort;

/** Runs `openssl s_server` on a free port; resolves once it accepts. */
export async function startOpenssl(dir: string, args: string[]): Promise<Running & { proc: ChildProcess }> {
  const port = await freePort();
  const proc = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, ...args], { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`openssl s_server did not start: ${out}`)), 10_000);
    const on = (d: Buffer) => {
      out += d.toString();
      if (out.includes('ACCEPT')) {
        clearTimeout(t);
        resolve();
      }
    };
    proc.stdout.on('data', on);
    proc.stderr.on('data', on);
    proc.once('exit', (code) => reject(new Error(`openssl s_server exited ${code}: ${out}`)));
  });
  return { port, proc, close: () => new Promise((done) => { if (proc.exitCode !== null) done(); else { proc.once('exit', () => done()); proc.kill(); } }) };
}

/** `openssl s_client` verdict on a server (async: the server may live in this process). */
export function opensslVerify(dir: string, port: number, name: string, caFile: string, extra: string[] = []): Promise<{ status: number; output: string }> {
  const isIp = net.isIP(name) !== 0;
  const args = ['s_client', '-connect', `127.0.0.1:${port}`, '-verify_return_error', ...(isIp ? ['-verify_ip', name] : ['-verify_hostname', name, '-servername', name]), '-CAfile', caFile, ...extra];
  return new Promise((resolve) => {
    const proc = spawn('openssl', args, { cwd: dir, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    proc.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    const t = setTimeout(() => proc.kill(), 10_000);
    proc.once('exit', (code) => { clearTimeout(t); resolve({ status: code ?? -1, output }); });
    proc.stdin.on('error', () => undefined); // s_client may be gone before it reads: not a failure
    proc.stdin.end('Q\n');
  });
}
