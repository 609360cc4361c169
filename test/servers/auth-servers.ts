/**
 * Loopback HTTP servers that verify each auth scheme on their own (nothing here imports Certdesk's
 * client code): Basic, Bearer, API key, URL token, Digest (RFC 7616 and RFC 2069), both HMAC schemes
 * and SigV4 (recomputed with @smithy/signature-v4). curl's own requests pass them, which proves the
 * servers; Certdesk passing them proves Certdesk. Every request is recorded, so a test can assert what
 * did (or did not) arrive.
 *
 * Paths: /basic /bearer /exchange (POST: API token → access token) /exchanged /api-key /url-token /hmac-header /hmac-body /sigv4 /none, /digest?alg=&qop=&
 * userhash=1&stale=1 (qop empty = RFC 2069), /redirect?to=URL (302), /see-other?to=URL (303). A server
 * made with `forbid: true` answers 403 to a correct credential.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';

export interface AuthSecrets {
  user: string;
  password: string;
  token: string;
  apiKey: string;
  hmacToken: string;
  hmacSecret: string;
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
}

export const SECRETS: AuthSecrets = {
  user: 'alice',
  password: 'p@ss, "word"',
  token: 'tok-3f9a1c',
  apiKey: 'key-77c1e0',
  hmacToken: 'hmac-token-1',
  hmacSecret: 'hmac-shared-secret',
  accessKeyId: 'AKIDEXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
  region: 'eu-central-1',
  service: 'execute-api',
};

/** The access token /exchange hands out for the API token (`apiKey`), and /exchanged accepts. */
export const EXCHANGED_TOKEN = 'access-token-5e1f';

export interface Recorded {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** What the server decided: ok, reject, forbid, bad (400), or a redirect. */
  outcome: string;
  /** Why a check failed (for the test's message). */
  why?: string;
}

export interface AuthServer {
  port: number;
  origin: string;
  requests: Recorded[];
  close(): Promise<void>;
}

type Check = { ok: true } | { ok: false; why: string; status?: number; challenge?: string[] };

