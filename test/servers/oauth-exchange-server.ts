/**
 * An API-token exchange endpoint on 127.0.0.1, as PRODUCT.md describes it
 * (`POST …/GenerateAccessTokenFromApiToken/` with `Authorization: Bearer <api token>`): it checks the API
 * token itself, answers in one of the shapes such endpoints use, and serves an API that accepts only the
 * access tokens it issued.
 */
import { createHmac, randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How the exchange answers a good API token. */
export type ExchangeShape =
  | 'oauth' // { access_token, token_type, expires_in }
  | 'iso' // { accessToken, expiry: ISO date }
  | 'jwt' // { RawToken: a JWT whose exp says when it lapses }
  | 'nested' // { data: { token, expiresAt: epoch seconds } }
  | 'text' // the bare token as text/plain
  | 'html' // a sign-in page (a wrong URL)
  | 'no-token'; // JSON without any token field

export interface ExchangeServer {
  exchangeUrl: string;
  apiUrl: string;
  /** Exchange requests seen, and the Authorization header each carried. */
  exchanges: string[];
  shape: ExchangeShape;
  /** Lifetime of issued tokens, seconds. */
  lifetime: number;
  close(): Promise<void>;
}

/** A JWT (HS256, a throwaway key) with the given claims. */
export function makeJwt(claims: Record<string, unknown>): string {
  const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const head = `${enc({ alg: 'HS256', typ: 'JWT' })}.${enc(claims)}`;
  return `${head}.${createHmac('sha256', 'exchange-test-key').update(head).digest('base64url')}`;
}

/** Starts the exchange server; it accepts only `apiToken`. */
export async function startExchangeServer(apiToken: string, shape: ExchangeShape = 'oauth'): Promise<ExchangeServer> {
  const issued = new Set<string>();
  const state: ExchangeServer = { exchangeUrl: '', apiUrl: '', exchanges: [], shape, lifetime: 1800, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const json = (status: number, body: unknown): void => void res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    const auth = req.headers.authorization ?? '';
    if (req.url === '/api/ApiToken/GenerateAccessTokenFromApiToken/' && req.method === 'POST') {
      state.exchanges.push(auth);
      if (auth !== `Bearer ${apiToken}`) return json(401, { message: 'The API token is not valid.' });
      const exp = Math.floor(Date.now() / 1000) + state.lifetime;
      const token = state.shape === 'jwt' ? makeJwt({ sub: 'integration-user', exp }) : randomBytes(24).toString('base64url');
      issued.add(token);
      switch (state.shape) {
        case 'oauth':
          return json(200, { access_token: token, token_type: 'bearer', expires_in: state.lifetime });
        case 'iso':
          return json(200, { accessToken: token, expiry: new Date(exp * 1000).toISOString() });
        case 'jwt':
          return json(200, { RawToken: token });
        case 'nested':
          return json(200, { data: { token, expiresAt: exp } });
        case 'text':
          return void res.writeHead(200, { 'Content-Type': 'text/plain' }).end(token);
        case 'html':
          return void res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body>Sign in</body></html>');
        case 'no-token':
          return json(200, { ok: true });
      }
    }
    if (req.url === '/api/events') {
      const m = /^Bearer (\S+)$/.exec(auth);
      return m?.[1] && issued.has(m[1]) ? json(200, { ok: true }) : json(401, { message: 'Unauthorized' });
    }
    json(404, { message: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.exchangeUrl = `${base}/api/ApiToken/GenerateAccessTokenFromApiToken/`;
  state.apiUrl = `${base}/api/events`;
  state.close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  return state;
}
