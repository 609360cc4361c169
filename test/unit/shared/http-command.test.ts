/**
 * Copy as curl / PowerShell and paste-a-curl-command, with real curl as the oracle: every generated
 * command runs through `sh -c` (secrets only in the environment) against a loopback server that
 * records what arrived and checks each scheme on its own (Basic, Digest per RFC 7616, SigV4 recomputed
 * with @smithy/signature-v4).
 */
import { execFile, execFileSync } from 'node:child_process';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCurl, PARSE_CURL_MAX_CHARS, psQuote, shellWords, sortedQueryUrl, toCurl, toPowerShell, type CommandResult } from '../../../shared/http-command.js';
import type { AuthSpec, RequestSpec } from '../../../shared/http-request.js';

interface Received {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: Buffer;
  verdict?: string;
}

type Handler = (req: IncomingMessage, body: Buffer, rec: Received, res: ServerResponse) => void;

let server: Server;
let base = '';
let handler: Handler | undefined;
const received: Received[] = [];
let tmp = '';

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'certdesk-cmd-'));
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 1 << 20) chunks.push(c);
    });
    req.on('end', () => {
      const headers: Array<[string, string]> = [];
      for (let i = 0; i < req.rawHeaders.length; i += 2) {
        // Header bytes arrive as latin1 in Node; curl sent UTF-8.
        headers.push([(req.rawHeaders[i] as string).toLowerCase(), Buffer.from(req.rawHeaders[i + 1] as string, 'latin1').toString('utf8')]);
      }
      const rec: Received = { method: req.method ?? '', url: Buffer.from(req.url ?? '', 'latin1').toString('utf8'), headers, body: Buffer.concat(chunks) };
      received.push(rec);
      if (handler) handler(req, rec.body, rec, res);
      else res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs the command with `sh -c`, the secrets only in the environment; returns what the server got. */
async function run(cmd: CommandResult, env: Record<string, string> = {}, h?: Handler): Promise<{ all: Received[]; last: Received; stdout: string }> {
  handler = h;
  received.length = 0;
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile('sh', ['-c', `${cmd.command} -s -S`], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, cwd: tmp, timeout: 15_000 }, (err, out, errOut) => {
      if (err) reject(new Error(`curl failed: ${err.message} ${errOut}`));
      else resolve(out);
    });
  });
  handler = undefined;
  const last = received[received.length - 1];
  if (!last) throw new Error('the server received nothing');
  return { all: [...received], last, stdout };
}

const header = (r: Received, name: string): string | undefined => r.headers.find(([n]) => n === name.toLowerCase())?.[1];
const headerNames = (r: Received): string[] => r.headers.map(([n]) => n);
const req = (over: Partial<RequestSpec> = {}): RequestSpec => ({ method: 'GET', url: `${base}/api/items`, headers: [], body: { type: 'none' }, ...over });
const none: AuthSpec = { scheme: 'none', fields: {} };

