/** HTTP CONNECT proxies: choosing one (explicit, or HTTPS_PROXY/NO_PROXY) and tunnelling through it. */
import type { Socket } from 'node:net';
import { CertdeskError } from '../errors.js';
import type { Deadline } from './deadline.js';
import { printable, readReply, send } from './socket-read.js';
import { formatTarget, type TlsTarget } from './target.js';
import { TransportError } from './transport-error.js';

export interface ProxyUrl {
  host: string;
  port: number;
  /** `Basic …` value when the URL carried credentials; never shown. */
  authorization?: string;
  /** The proxy as shown to the person, without credentials. */
  display: string;
}

/** Parses `http://[user:pass@]host:port`; VALIDATION_FAILED otherwise. */
export function parseProxyUrl(text: string): ProxyUrl {
  let url: URL;
  try {
    url = new URL(/^[a-z]+:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new CertdeskError('VALIDATION_FAILED', `"${text}" is not a proxy address.`, 'Use http://host:port.');
  }
  if (url.protocol !== 'http:') throw new CertdeskError('VALIDATION_FAILED', `Only HTTP proxies (CONNECT) are supported, not ${url.protocol}//.`, 'Use http://host:port.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port ? Number(url.port) : 80;
  const out: ProxyUrl = { host, port, display: `http://${url.host}` };
  if (url.username) out.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  return out;
}

/** True when NO_PROXY (comma list of names, `.suffix`, `*`, optional `:port`) exempts the target. */
export function bypassesProxy(target: Pick<TlsTarget, 'host' | 'port'>, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.host.toLowerCase();
  return noProxy.split(/[,\s]+/).filter(Boolean).some((raw) => {
    const entry = raw.toLowerCase();
    if (entry === '*') return true;
    const m = /^(.*?)(?::(\d+))?$/.exec(entry);
    const name = (m?.[1] ?? '').replace(/^\*?\./, '.');
    if (m?.[2] !== undefined && Number(m[2]) !== target.port) return false;
    return name.startsWith('.') ? host.endsWith(name) || host === name.slice(1) : host === name;
  });
}

/** The proxy for this target: explicit (null = none), else HTTPS_PROXY unless NO_PROXY exempts it. */
export function chooseProxy(target: Pick<TlsTarget, 'host' | 'port'>, proxy: string | null | undefined, env: Record<string, string | undefined>): ProxyUrl | null {
  if (proxy === null) return null;
  if (proxy !== undefined) return parseProxyUrl(proxy);
  const fromEnv = env['HTTPS_PROXY'] ?? env['https_proxy'];
  if (!fromEnv || bypassesProxy(target, env['NO_PROXY'] ?? env['no_proxy'])) return null;
  return parseProxyUrl(fromEnv);
}

const headerEnd = (buf: Buffer) => {
  const i = buf.indexOf('\r\n\r\n');
  return i < 0 ? 0 : i + 4;
};

/** Sends CONNECT host:port and waits for a 2xx; rejects with TransportError('proxy') naming the proxy's answer. */
export async function connectThroughProxy(socket: Socket, proxy: ProxyUrl, target: TlsTarget, deadline: Deadline): Promise<Socket> {
  const authority = formatTarget(target);
  const auth = proxy.authorization ? `Proxy-Authorization: ${proxy.authorization}\r\n` : '';
  try {
    await send(socket, `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}User-Agent: Certdesk\r\n\r\n`);
    const reply = await readReply(socket, headerEnd, deadline);
    const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(reply.toString('latin1'));
    if (!status || !status[1]?.startsWith('2')) {
      throw new TransportError('proxy', `The proxy ${proxy.display} refused to connect to ${authority}: ${printable(reply)}`, printable(reply));
    }
    return socket;
  } catch (err) {
    if (err instanceof TransportError || deadline.stopped) throw err;
    throw new TransportError('proxy', `The proxy ${proxy.display} failed: ${(err as Error).message}`, (err as Error).message);
  }
}
