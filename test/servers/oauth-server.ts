/**
 * A real OAuth 2.0 authorization server for the tests: `oidc-provider` on 127.0.0.1 (random port) with
 * clients for client credentials (Basic and body authentication), the authorization code grant with
 * PKCE and rotating refresh tokens (a public native client and a confidential one), and introspection;
 * plus an API that accepts a bearer token only when the server's introspection says it is active, and
 * a scripted "browser" that signs in through the server's own login and consent forms.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export const CLIENTS = {
  basic: { id: 'reporting-basic', secret: 'cc-basic-secret-5f1a9c2e7b' },
  body: { id: 'reporting-body', secret: 'cc-body-secret-d83e0b4a61' },
  native: { id: 'desktop-native' },
  confidential: { id: 'desktop-confidential', secret: 'ac-conf-secret-a7c44e19b0' },
  api: { id: 'resource-api', secret: 'api-introspect-secret-93bd' },
} as const;

export interface OAuthServer {
  issuer: string;
  tokenUrl: string;
  authUrl: string;
  /** An API on another port: 200 {sub, client_id, scope} for an active token, 401 otherwise. */
  apiUrl: string;
  /** Token endpoint requests seen (grant types), to prove what was and was not called. */
  grants: string[];
  close(): Promise<void>;
}

interface Listening {
  url: string;
  close(): Promise<void>;
}

function listen(handler: http.RequestListener): Promise<Listening & { server: http.Server }> {
  const server = http.createServer(handler);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        server,
        url: `http://127.0.0.1:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Starts the authorization server and the introspecting API; `accessTokenTtl` in seconds. */
export async function startOAuthServer(opts: { accessTokenTtl?: number } = {}): Promise<OAuthServer> {
  let app: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const grants: string[] = [];
  const auth = await listen((req, res) => app(req, res));
  const provider = new Provider(auth.url, {
    clients: [
      { client_id: CLIENTS.basic.id, client_secret: CLIENTS.basic.secret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_basic', scope: 'reports:read reports:write' },
      { client_id: CLIENTS.body.id, client_secret: CLIENTS.body.secret, grant_types: ['client_credentials'], response_types: [], redirect_uris: [], token_endpoint_auth_method: 'client_secret_post', scope: 'reports:read' },
      {
        client_id: CLIENTS.native.id,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
      },
      {
        client_id: CLIENTS.confidential.id,
        client_secret: CLIENTS.confidential.secret,
        application_type: 'native',
        token_endpoint_auth_method: 'client_secret_basic',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: ['http://127.0.0.1/callback'],
      },
      { client_id: CLIENTS.api.id, client_secret: CLIENTS.api.secret, grant_types: [], response_types: [], redirect_uris: [] },
    ],
    scopes: ['openid', 'offline_access', 'reports:read', 'reports:write'],
    features: {
      devInteractions: { enabled: true },
      clientCredentials: { enabled: true },
      introspection: { enabled: true },
    },
    // A refresh token for every client allowed the grant (not only with offline_access and consent).
    issueRefreshToken: (_ctx, client) => Promise.resolve(client.grantTypeAllowed('refresh_token')),
    rotateRefreshToken: true,
    pkce: { required: () => true },
    ttl: {
      AccessToken: opts.accessTokenTtl ?? 3600,
      ClientCredentials: opts.accessTokenTtl ?? 3600,
      RefreshToken: 86400,
      Grant: 86400,
      Session: 86400,
      Interaction: 600,
      AuthorizationCode: 60,
      IdToken: 3600,
    },
    cookies: { keys: ['certdesk-test-cookie-key'] },
  });
  provider.on('grant.success', (ctx) => {
    const body = (ctx.oidc as unknown as { params?: { grant_type?: string } }).params;
    grants.push(body?.grant_type ?? '?');
  });
  app = provider.callback();
  const api = await listen((req, res) => void introspect(auth.url, req.headers.authorization ?? '').then(([status, body]) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))));
  return {
    issuer: auth.url,
    tokenUrl: `${auth.url}/token`,
    authUrl: `${auth.url}/auth`,
    apiUrl: `${api.url}/reports`,
    grants,
    close: async () => {
      await api.close();
      await auth.close();
    },
  };
}

/** The API's check: the bearer token must be active by RFC 7662 introspection at the authorization server. */
async function introspect(issuer: string, authorization: string): Promise<[number, unknown]> {
  const m = /^Bearer (\S+)$/.exec(authorization);
  if (!m?.[1]) return [401, { error: 'invalid_token', error_description: 'no bearer token' }];
  const res = await fetch(`${issuer}/token/introspection`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${CLIENTS.api.id}:${CLIENTS.api.secret}`).toString('base64')}` },
    body: new URLSearchParams({ token: m[1] }),
  });
  const info = (await res.json()) as { active?: boolean; sub?: string; client_id?: string; scope?: string };
  if (!info.active) return [401, { error: 'invalid_token' }];
  return [200, { sub: info.sub ?? null, client_id: info.client_id, scope: info.scope ?? '' }];
}

export interface BrowserOptions {
  /** The login name typed into the server's sign-in form. */
  login?: string;
  /** Changes the final redirect before the browser follows it (e.g. a forged state). */
  tamper?: (redirect: URL) => URL;
  /** Press "abort" instead of signing in (the server answers access_denied). */
  abort?: boolean;
  /** Every URL the browser was asked to open. */
  opened?: string[];
}

/**
 * A scripted browser for ctx.openExternal: follows the server's redirects carrying its cookies,
 * submits the login form (any name and password) and the consent form, and finally requests the
 * loopback redirect, exactly as a person's browser would.
 */
export function scriptedBrowser(opts: BrowserOptions = {}): (url: string) => Promise<void> {
  return async (start) => {
    opts.opened?.push(start);
    const cookies = new Map<string, string>();
    let url = new URL(start);
    let method = 'GET';
    let body: string | undefined;
    for (let hop = 0; hop < 20; hop++) {
      const res = await fetch(url, {
        method,
        redirect: 'manual',
        headers: { Cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(body !== undefined ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
        ...(body !== undefined ? { body } : {}),
      });
      for (const c of res.headers.getSetCookie()) {
        const [pair] = c.split(';');
        const eq = pair?.indexOf('=') ?? -1;
        if (pair && eq > 0) cookies.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      method = 'GET';
      body = undefined;
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        let next = new URL(location, url);
        if (next.hostname === '127.0.0.1' && next.pathname === '/callback' && opts.tamper) next = opts.tamper(next);
        url = next;
        continue;
      }
      const html = await res.text();
      const form = /<form[^>]*action="([^"]+)"[^>]*method="post"/i.exec(html);
      if (!form?.[1]) return; // the loopback's closing page (or an error page): the browser is done
      const fields = new URLSearchParams();
      for (const m of html.matchAll(/<input[^>]*type="hidden"[^>]*name="([^"]+)"[^>]*value="([^"]*)"/gi)) if (m[1]) fields.set(m[1], m[2] ?? '');
      if (fields.get('prompt') === 'login') {
        fields.set('login', opts.login ?? 'integration.admin');
        fields.set('password', 'any-password');
      }
      if (opts.abort) {
        const abortLink = /href="([^"]*\/abort)"/i.exec(html);
        if (abortLink?.[1]) {
          url = new URL(abortLink[1].replace(/&amp;/g, '&'), url);
          continue;
        }
      }
      url = new URL(form[1].replace(/&amp;/g, '&'), url);
      method = 'POST';
      body = fields.toString();
    }
    throw new Error('The scripted browser followed more than 20 steps.');
  };
}