describe('toCurl, run by real curl against a recording server', () => {
  it('sends the method, path, query, headers and JSON body exactly', async () => {
    const spec = req({ method: 'PATCH', url: `${base}/api/items/7?x=1&y=a%20b`, headers: [{ name: 'Accept', value: 'application/json' }, { name: 'X-Trace', value: 'abc' }, { name: 'X-Empty', value: '' }], body: { type: 'json', text: '{"name":"ü","n":1}' } });
    const cmd = toCurl(spec, none);
    expect(cmd.env).toEqual([]);
    const { last } = await run(cmd);
    expect(last.method).toBe('PATCH');
    expect(last.url).toBe('/api/items/7?x=1&y=a%20b');
    expect(header(last, 'accept')).toBe('application/json');
    expect(header(last, 'x-trace')).toBe('abc');
    expect(header(last, 'x-empty')).toBe('');
    expect(header(last, 'content-type')).toBe('application/json');
    expect(header(last, 'authorization')).toBeUndefined();
    expect(last.body.toString('utf8')).toBe('{"name":"ü","n":1}');
  });

  it('basic: -u with the password only from $CERTDESK_PASSWORD', async () => {
    const password = `p@ss:w'rd"$(touch canary)\`x\` é`;
    const cmd = toCurl(req(), { scheme: 'basic', fields: { user: 'alice' } });
    expect(cmd.command).toContain('-u "alice:$CERTDESK_PASSWORD"');
    expect(cmd.env).toEqual([{ name: 'CERTDESK_PASSWORD', field: 'password' }]);
    const { last } = await run(cmd, { CERTDESK_PASSWORD: password });
    expect(header(last, 'authorization')).toBe(`Basic ${Buffer.from(`alice:${password}`).toString('base64')}`);
    expect(existsSync(join(tmp, 'canary'))).toBe(false);
  });

  it('api-key-and-secret: Basic key:secret, both from the environment', async () => {
    const cmd = toCurl(req(), { scheme: 'api-key-and-secret', fields: {} });
    expect(cmd.env.map((e) => e.name)).toEqual(['CERTDESK_KEY', 'CERTDESK_SECRET']);
    const { last } = await run(cmd, { CERTDESK_KEY: 'k-1', CERTDESK_SECRET: 's:2' });
    expect(header(last, 'authorization')).toBe(`Basic ${Buffer.from('k-1:s:2').toString('base64')}`);
  });

  it('bearer, and OAuth 2.0 through --oauth2-bearer, from the environment', async () => {
    const bearer = toCurl(req(), { scheme: 'bearer', fields: {} });
    expect(bearer.command).toContain('-H "Authorization: Bearer $CERTDESK_TOKEN"');
    expect(header((await run(bearer, { CERTDESK_TOKEN: 'tok.en-1' })).last, 'authorization')).toBe('Bearer tok.en-1');

    const oauth = toCurl(req(), { scheme: 'oauth2-client-credentials', fields: { tokenUrl: 'https://idp/token', clientId: 'c' } }, { envPrefix: 'ACME_' });
    expect(oauth.command).toContain('--oauth2-bearer "$ACME_ACCESS_TOKEN"');
    expect(oauth.notes.join(' ')).toContain('set ACME_ACCESS_TOKEN');
    expect(header((await run(oauth, { ACME_ACCESS_TOKEN: 'at-9' })).last, 'authorization')).toBe('Bearer at-9');
  });

  it('api-key in a header (a hostile but valid header name) and in the query (encoded by curl)', async () => {
    const name = "X-'`id`$HOME|&k!";
    const inHeader = toCurl(req(), { scheme: 'api-key', fields: { name, in: 'header' } });
    const h = await run(inHeader, { CERTDESK_API_KEY: 'k$y' });
    expect(header(h.last, name)).toBe('k$y');

    const value = 'a&b=c d+e/é';
    const inQuery = toCurl(req({ url: `${base}/q?z=1` }), { scheme: 'api-key', fields: { name: 'api key', in: 'query' } });
    const q = await run(inQuery, { CERTDESK_API_KEY: value });
    const got = new URL(q.last.url, base);
    expect(got.pathname).toBe('/q');
    expect(got.searchParams.get('z')).toBe('1');
    expect(got.searchParams.get('api key')).toBe(value);
    expect(header(q.last, 'x-api-key')).toBeUndefined();
    expect(existsSync(join(tmp, 'canary'))).toBe(false);
  });

  it('url-token: ?token= (name configurable) from the environment', async () => {
    const def = await run(toCurl(req(), { scheme: 'url-token', fields: {} }), { CERTDESK_TOKEN: 't/1=' });
    expect(new URL(def.last.url, base).searchParams.get('token')).toBe('t/1=');
    const named = await run(toCurl(req({ url: `${base}/x?a=1` }), { scheme: 'url-token', fields: { param: 'access_token' } }), { CERTDESK_TOKEN: 'zz' });
    expect(named.last.url).toBe('/x?a=1&access_token=zz');
  });

  it('form body: one --data-urlencode per field, names and values arriving intact', async () => {
    const fields = [
      { name: 'grant_type', value: 'client_credentials' },
      { name: 'a@b=c&d', value: "x y+z&=é'\"$(touch canary)" },
      { name: 'empty', value: '' },
      { name: 'at', value: '@/etc/passwd' },
    ];
    const cmd = toCurl(req({ method: 'POST', body: { type: 'form', fields } }), none);
    const { last } = await run(cmd);
    expect(last.method).toBe('POST');
    expect(header(last, 'content-type')).toBe('application/x-www-form-urlencoded');
    expect([...new URLSearchParams(last.body.toString('utf8'))].map(([name, value]) => ({ name, value }))).toEqual(fields);
    expect(existsSync(join(tmp, 'canary'))).toBe(false);
  });

  it('file body via --data-binary @path (bytes intact), raw body starting with @ sent literally', async () => {
    const bytes = Buffer.concat([randomBytes(512), Buffer.from('\r\n\n\u0000end')]);
    const path = join(tmp, "body it's.bin");
    writeFileSync(path, bytes);
    const file = await run(toCurl(req({ method: 'PUT', body: { type: 'file', path } }), none));
    expect(file.last.method).toBe('PUT');
    expect(header(file.last, 'content-type')).toBe('application/octet-stream');
    expect(file.last.body.equals(bytes)).toBe(true);

    const raw = await run(toCurl(req({ method: 'POST', body: { type: 'raw', text: '@/etc/hostname\nline 2', contentType: 'text/csv' } }), none));
    expect(raw.last.body.toString()).toBe('@/etc/hostname\nline 2');
    expect(header(raw.last, 'content-type')).toBe('text/csv');

    const plain = await run(toCurl(req({ method: 'POST', body: { type: 'raw', text: 'hi' } }), none));
    expect(header(plain.last, 'content-type')).toBe('text/plain;charset=UTF-8');
  });

  it('HEAD, DELETE and a custom method', async () => {
    expect((await run(toCurl(req({ method: 'HEAD' }), none))).last.method).toBe('HEAD');
    expect((await run(toCurl(req({ method: 'DELETE' }), none))).last.method).toBe('DELETE');
    const prop = await run(toCurl(req({ method: 'PROPFIND', body: { type: 'raw', text: '<x/>', contentType: 'application/xml' } }), none));
    expect(prop.last.method).toBe('PROPFIND');
    expect(prop.last.body.toString()).toBe('<x/>');
  });

  it('hostile URL, header values and body are data to the shell: no canary, exact bytes arrive', async () => {
    const canary = join(tmp, 'canary');
    const evil = `'"$(touch ${canary})\`touch ${canary}\`;touch ${canary}`;
    const spec = req({
      method: 'POST',
      url: `${base}/p/${encodeURIComponent('ü ')}?q=${encodeURIComponent(evil)}&u=${encodeURIComponent('日本')}&g=[1]{2}`,
      headers: [
        { name: 'X-Evil', value: `${evil} ünïcødé \\ !! $HOME` },
        { name: 'X-Break', value: 'a\r\nInjected: yes' },
      ],
      body: { type: 'raw', text: `line1\n${evil}\nline3 $HOME \\n`, contentType: 'text/plain' },
    });
    const cmd = toCurl(spec, { scheme: 'basic', fields: { user: `b'ob$(touch ${canary})` } });
    expect(cmd.notes.join(' ')).toContain('X-Break');
    const { last } = await run(cmd, { CERTDESK_PASSWORD: 'pw', HOME: '/nonexistent-home' });
    expect(existsSync(canary)).toBe(false);
    const u = new URL(spec.url);
    expect(last.url).toBe(u.pathname + u.search);
    expect(new URL(last.url, base).searchParams.get('q')).toBe(evil);
    expect(header(last, 'x-evil')).toBe(`${evil} ünïcødé \\ !! $HOME`);
    expect(header(last, 'x-break')).toBeUndefined();
    expect(header(last, 'injected')).toBeUndefined();
    expect(last.body.toString('utf8')).toBe(`line1\n${evil}\nline3 $HOME \\n`);
    expect(header(last, 'authorization')).toBe(`Basic ${Buffer.from(`b'ob$(touch ${canary}):pw`).toString('base64')}`);
  });

  it('a secret never appears in a command: only its variable', () => {
    const schemes: AuthSpec[] = [
      { scheme: 'basic', fields: { user: 'u' } },
      { scheme: 'digest', fields: { user: 'u' } },
      { scheme: 'bearer', fields: {} },
      { scheme: 'api-key', fields: {} },
      { scheme: 'url-token', fields: {} },
      { scheme: 'aws-sigv4', fields: { accessKeyId: 'AKID', region: 'eu-central-1', service: 's3' } },
    ];
    for (const auth of schemes) {
      const ps = toPowerShell(req(), auth, { computedHeaders: [{ name: 'X-Amz-Security-Token', value: 'st' }] });
      for (const cmd of [toCurl(req(), auth, { presentSecrets: ['sessionToken'] }), ps]) {
        expect(cmd.env.length).toBeGreaterThan(0);
        for (const e of cmd.env) expect(cmd.command).toContain(e.name);
      }
    }
  });
});

// --- Digest: a server that issues the challenge and checks the answer per RFC 7616 -------------

const hash = (alg: string, text: string): string => createHash(alg === 'SHA-256' ? 'sha256' : alg === 'SHA-512-256' ? 'sha512-256' : 'md5').update(text).digest('hex');

function parseParams(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/([a-zA-Z0-9_-]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)) out[(m[1] as string).toLowerCase()] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] as string);
  return out;
}

