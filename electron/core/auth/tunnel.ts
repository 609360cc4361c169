/**
 * An auth test through an HTTP proxy: the TLS domain's CONNECT tunnel (the same proxy choice, the same
 * refusals in words), handed to the network port as its connection; TLS then runs end to end inside it,
 * so the proxy never sees the credential of an https call.
 */
import type { ClientRequestArgs } from 'node:http';
import { isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { NetRequestOptions } from '../net/request.js';
import { Deadline } from '../tls/deadline.js';
import { chooseProxy, connectThroughProxy } from '../tls/proxy.js';
import { tcpConnect } from '../tls/transport.js';
import { TransportError } from '../tls/transport-error.js';

type CreateConnection = NonNullable<NetRequestOptions['createConnection']>;

/** The tunnel opener for `url` (explicit proxy, null = none, undefined = HTTPS_PROXY / NO_PROXY), or undefined for a direct call. */
export function proxyConnection(url: URL, proxy: string | null | undefined, env: Record<string, string | undefined>, timeoutMs: number, signal: AbortSignal): { connect: CreateConnection; display: string } | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  const chosen = chooseProxy({ host, port }, proxy, env);
  if (!chosen) return undefined;
  const connect = ((opts: ClientRequestArgs, done: (err: Error | null, socket?: Socket) => void) => {
    const deadline = new Deadline(timeoutMs, signal);
    void (async () => {
      const raw = await tcpConnect(chosen.host, chosen.port, deadline).catch((err: unknown) => {
        throw err instanceof TransportError ? new TransportError('proxy', `The proxy ${chosen.display} could not be reached: ${err.message}`, err.raw) : err;
      });
      await connectThroughProxy(raw, chosen, { host, port, scheme: 'tls', path: '/' }, deadline);
      // The deadline guards the tunnel's setup; the request's own deadline takes over from here.
      raw.once('close', () => deadline.finish());
      if (url.protocol !== 'https:') return raw;
      const tlsOpts = opts as ConnectionOptions;
      return tlsConnect({ ...tlsOpts, socket: raw, ...(isIP(host) ? {} : { servername: host }) });
    })().then(
      (socket) => done(null, socket),
      (err: unknown) => {
        deadline.finish();
        done(err instanceof Error ? err : new Error(String(err)));
      },
    );
    return undefined;
  }) as unknown as CreateConnection;
  return { connect, display: chosen.display };
}
