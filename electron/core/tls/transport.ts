/**
 * The way to the server before TLS starts: DNS, TCP connect (direct or through an HTTP proxy), and
 * the STARTTLS exchange for mail ports. Each failure is typed so the check can name it.
 */
import { lookup } from 'node:dns/promises';
import { connect, isIP, type Socket } from 'node:net';
import type { Deadline } from './deadline.js';
import { connectThroughProxy, type ProxyUrl } from './proxy.js';
import { startTls, type StartTlsProtocol } from './starttls.js';
import type { TlsTarget } from './target.js';
import { TransportError } from './transport-error.js';

export interface Transport {
  socket: Socket;
  addresses: string[];
  /** The address the socket is connected to (the proxy's when through one). */
  remote: string;
  dnsMs?: number;
  connectMs: number;
  proxy?: string;
}

export interface TransportOptions {
  proxy: ProxyUrl | null;
  starttls?: StartTlsProtocol;
  deadline: Deadline;
}

/** Opens a TCP socket to `host:port`; rejects with TransportError (refused / network). */
export function tcpConnect(host: string, port: number, deadline: Deadline): Promise<Socket> {
  return deadline.race(new Promise<Socket>((resolve, reject) => {
    const socket = deadline.track(connect({ host, port }));
    socket.once('connect', () => { socket.removeAllListeners('error'); resolve(socket); });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      socket.destroy();
      if (err.code === 'ECONNREFUSED') reject(new TransportError('refused', `${host}:${port} refused the connection.`, err.message));
      else reject(new TransportError('network', `Could not connect to ${host}:${port}: ${err.message}`, err.message));
    });
  }));
}

/** Resolves the target's name (unless it is an IP); rejects with TransportError('dns'). */
async function resolve(host: string, deadline: Deadline): Promise<string[]> {
  if (isIP(host) !== 0) return [host];
  try {
    const found = await deadline.race(lookup(host, { all: true }));
    return found.map((a) => a.address);
  } catch (err) {
    if (deadline.stopped) throw err;
    const e = err as NodeJS.ErrnoException;
    throw new TransportError('dns', `The name ${host} could not be resolved (${e.code ?? 'error'}).`, e.message);
  }
}

/** DNS, connect (each address in turn until one answers), proxy CONNECT and STARTTLS, timed. */
export async function openTransport(target: TlsTarget, opts: TransportOptions): Promise<Transport> {
  const { deadline } = opts;
  let socket: Socket;
  let addresses: string[];
  let dnsMs: number | undefined;
  const t0 = deadline.elapsed();
  let connectMs: number;
  let remote: string;
  if (opts.proxy) {
    // Through a proxy the name is resolved by the proxy: the CONNECT line carries the host as given.
    addresses = [];
    const proxySocket = await tcpConnect(opts.proxy.host, opts.proxy.port, deadline).catch((err: unknown) => {
      if (err instanceof TransportError) throw new TransportError('proxy', `The proxy ${opts.proxy?.display ?? ''} could not be reached: ${err.message}`, err.raw);
      throw err;
    });
    socket = await connectThroughProxy(proxySocket, opts.proxy, target, deadline);
    connectMs = deadline.elapsed() - t0;
    remote = `${opts.proxy.host}:${opts.proxy.port}`;
  } else {
    addresses = await resolve(target.host, deadline);
    if (isIP(target.host) === 0) dnsMs = deadline.elapsed() - t0;
    const t1 = deadline.elapsed();
    let last: unknown;
    let connected: Socket | undefined;
    for (const address of addresses) {
      try {
        connected = await tcpConnect(address, target.port, deadline);
        break;
      } catch (err) {
        if (!(err instanceof TransportError)) throw err;
        last = err;
      }
    }
    if (!connected) throw last instanceof Error ? last : new TransportError('network', `Could not connect to ${target.host}:${target.port}.`);
    socket = connected;
    connectMs = deadline.elapsed() - t1;
    remote = `${socket.remoteAddress ?? ''}:${socket.remotePort ?? ''}`;
  }
  if (opts.starttls) await startTls(socket, opts.starttls, deadline);
  const out: Transport = { socket, addresses, remote, connectMs };
  if (dnsMs !== undefined) out.dnsMs = dnsMs;
  if (opts.proxy) out.proxy = opts.proxy.display;
  return out;
}