function digestHandler(algorithm: 'MD5' | 'SHA-256', user: string, password: string): Handler {
  const realm = 'certdesk-test';
  const nonce = randomBytes(12).toString('hex');
  return (req, _body, rec, res) => {
    const auth = req.headers.authorization;
    if (!auth?.startsWith('Digest ')) {
      res.writeHead(401, { 'WWW-Authenticate': `Digest realm="${realm}", qop="auth", algorithm=${algorithm}, nonce="${nonce}", opaque="op"` }).end();
      rec.verdict = 'challenged';
      return;
    }
    const p = parseParams(auth.slice(7));
    const ha1 = hash(algorithm, `${user}:${realm}:${password}`);
    const ha2 = hash(algorithm, `${req.method}:${p.uri}`);
    const expected = hash(algorithm, `${ha1}:${nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`);
    const ok = p.username === user && p.uri === req.url && p.nonce === nonce && p.opaque === 'op' && p.qop === 'auth' && p.response === expected && (p.algorithm ?? 'MD5') === algorithm;
    rec.verdict = ok ? 'ok' : 'bad';
    res.writeHead(ok ? 200 : 401).end();
  };
}

describe('digest', () => {
  for (const algorithm of ['MD5', 'SHA-256'] as const) {
    it(`curl --digest answers the ${algorithm} challenge with the password from the environment`, async () => {
      const cmd = toCurl(req({ url: `${base}/d?x=1&y=2` }), { scheme: 'digest', fields: { user: 'Mufasa' } });
      expect(cmd.command).toContain('--digest -u "Mufasa:$CERTDESK_PASSWORD"');
      const { all } = await run(cmd, { CERTDESK_PASSWORD: 'Circle of Life' }, digestHandler(algorithm, 'Mufasa', 'Circle of Life'));
      expect(all.map((r) => r.verdict)).toEqual(['challenged', 'ok']);
    });
  }

  it('the digest server refuses a wrong password (it can fail)', async () => {
    const cmd = toCurl(req(), { scheme: 'digest', fields: { user: 'Mufasa' } });
    const { all } = await run(cmd, { CERTDESK_PASSWORD: 'wrong' }, digestHandler('SHA-256', 'Mufasa', 'Circle of Life'));
    expect(all.map((r) => r.verdict)).toEqual(['challenged', 'bad']);
  });

  it('SHA-512-256 and auth-int: the computed header instead of --digest, with a note', async () => {
    const computed = [{ name: 'Authorization', value: 'Digest username="Mufasa", realm="r", nonce="n1", uri="/api/items", algorithm=SHA-512-256, qop=auth, nc=00000001, cnonce="c", response="abc"' }];
    const cmd = toCurl(req(), { scheme: 'digest', fields: { user: 'Mufasa' } }, { computedHeaders: computed });
    expect(cmd.command).not.toContain('--digest');
    expect(cmd.notes.join(' ')).toMatch(/SHA-512-256 wrongly.*valid only briefly/);
    const { last } = await run(cmd);
    expect(header(last, 'authorization')).toBe(computed[0]?.value);

    const authInt = toCurl(req(), { scheme: 'digest', fields: { user: 'u' } }, { computedHeaders: [{ name: 'Authorization', value: 'Digest username="u", qop=auth-int, response="x"' }] });
    expect(authInt.command).not.toContain('--digest');
    expect(authInt.notes.join(' ')).toContain('auth-int');
    const without = toCurl(req(), { scheme: 'digest', fields: { user: 'u', algorithm: 'SHA-512-256' } });
    expect(without.command).toContain('--digest');
    expect(without.notes.join(' ')).toContain('SHA-512-256');
  });
});