const eq = (a: string, b: string): boolean => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Digest header parameters (quoted strings with escapes and commas). */
function digestParams(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([a-zA-Z0-9*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))/g;
  for (const m of header.replace(/^Digest\s+/i, '').matchAll(re)) out[(m[1] ?? '').toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
  return out;
}

const HASH: Record<string, string> = { MD5: 'md5', 'SHA-256': 'sha256', 'SHA-512-256': 'sha512-256' };

class Sha256 {
  private readonly h;
  constructor(secret?: unknown) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', secret as Uint8Array);
  }
  update(d: unknown): void {
    this.h.update(d as Uint8Array);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

/** Starts one server; `forbid` makes a correct credential earn 403. */
export async function startAuthServer(opts: { secrets?: AuthSecrets; forbid?: boolean; realm?: string } = {}): Promise<AuthServer> {
  const s = opts.secrets ?? SECRETS;
  const realm = opts.realm ?? 'certdesk-test';
  const requests: Recorded[] = [];
  const nonces = new Map<string, { used: number; fromStale: boolean }>();
  const newNonce = (): string => randomBytes(16).toString('base64');

  const checkDigest = (req: IncomingMessage, body: Buffer, url: URL): Check => {
    const alg = url.searchParams.get('alg') ?? 'MD5';
    const qop = url.searchParams.has('qop') ? (url.searchParams.get('qop') ?? '') : 'auth';
    const userhash = url.searchParams.get('userhash') === '1';
    const staleFirst = url.searchParams.get('stale') === '1';
    const challenge = (stale = false): string[] => {
      const n = newNonce();
      nonces.set(n, { used: 0, fromStale: stale });
      const parts = [`realm="${realm}"`, `nonce="${n}"`, 'opaque="0pAqu3, with comma"', `algorithm=${alg}`];
      if (qop) parts.push(`qop="${qop}"`);
      if (userhash) parts.push('userhash=true');
      if (stale) parts.push('stale=true');
      // A Basic challenge first: the client must pick the Digest one (RFC 7616 §3.7).
      return [`Basic realm="${realm}"`, `Digest ${parts.join(', ')}`];
    };
    const h = req.headers.authorization;
    if (!h?.startsWith('Digest ')) return { ok: false, why: 'no digest answer', challenge: challenge() };
    const p = digestParams(h);
    // Apache answers a uri that is not the request target with 400, not 401.
    if (p['uri'] !== req.url) return { ok: false, why: `uri ${p['uri']} is not the request target ${req.url}`, status: 400 };
    const state = nonces.get(p['nonce'] ?? '');
    if (!state) return { ok: false, why: 'unknown nonce', challenge: challenge() };
    const hash = HASH[alg.replace(/-sess$/i, '')];
    if (!hash) return { ok: false, why: 'bad alg' };
    const H = (x: string | Buffer): string => createHash(hash).update(x).digest('hex');
    const user = userhash ? H(`${s.user}:${realm}`) : s.user;
    if (p['username'] !== user) return { ok: false, why: 'wrong user', challenge: challenge() };
    if (userhash && p['userhash'] !== 'true') return { ok: false, why: 'userhash not said', challenge: challenge() };
    if (p['opaque'] !== '0pAqu3, with comma') return { ok: false, why: 'opaque not returned', challenge: challenge() };
    let ha1 = H(`${s.user}:${realm}:${s.password}`);
    if (/-sess$/i.test(alg)) ha1 = H(`${ha1}:${p['nonce']}:${p['cnonce']}`);
    const q = p['qop'];
    const ha2 = H(q === 'auth-int' ? `${req.method}:${req.url}:${H(body)}` : `${req.method}:${req.url}`);
    let expected: string;
    if (qop) {
      if (!q || !qop.split(',').map((x) => x.trim()).includes(q)) return { ok: false, why: `qop ${q} not offered`, challenge: challenge() };
      const nc = parseInt(p['nc'] ?? '', 16);
      if (!(nc > state.used)) return { ok: false, why: 'nonce count not increasing', challenge: challenge() };
      state.used = nc;
      expected = H(`${ha1}:${p['nonce']}:${p['nc']}:${p['cnonce']}:${q}:${ha2}`);
    } else {
      if (q) return { ok: false, why: 'qop sent to an RFC 2069 server', challenge: challenge() };
      expected = H(`${ha1}:${p['nonce']}:${ha2}`);
    }
    if (!eq(p['response'] ?? '', expected)) return { ok: false, why: 'wrong response', challenge: challenge() };
    if (staleFirst && !state.fromStale) {
      // A correct answer to a first nonce is told it went stale: the client must answer the new one.
      return { ok: false, why: 'stale', challenge: challenge(true) };
    }
    return { ok: true };
  };

  const checkHmacHeader = (req: IncomingMessage): Check => {
    const m = /^hmac ([^:]+):(.+)$/.exec(req.headers.authorization ?? '');
    const date = req.headers.date;
    if (!m || !date) return { ok: false, why: 'no hmac header or date', challenge: [`hmac realm="${realm}"`] };
    const list = (new URL(req.url ?? '/', 'http://x').searchParams.get('headers') ?? 'date').split(',');
    const value = list.map((n) => String(req.headers[n.trim().toLowerCase()] ?? '')).join(':');
    const sig = createHmac('sha256', s.hmacSecret).update(value).digest('base64');
    if (m[1] !== s.hmacToken || !eq(m[2] ?? '', sig)) return { ok: false, why: 'bad hmac', challenge: [`hmac realm="${realm}"`] };
    return { ok: true };
  };

  const checkHmacBody = (req: IncomingMessage, body: Buffer): Check => {
    const m = /^hmac ([^:]+):(.+)$/.exec(req.headers.authorization ?? '');
    if (!m) return { ok: false, why: 'no hmac header', challenge: [`hmac realm="${realm}"`] };
    const md5 = body.length ? createHash('md5').update(body).digest('base64') : '';
    if ((req.headers['content-md5'] ?? '') !== md5) return { ok: false, why: 'Content-MD5 does not match the body', status: 400 };
    if (!body.length && req.headers['content-md5'] !== undefined) return { ok: false, why: 'Content-MD5 without a body', status: 400 };
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const text = `${req.method}\n${md5}\n${req.headers['content-type'] ?? ''}\n${req.headers.date ?? ''}\n${path}`;
    const sig = createHmac('sha256', s.hmacSecret).update(text).digest('base64');
    if (m[1] !== s.hmacToken || !eq(m[2] ?? '', sig)) return { ok: false, why: 'bad hmac', challenge: [`hmac realm="${realm}"`] };
    return { ok: true };
  };

  const checkSigV4 = async (req: IncomingMessage, body: Buffer): Promise<Check> => {
    const h = req.headers.authorization ?? '';
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(h);
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    if (!m || !amzDate) return { ok: false, why: 'no sigv4 authorization', challenge: ['AWS4-HMAC-SHA256'] };
    if (m[1] !== s.accessKeyId) return { ok: false, why: 'unknown key', status: 403 };
    const signed = (m[5] ?? '').split(';');
    const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) {
      const had = query[k];
      query[k] = had === undefined ? v : Array.isArray(had) ? [...had, v] : [had, v];
    }
    const headers: Record<string, string> = {};
    for (const n of signed) headers[n] = String(req.headers[n] ?? '');
    const signer = new SignatureV4({ credentials: { accessKeyId: s.accessKeyId, secretAccessKey: s.secretAccessKey }, region: m[3] ?? '', service: m[4] ?? '', sha256: Sha256 as never, applyChecksum: false });
    const when = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    // Everything not signed is left out, so the signer signs exactly the client's list.
    const unsigned = new Set(Object.keys(req.headers).filter((k) => !signed.includes(k)));
    const out = await signer.sign(
      { method: req.method ?? 'GET', protocol: 'http:', hostname: url.hostname, path: url.pathname, query, headers, ...(body.length ? { body } : {}) },
      { signingDate: when, unsignableHeaders: unsigned },
    );
    const expected = /Signature=([0-9a-f]{64})/.exec(String(out.headers['authorization']))?.[1] ?? '';
    if (req.headers['x-amz-content-sha256'] !== undefined && req.headers['x-amz-content-sha256'] !== 'UNSIGNED-PAYLOAD' && req.headers['x-amz-content-sha256'] !== createHash('sha256').update(body).digest('hex'))
      return { ok: false, why: 'x-amz-content-sha256 does not match the body', status: 400 };
    if (s.sessionToken !== undefined && req.headers['x-amz-security-token'] !== s.sessionToken) return { ok: false, why: 'session token missing', status: 403 };
    if (!eq(m[6] ?? '', expected)) return { ok: false, why: 'signature mismatch', status: 403 };
    return { ok: true };
  };

  const check = async (req: IncomingMessage, body: Buffer, url: URL): Promise<Check> => {
    const auth = req.headers.authorization ?? '';
    const basic = `Basic ${Buffer.from(`${s.user}:${s.password}`).toString('base64')}`;
    switch (url.pathname) {
      case '/none':
        return { ok: true };
      case '/basic':
        return eq(auth, basic) ? { ok: true } : { ok: false, why: 'bad basic', challenge: [`Basic realm="${realm}", charset="UTF-8"`] };
      case '/bearer':
        return eq(auth, `Bearer ${s.token}`) ? { ok: true } : { ok: false, why: 'bad bearer', challenge: [`Bearer realm="${realm}", error="invalid_token"`] };
      case '/api-key': {
        const v = req.headers['x-api-key'] ?? url.searchParams.get('apiKey') ?? '';
        return eq(String(v), s.apiKey) ? { ok: true } : { ok: false, why: 'bad api key', challenge: [`ApiKey realm="${realm}"`] };
      }
      case '/exchange':
        // An API token exchanged for a short-lived access token (PRODUCT.md's GenerateAccessTokenFromApiToken).
        return eq(auth, `Bearer ${s.apiKey}`) ? { ok: true } : { ok: false, why: 'bad api token', challenge: [`Bearer realm="${realm}", error="invalid_token"`] };
      case '/exchanged':
        return eq(auth, `Bearer ${EXCHANGED_TOKEN}`) ? { ok: true } : { ok: false, why: 'bad access token', challenge: [`Bearer realm="${realm}", error="invalid_token"`] };
      case '/url-token':
        return eq(url.searchParams.get('token') ?? '', s.token) ? { ok: true } : { ok: false, why: 'bad url token' };
      case '/digest':
        return checkDigest(req, body, url);
      case '/hmac-header':
        return checkHmacHeader(req);
      case '/hmac-body':
        return checkHmacBody(req, body);
      case '/sigv4':
        return checkSigV4(req, body);
      default:
        return { ok: false, why: 'no such path', status: 404 };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, body: Buffer): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const rec: Recorded = { method: req.method ?? '', url: req.url ?? '', headers: { ...req.headers }, body: body.toString('utf8'), outcome: '' };
    requests.push(rec);
    const to = url.searchParams.get('to');
    if ((url.pathname === '/redirect' || url.pathname === '/see-other') && to) {
      rec.outcome = 'redirect';
      res.writeHead(url.pathname === '/redirect' ? 302 : 303, { location: to }).end();
      return;
    }
    const result = await check(req, body, url);
    if (result.ok && url.pathname === '/exchange') {
      rec.outcome = 'ok';
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accessToken: EXCHANGED_TOKEN, expiresIn: 3600 }));
      return;
    }
    if (result.ok) {
      rec.outcome = opts.forbid ? 'forbid' : 'ok';
      res.writeHead(opts.forbid ? 403 : 200, { 'content-type': 'application/json' }).end(JSON.stringify(opts.forbid ? { error: 'missing role integration-admin' } : { ok: true, path: url.pathname, user: s.user }));
      return;
    }
    rec.outcome = result.status === 400 ? 'bad' : 'reject';
    rec.why = result.why;
    const headers: Array<[string, string]> = (result.challenge ?? []).map((c) => ['WWW-Authenticate', c]);
    res.writeHead(result.status ?? 401, [...headers.flat(), 'content-type', 'text/plain']).end(`refused: ${result.why}\n`);
  };

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1 << 20) chunks.push(c);
    });
    req.on('end', () => void handle(req, res, Buffer.concat(chunks)).catch((e: unknown) => res.writeHead(500).end(String(e))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
