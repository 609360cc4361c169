import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CertdeskError } from '../../errors.js';
import { TokenError } from './errors.js';
import { serverText } from './http.js';

/** The path the authorization server sends the browser back to. */
export const REDIRECT_PATH = '/callback';

/** A one-shot listener for the authorization redirect on 127.0.0.1. */
export interface Loopback {
  redirectUri: string;
  /** The redirect's query once the browser comes back with the expected state. */
  wait(): Promise<URLSearchParams>;
  close(): void;
}

export interface LoopbackOptions {
  /** 0: any free port. */
  port: number;
  state: string;
  timeoutMs: number;
  signal: AbortSignal;
}

/**
 * Listens on 127.0.0.1 (never a wider address) for the one redirect of RFC 8252 §7.3. Only GET
 * /callback with the right Host counts; its `state` must be ours. The browser gets a short page
 * saying the window may be closed, and the listener stops after that request, the deadline or a cancel.
 */
export async function openLoopback(opts: LoopbackOptions): Promise<Loopback> {
  let settle: { resolve: (q: URLSearchParams) => void; reject: (e: Error) => void } | undefined;
  const result = new Promise<URLSearchParams>((resolve, reject) => (settle = { resolve, reject }));
  // Until someone waits, an early failure must not surface as an unhandled rejection.
  result.catch(() => undefined);
  let host = '';
  const server = http.createServer({ maxHeaderSize: 16 * 1024 }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'GET' || url.pathname !== REDIRECT_PATH || req.headers.host !== host) {
      res.writeHead(404, pageHeaders()).end(page('Not found', 'This address only receives the sign-in redirect.'));
      return;
    }
    const query = url.searchParams;
    const error = query.get('error');
    if (query.get('state') !== opts.state) {
      res.writeHead(400, pageHeaders()).end(page('Sign-in not accepted', 'The answer did not belong to the sign-in Certdesk started. Start it again from Certdesk.'));
      finish(new TokenError('AUTHORIZATION_FAILED', 'The browser came back with a state that does not match the sign-in Certdesk started; the answer was refused.', 'Start the sign-in again; if it repeats, another program may be answering on the redirect address.'));
    } else if (error !== null) {
      const description = query.get('error_description');
      const said = `${serverText(error, 80)}${description ? ` (${serverText(description)})` : ''}`;
      res.writeHead(200, pageHeaders()).end(page('Sign-in failed', `The server said: ${said}. You may close this window.`));
      finish(new TokenError('AUTHORIZATION_FAILED', `The authorization server refused the sign-in: ${said}.`, error === 'access_denied' ? 'The sign-in or the consent was declined; sign in again and allow access.' : 'Check the client ID, the scope and the redirect address registered for the client.', { serverError: serverText(error, 80) }));
    } else if (!query.get('code')) {
      res.writeHead(400, pageHeaders()).end(page('Sign-in not accepted', 'The answer carried no authorization code.'));
      finish(new TokenError('AUTHORIZATION_FAILED', 'The browser came back without an authorization code.', 'Check the authorization URL.'));
    } else {
      res.writeHead(200, pageHeaders()).end(page('Signed in', 'Certdesk received the sign-in. You may close this window.'));
      finish(null, query);
    }
  });
  const finish = (err: Error | null, query?: URLSearchParams): void => {
    if (!settle) return;
    const s = settle;
    settle = undefined;
    clearTimeout(timer);
    opts.signal.removeEventListener('abort', onAbort);
    server.close();
    // Let the answer page leave before dropping what is still open.
    setTimeout(() => server.closeAllConnections(), 200).unref();
    if (err) s.reject(err);
    else s.resolve(query as URLSearchParams);
  };
  const onAbort = (): void => finish(new CertdeskError('CANCELLED', 'The sign-in was cancelled.'));
  const minutes = opts.timeoutMs / 60_000;
  const timer = setTimeout(
    () => finish(new TokenError('AUTHORIZATION_FAILED', `Nobody came back from the browser within ${minutes >= 1 ? `${Math.round(minutes)} minute(s)` : `${Math.ceil(opts.timeoutMs / 1000)} s`}.`, 'Finish the sign-in in the browser window Certdesk opened, or start it again.')),
    opts.timeoutMs,
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new CertdeskError('IO_ERROR', `Could not listen for the sign-in redirect on 127.0.0.1:${opts.port} (${e.code ?? e.message}).`, e.code === 'EADDRINUSE' ? 'Another program uses that port: choose another redirect port, or leave it empty for any free port.' : 'Check the redirect port.'));
    });
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  if (opts.signal.aborted) onAbort();
  else opts.signal.addEventListener('abort', onAbort, { once: true });
  const port = (server.address() as AddressInfo).port;
  host = `127.0.0.1:${port}`;
  return { redirectUri: `http://${host}${REDIRECT_PATH}`, wait: () => result, close: () => finish(new CertdeskError('CANCELLED', 'The sign-in was stopped.')) };
}

function pageHeaders(): http.OutgoingHttpHeaders {
  return { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Security-Policy': "default-src 'none'", 'Referrer-Policy': 'no-referrer', Connection: 'close' };
}

function page(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Certdesk: ${html(title)}</title></head><body><h1>${html(title)}</h1><p>${html(text)}</p></body></html>`;
}

function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