describe('hmac: computed headers, token from the environment', () => {
  it('hmac-header carries the computed Date and signature, reads the token from $CERTDESK_TOKEN', async () => {
    const date = new Date().toUTCString();
    const signature = createHmac('sha256', 'shh').update(`date: ${date}`).digest('base64');
    const computed = [
      { name: 'Date', value: date },
      { name: 'Authorization', value: `hmac tok-123:${signature}` },
    ];
    const cmd = toCurl(req({ headers: [{ name: 'Date', value: 'stale' }] }), { scheme: 'hmac-header', fields: {} }, { computedHeaders: computed });
    expect(cmd.command).not.toContain('tok-123');
    expect(cmd.env).toEqual([{ name: 'CERTDESK_TOKEN', field: 'token' }]);
    expect(cmd.notes.join(' ')).toContain('valid only briefly');
    const { last } = await run(cmd, { CERTDESK_TOKEN: 'tok-123' });
    expect(header(last, 'date')).toBe(date);
    expect(headerNames(last).filter((n) => n === 'date')).toHaveLength(1);
    expect(header(last, 'authorization')).toBe(`hmac tok-123:${signature}`);
    // The server's own check of the signature (cross-checked by openssl below).
    const recomputed = createHmac('sha256', 'shh').update(`date: ${header(last, 'date')}`).digest('base64');
    const openssl = execFileSync('sh', ['-c', `printf '%s' "$M" | openssl dgst -sha256 -hmac shh -binary | base64`], { env: { PATH: process.env.PATH ?? '', M: `date: ${date}` } }).toString().trim();
    expect(recomputed).toBe(openssl);
    expect(header(last, 'authorization')?.endsWith(recomputed)).toBe(true);
  });

  it('hmac-body without computed headers says how to get them', () => {
    const cmd = toCurl(req({ method: 'POST', body: { type: 'json', text: '{}' } }), { scheme: 'hmac-body', fields: {} });
    expect(cmd.notes.join(' ')).toContain('Send the request once in Certdesk');
  });
});

// --- SigV4: the server recomputes the signature with @smithy/signature-v4 -----------------------

class Sha256 {
  private readonly h;
  constructor(secret?: unknown) {
    this.h = secret === undefined ? createHash('sha256') : createHmac('sha256', Buffer.from(secret as Uint8Array | string));
  }
  update(data: unknown): void {
    this.h.update(typeof data === 'string' ? data : Buffer.from(data as Uint8Array));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.h.digest()));
  }
}

const AWS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'FQoGZXIvYXdzE//token==' };

function sigv4Handler(region: string, service: string, withToken: boolean): Handler {
  return (req, body, rec, res) => {
    void (async () => {
      const auth = req.headers.authorization ?? '';
      const signed = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
      const headers: Record<string, string> = {};
      for (const name of signed) headers[name] = String(req.headers[name] ?? '');
      const u = new URL(req.url ?? '/', 'http://x');
      const query: Record<string, string | string[]> = {};
      for (const [k, v] of u.searchParams) {
        const prev = query[k];
        query[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
      }
      const amzDate = String(req.headers['x-amz-date'] ?? '');
      const when = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 8)}T${amzDate.slice(9, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
      const signer = new SignatureV4({ credentials: { accessKeyId: AWS.accessKeyId, secretAccessKey: AWS.secretAccessKey, ...(withToken ? { sessionToken: AWS.sessionToken } : {}) }, region, service, sha256: Sha256 as never, applyChecksum: false });
      const host = String(req.headers.host ?? '');
      const out = await signer.sign(
        { method: req.method ?? 'GET', protocol: 'http:', hostname: host.split(':')[0] ?? '', port: Number(host.split(':')[1]), path: u.pathname, query, headers, body: body.length > 0 ? body : undefined },
        { signingDate: when, unsignableHeaders: new Set(), signableHeaders: new Set(signed) },
      );
      const expected = out.headers.authorization ?? out.headers.Authorization;
      rec.verdict = expected === auth && auth.includes(`/${region}/${service}/aws4_request`) ? 'ok' : `bad: expected ${expected}`;
      res.writeHead(rec.verdict === 'ok' ? 200 : 403).end();
    })();
  };
}

describe('aws-sigv4', () => {
  it('curl --aws-sigv4 with a sorted query and the secret from $AWS_SECRET_ACCESS_KEY: the server recomputes the same signature', async () => {
    const spec = req({ method: 'POST', url: `${base}/prod/items?zeta=1&alpha=a%20b&mid=x`, headers: [{ name: 'X-Extra', value: 'v' }], body: { type: 'json', text: '{"a":1}' } });
    const auth: AuthSpec = { scheme: 'aws-sigv4', fields: { accessKeyId: AWS.accessKeyId, region: 'eu-central-1', service: 'execute-api' } };
    const cmd = toCurl(spec, auth, { presentSecrets: ['sessionToken'] });
    expect(cmd.command).toContain("--aws-sigv4 'aws:amz:eu-central-1:execute-api'");
    expect(cmd.command).toContain('/prod/items?alpha=a%20b&mid=x&zeta=1');
    expect(cmd.command).not.toContain(AWS.secretAccessKey);
    expect(cmd.env.map((e) => e.name)).toEqual(['AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN']);
    expect(cmd.notes.join(' ')).toContain('sorted');
    const { last } = await run(cmd, { AWS_SECRET_ACCESS_KEY: AWS.secretAccessKey, AWS_SESSION_TOKEN: AWS.sessionToken }, sigv4Handler('eu-central-1', 'execute-api', true));
    expect(header(last, 'authorization')).toContain(`Credential=${AWS.accessKeyId}/`);
    expect(header(last, 'authorization')).toContain('/eu-central-1/execute-api/aws4_request');
    expect(header(last, 'x-amz-security-token')).toBe(AWS.sessionToken);
    expect(last.verdict).toBe('ok');
  });

  it('the same request with the query as written (unsorted) fails the server check: why the command sorts it', async () => {
    const cmd = toCurl(req({ url: `${base}/prod/items?zeta=1&alpha=2` }), { scheme: 'aws-sigv4', fields: { accessKeyId: AWS.accessKeyId, region: 'us-east-1', service: 'execute-api' } });
    const unsorted = { ...cmd, command: cmd.command.replace('alpha=2&zeta=1', 'zeta=1&alpha=2') };
    expect(unsorted.command).not.toBe(cmd.command);
    const bad = await run(unsorted, { AWS_SECRET_ACCESS_KEY: AWS.secretAccessKey }, sigv4Handler('us-east-1', 'execute-api', false));
    expect(bad.last.verdict).toMatch(/^bad/);
    const good = await run(cmd, { AWS_SECRET_ACCESS_KEY: AWS.secretAccessKey }, sigv4Handler('us-east-1', 'execute-api', false));
    expect(good.last.verdict).toBe('ok');
  });

  it('sortedQueryUrl puts names and values in canonical, strictly encoded order', () => {
    expect(sortedQueryUrl('https://h/p?b=2&a=z&a=y&c=a+b&d=*')).toBe('https://h/p?a=y&a=z&b=2&c=a%20b&d=%2A');
  });
});

// --- parseCurl ------------------------------------------------------------------------------------

describe('parseCurl', () => {
  const examples: Array<[string, RequestSpec, AuthSpec]> = [
    ['none, GET with a query', req({ url: 'https://api.example.com/v1/items?page=2&q=a%20b' }), none],
    ['basic, JSON POST', req({ method: 'POST', url: 'https://api.example.com/v1/items', headers: [{ name: 'Accept', value: 'application/json' }], body: { type: 'json', text: '{"a":"it\'s"}' } }), { scheme: 'basic', fields: { user: 'alice' } }],
    ['bearer, form', req({ method: 'POST', url: 'https://api.example.com/f', body: { type: 'form', fields: [{ name: 'a b', value: 'c&d' }, { name: 'e', value: '' }] } }), { scheme: 'bearer', fields: {} }],
    ['api-key header', req({ method: 'PUT', url: 'https://api.example.com/f', body: { type: 'raw', text: 'x,y\n1,2', contentType: 'text/csv' } }), { scheme: 'api-key', fields: { name: 'X-API-Key', in: 'header' } }],
    ['api-key query', req({ url: 'https://api.example.com/f?x=1' }), { scheme: 'api-key', fields: { name: 'key', in: 'query' } }],
    ['url-token', req({ url: 'https://api.example.com/f' }), { scheme: 'url-token', fields: { param: 'access_token' } }],
    ['digest, file body', req({ method: 'PUT', url: 'http://127.0.0.1:8080/upload', body: { type: 'file', path: "/tmp/my file's.bin" } }), { scheme: 'digest', fields: { user: 'Mufasa' } }],
    ['aws-sigv4', req({ method: 'DELETE', url: 'https://abc.execute-api.eu-central-1.amazonaws.com/prod/x?a=1&b=2' }), { scheme: 'aws-sigv4', fields: { accessKeyId: 'AKID', region: 'eu-central-1', service: 'execute-api' } }],
    ['api-key-and-secret, raw text', req({ method: 'POST', url: 'https://h.example/', body: { type: 'raw', text: 'hello' } }), { scheme: 'api-key-and-secret', fields: {} }],
    ['HEAD with a hostile header', req({ method: 'HEAD', url: 'https://h.example/ü?x=日本', headers: [{ name: 'X-A', value: `'"$(id)\`id\` é` }] }), none],
  ];
  for (const [name, spec, auth] of examples) {
    it(`round-trips toCurl: ${name}`, () => {
      const cmd = toCurl(spec, auth);
      const parsed = parseCurl(cmd.command);
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      if (!parsed.ok) return;
      expect(parsed.request).toEqual({ ...spec, url: auth.scheme === 'aws-sigv4' ? sortedQueryUrl(spec.url) : new URL(spec.url).href });
      expect(parsed.auth).toEqual(auth);
      expect(parsed.secretsFound).toEqual([]);
    });
  }

  it('takes secrets out of a pasted command and reports them, never in notes', () => {
    const cases: Array<[string, string, Partial<AuthSpec>, string]> = [
      ["curl -u 'alice:s3cr:et' https://h.example/", 'password', { scheme: 'basic', fields: { user: 'alice' } }, 's3cr:et'],
      ["curl --digest --user bob:pw1 'https://h.example/'", 'password', { scheme: 'digest', fields: { user: 'bob' } }, 'pw1'],
      ["curl -H 'Authorization: Bearer eyJ.abc.def' https://h.example/", 'token', { scheme: 'bearer', fields: {} }, 'eyJ.abc.def'],
      [`curl -H "authorization: Basic ${Buffer.from('carol:pa ss').toString('base64')}" https://h.example/`, 'password', { scheme: 'basic', fields: { user: 'carol' } }, 'pa ss'],
      ['curl --oauth2-bearer tok9 https://h.example/', 'token', { scheme: 'bearer', fields: {} }, 'tok9'],
      ["curl -H 'X-API-Key: k-42' https://h.example/", 'value', { scheme: 'api-key', fields: { name: 'X-API-Key', in: 'header' } }, 'k-42'],
      ["curl 'https://h.example/p?a=1&access_token=t%2F1&b=2'", 'token', { scheme: 'url-token', fields: { param: 'access_token' } }, 't/1'],
      ["curl --aws-sigv4 'aws:amz:us-east-1:s3' -u AKID:SK/x -H 'x-amz-security-token: ST' https://b.s3.amazonaws.com/k", 'secretAccessKey', { scheme: 'aws-sigv4', fields: { accessKeyId: 'AKID', region: 'us-east-1', service: 's3' } }, 'SK/x'],
    ];
    for (const [text, fieldName, auth, secret] of cases) {
      const r = parseCurl(text);
      expect(r.ok, text).toBe(true);
      if (!r.ok) continue;
      expect(r.auth).toEqual(auth);
      expect(r.secretsFound.find((s) => s.field === fieldName)?.value).toBe(secret);
      expect(JSON.stringify(r.request)).not.toContain(secret);
      expect(r.notes.join(' ')).not.toContain(secret);
    }
    const url = parseCurl("curl 'https://h.example/p?a=1&access_token=t%2F1&b=2'");
    expect(url.ok && url.request.url).toBe('https://h.example/p?a=1&b=2');
    const aws = parseCurl("curl --aws-sigv4 'aws:amz:us-east-1:s3' -u AKID:SK -H 'x-amz-security-token: ST' https://b.s3.amazonaws.com/k");
    expect(aws.ok && aws.secretsFound.map((s) => [s.field, s.value])).toEqual([['secretAccessKey', 'SK'], ['sessionToken', 'ST']]);
    expect(aws.ok && aws.request.headers).toEqual([]);
  });

  it("reads a browser's copy as cURL: $'…' quoting, line continuations, --compressed", () => {
    const text = `curl 'https://api.example.com/graphql' \\
  -H 'accept: */*' \\
  -H 'content-type: application/json' \\
  -H $'x-note: it\\'s \\u00e9' \\
  --data-raw $'{"q":"a\\\\nb \\'c\\'"}' \\
  --compressed`;
    const r = parseCurl(text);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.request.method).toBe('POST');
    expect(r.request.headers).toEqual([{ name: 'accept', value: '*/*' }, { name: 'x-note', value: "it's é" }]);
    expect(r.request.body).toEqual({ type: 'json', text: `{"q":"a\\nb 'c'"}` });
    expect(r.notes.join(' ')).toContain('--compressed');
  });

  it('reads short option clusters, -G data into the query, -d forms, --json, -T and notes -k', () => {
    const a = parseCurl("curl -sSLk -XPUT -HX-A:\\ 1 'https://h.example/x' -d 'a=1&b=two'");
    expect(a.ok && a.request).toEqual({ method: 'PUT', url: 'https://h.example/x', headers: [{ name: 'X-A', value: '1' }], body: { type: 'form', fields: [{ name: 'a', value: '1' }, { name: 'b', value: 'two' }] } });
    expect(a.ok && a.notes.join(' ')).toMatch(/TLS verification is off/);
    const g = parseCurl("curl -G https://h.example/s -d q=1 --data-urlencode 'name=J Smith'");
    expect(g.ok && g.request).toMatchObject({ method: 'GET', url: 'https://h.example/s?q=1&name=J%20Smith', body: { type: 'none' } });
    const j = parseCurl(`curl --json '{"a":1}' https://h.example/j`);
    expect(j.ok && j.request).toEqual({ method: 'POST', url: 'https://h.example/j', headers: [{ name: 'Accept', value: 'application/json' }], body: { type: 'json', text: '{"a":1}' } });
    const f = parseCurl("curl --data-binary @body.json -H 'Content-Type: application/json' https://h.example/f");
    expect(f.ok && f.request.body).toEqual({ type: 'file', path: 'body.json', contentType: 'application/json' });
    const t = parseCurl('curl -T ./up.bin https://h.example/u');
    expect(t.ok && t.request).toMatchObject({ method: 'PUT', body: { type: 'file', path: './up.bin' } });
    const raw = parseCurl("curl -d 'name=John Smith' h.example/r");
    expect(raw.ok && raw.request).toMatchObject({ method: 'POST', url: 'http://h.example/r', body: { type: 'raw', text: 'name=John Smith', contentType: 'application/x-www-form-urlencoded' } });
  });

  it('keeps environment references and command substitutions as text, never runs them', () => {
    const r = parseCurl('curl "https://h.example/$(id)?a=`id`" -H "X-Home: $HOME" -u "$ME:$PW"');
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect(r.request.headers).toEqual([{ name: 'X-Home', value: '$HOME' }]);
    expect(r.auth).toEqual({ scheme: 'basic', fields: { user: '$ME' } });
    expect(r.secretsFound).toEqual([]);
    expect(r.notes.join(' ')).toContain('command substitution');
    expect(r.notes.join(' ')).toContain('$HOME');
  });

  it('refuses with a clear error: unbalanced quotes, shell operators, multipart, unknown options, no URL, not curl, too big', () => {
    const cases: Array<[string, RegExp]> = [
      ["curl 'https://h.example/", /single quote \(\S\) opened at character 6 is never closed/],
      ['curl "https://h.example/', /double quote .* never closed/],
      ["curl https://h.example/?a=1&b=2", /unquoted "&"/],
      ["curl https://h.example/; rm -rf ~", /unquoted ";"/],
      ["curl -F 'f=@x' https://h.example/", /Multipart/],
      ['curl --frobnicate https://h.example/', /--frobnicate is not understood/],
      ['curl -s', /no URL/],
      ["wget 'https://h.example/'", /Not a curl command/],
      ['curl https://a.example/ https://b.example/', /more than one URL/],
      ["curl 'ftp://h.example/'", /Only http/],
      ['', /empty/],
    ];
    for (const [text, error] of cases) {
      const r = parseCurl(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.error, text).toMatch(error);
    }
    const big = parseCurl(`curl 'https://h.example/' -d '${'x'.repeat(PARSE_CURL_MAX_CHARS)}'`);
    expect(!big.ok && big.error).toMatch(/longer than 64 KiB/);
    const many = parseCurl(`curl https://h.example/ ${'-s '.repeat(5000)}`);
    expect(!many.ok && many.error).toMatch(/more than \d+ words/);
  });

  it('shellWords reads quotes the way sh does (checked against sh itself)', () => {
    const line = `a'b c'd "e \\"f\\" \\$g \\\\ \\x" h\\ i '' $'j\\tk' "" l\\
m`;
    const words = shellWords(line);
    const sh = execFileSync('sh', ['-c', `for w in ${line}; do printf '%s\\0' "$w"; done`], { env: { PATH: process.env.PATH ?? '' } }).toString().split('\0').slice(0, -1);
    // dash has no $'…': it reads $'j\tk' as $ followed by 'j\tk'.
    expect(words.ok && words.words.filter((w) => !w.includes('\t'))).toEqual(sh.filter((w) => !w.includes('\\t')));
    expect(words.ok && words.words).toContain('j\tk');
  });
});

// --- PowerShell (no pwsh on this machine: structure and quoting rules) ---------------------------

/** Reads a PowerShell single-quoted string starting at `at`: '' and the typographic quotes doubled. */
function psUnquote(text: string, at: number): { value: string; end: number } {
  const quote = /['\u2018\u2019\u201a\u201b]/;
  expect(quote.test(text[at] as string)).toBe(true);
  let value = '';
  let i = at + 1;
  for (;;) {
    const c = text[i];
    if (c === undefined) throw new Error('unterminated PowerShell string');
    if (quote.test(c)) {
      if (quote.test(text[i + 1] ?? '')) {
        value += c;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += c;
    i++;
  }
}

describe('toPowerShell', () => {
  const pwsh = (() => {
    try {
      return execFileSync('sh', ['-c', 'command -v pwsh || true']).toString().trim();
    } catch {
      return '';
    }
  })();

  it(`(pwsh ${pwsh ? 'present' : 'absent here: structure and quoting only'}) writes Invoke-WebRequest with -Method, -Uri, -Headers and -Body`, () => {
    const spec: RequestSpec = { method: 'POST', url: 'https://api.example.com/v1/x?a=1', headers: [{ name: 'Accept', value: 'application/json' }, { name: 'accept', value: 'text/plain' }], body: { type: 'json', text: '{"a":"b"}' } };
    const basic = toPowerShell(spec, { scheme: 'basic', fields: { user: 'alice' } });
    expect(basic.command).toMatch(/^Invoke-WebRequest -Method 'POST' -Uri 'https:\/\/api\.example\.com\/v1\/x\?a=1' -Headers @\{ /);
    expect(basic.command).toContain(`'Accept' = ('application/json' + ', ' + 'text/plain')`);
    expect(basic.command).toContain(`'Authorization' = ('Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes(('alice:' + $env:CERTDESK_PASSWORD))))`);
    expect(basic.command).toContain(`-ContentType 'application/json' -Body '{"a":"b"}'`);
    expect(basic.env).toEqual([{ name: 'CERTDESK_PASSWORD', field: 'password' }]);

    const bearer = toPowerShell(spec, { scheme: 'bearer', fields: {} }, { envPrefix: 'ACME_' });
    expect(bearer.command).toContain(`'Authorization' = ('Bearer ' + $env:ACME_TOKEN)`);
    const token = toPowerShell(req({ url: 'https://h.example/p' }), { scheme: 'url-token', fields: {} });
    expect(token.command).toContain(`-Uri ('https://h.example/p' + '?token=' + [Uri]::EscapeDataString($env:CERTDESK_TOKEN))`);
    const digest = toPowerShell(req({ url: 'https://h.example/p' }), { scheme: 'digest', fields: { user: 'bob' } });
    expect(digest.command).toContain(`-Credential (New-Object System.Management.Automation.PSCredential('bob', (ConvertTo-SecureString $env:CERTDESK_PASSWORD -AsPlainText -Force)))`);
    const form = toPowerShell(req({ method: 'POST', url: 'https://h.example/p', body: { type: 'form', fields: [{ name: 'a b', value: "c'd" }] } }), none);
    expect(form.command).toContain(`-ContentType 'application/x-www-form-urlencoded' -Body 'a%20b=c%27d'`);
    const file = toPowerShell(req({ method: 'PUT', url: 'https://h.example/p', body: { type: 'file', path: "C:\\Users\\o'neil\\a.bin" } }), none);
    expect(file.command).toContain(`-InFile 'C:\\Users\\o''neil\\a.bin'`);
    const custom = toPowerShell(req({ method: 'PROPFIND' }), none);
    expect(custom.command).toContain(`-CustomMethod 'PROPFIND'`);
    const aws = toPowerShell(req(), { scheme: 'aws-sigv4', fields: { accessKeyId: 'AK', region: 'r', service: 's' } }, { computedHeaders: [{ name: 'Authorization', value: 'AWS4-HMAC-SHA256 Credential=AK/x' }, { name: 'X-Amz-Security-Token', value: 'FQoG-session' }] });
    expect(aws.command).toContain(`'X-Amz-Security-Token' = $env:AWS_SESSION_TOKEN`);
    expect(aws.command).not.toContain('FQoG-session');
    expect(aws.notes.join(' ')).toContain('valid only briefly');
  });

  it('quotes hostile values so each single-quoted string reads back exactly (typographic quotes too)', () => {
    const evil = `it's ‘a’ ‚b‛ "$(Remove-Item x)" \`n $env:PATH\nline ü`;
    expect(psUnquote(psQuote(evil), 0)).toEqual({ value: evil, end: psQuote(evil).length });
    const cmd = toPowerShell(req({ method: 'POST', url: `https://h.example/p?q=${encodeURIComponent(evil)}`, headers: [{ name: 'X-Evil', value: evil.replace('\n', ' ') }], body: { type: 'raw', text: evil, contentType: 'text/plain' } }), none).command;
    const at = cmd.indexOf(`'X-Evil' = `) + `'X-Evil' = `.length;
    expect(psUnquote(cmd, at).value).toBe(evil.replace('\n', ' '));
    // A non-ASCII body is sent as UTF-8 bytes (Windows PowerShell would send ISO-8859-1).
    const body = cmd.indexOf('-Body ([Text.Encoding]::UTF8.GetBytes(') + '-Body ([Text.Encoding]::UTF8.GetBytes('.length;
    expect(psUnquote(cmd, body).value).toBe(evil);
    // Outside the strings, nothing of the hostile text is left.
    let outside = '';
    for (let i = 0; i < cmd.length; ) {
      if (/['\u2018\u2019\u201a\u201b]/.test(cmd[i] as string)) i = psUnquote(cmd, i).end;
      else outside += cmd[i++];
    }
    expect(outside).not.toMatch(/Remove-Item|\$\(|`/);
  });
});
