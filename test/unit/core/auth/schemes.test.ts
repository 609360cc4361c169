/**
 * Every scheme against loopback servers that verify it on their own (test/servers/auth-servers.ts):
 * right credential → authenticated, wrong secret → rejected with the challenge explained, a 403 server →
 * forbidden; and every secret masked in the result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthTestInput, AuthTestResult } from '../../../../shared/contract/auth.js';
import { SECRETS, startAuthServer, type AuthServer } from '../../../servers/auth-servers.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';

let core: TestCore;
let server: AuthServer;
let forbidding: AuthServer;

beforeAll(async () => {
  core = createTestCore();
  [server, forbidding] = await Promise.all([startAuthServer(), startAuthServer({ forbid: true })]);
});
afterAll(async () => {
  await Promise.all([server?.close(), forbidding?.close()]);
  core?.cleanup();
});

type Cred = { scheme: string; fields?: Record<string, string>; secrets?: Record<string, string> };

/** Runs auth.test and returns the result (failing the test on an error Result). */
async function call(url: string, cred: Cred, extra: Partial<AuthTestInput> = {}, request: Partial<AuthTestInput['request']> = {}): Promise<AuthTestResult> {
  const r = await core.services['auth.test']({ request: { method: 'GET', url, headers: [], body: { type: 'none' }, ...request }, credential: { fields: {}, secrets: {}, ...cred }, ...extra });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

const ALL_SECRETS = [SECRETS.password, SECRETS.token, SECRETS.apiKey, SECRETS.hmacToken, SECRETS.hmacSecret, SECRETS.secretAccessKey, 'wrong-secret-value', Buffer.from(`${SECRETS.user}:${SECRETS.password}`).toString('base64')];
const expectMasked = (r: AuthTestResult): void => {
  const text = JSON.stringify(r);
  for (const s of ALL_SECRETS) expect(text).not.toContain(s);
};

interface Case {
  name: string;
  path: string;
  right: Cred;
  wrong: Cred;
  /** The words the rejection must hold. */
  explains: RegExp;
  request?: Partial<AuthTestInput['request']>;
}

const CASES: Case[] = [
  { name: 'basic', path: '/basic', right: { scheme: 'basic', fields: { user: SECRETS.user }, secrets: { password: SECRETS.password } }, wrong: { scheme: 'basic', fields: { user: SECRETS.user }, secrets: { password: 'wrong-secret-value' } }, explains: /asks for Basic \(realm "certdesk-test"\); you sent Basic, and it was refused/ },
  { name: 'api-key-and-secret', path: '/basic', right: { scheme: 'api-key-and-secret', secrets: { key: SECRETS.user, secret: SECRETS.password } }, wrong: { scheme: 'api-key-and-secret', secrets: { key: SECRETS.user, secret: 'wrong-secret-value' } }, explains: /you sent Basic, and it was refused/ },
  { name: 'bearer', path: '/bearer', right: { scheme: 'bearer', secrets: { token: SECRETS.token } }, wrong: { scheme: 'bearer', secrets: { token: 'wrong-secret-value' } }, explains: /Bearer \(realm "certdesk-test", error "invalid_token"\); you sent Bearer/ },
  { name: 'api-key (header)', path: '/api-key', right: { scheme: 'api-key', secrets: { value: SECRETS.apiKey } }, wrong: { scheme: 'api-key', secrets: { value: 'wrong-secret-value' } }, explains: /asks for ApiKey .*you sent an API key/ },
  { name: 'api-key (query)', path: '/api-key', right: { scheme: 'api-key', fields: { in: 'query', name: 'apiKey' }, secrets: { value: SECRETS.apiKey } }, wrong: { scheme: 'api-key', fields: { in: 'query', name: 'apiKey' }, secrets: { value: 'wrong-secret-value' } }, explains: /you sent an API key/ },
  { name: 'url-token', path: '/url-token', right: { scheme: 'url-token', secrets: { token: SECRETS.token } }, wrong: { scheme: 'url-token', secrets: { token: 'wrong-secret-value' } }, explains: /without a WWW-Authenticate challenge; you sent a token in the URL/ },
  { name: 'digest MD5 qop auth', path: '/digest', right: { scheme: 'digest', fields: { user: SECRETS.user }, secrets: { password: SECRETS.password } }, wrong: { scheme: 'digest', fields: { user: SECRETS.user }, secrets: { password: 'wrong-secret-value' } }, explains: /asks for Basic \(realm "certdesk-test"\); or Digest \(realm "certdesk-test", MD5, qop auth\); you sent Digest, and it was refused/ },
  { name: 'digest SHA-256', path: '/digest?alg=SHA-256', right: { scheme: 'digest', fields: { user: SECRETS.user }, secrets: { password: SECRETS.password } }, wrong: { scheme: 'digest', fields: { user: SECRETS.user }, secrets: { password: 'wrong-secret-value' } }, explains: /Digest \(realm "certdesk-test", SHA-256, qop auth\)/ },
  { name: 'hmac-header', path: '/hmac-header', right: { scheme: 'hmac-header', secrets: { token: SECRETS.hmacToken, secret: SECRETS.hmacSecret } }, wrong: { scheme: 'hmac-header', secrets: { token: SECRETS.hmacToken, secret: 'wrong-secret-value' } }, explains: /asks for hmac .*you sent hmac, and it was refused/ },
  { name: 'hmac-body with a body', path: '/hmac-body', right: { scheme: 'hmac-body', secrets: { token: SECRETS.hmacToken, secret: SECRETS.hmacSecret } }, wrong: { scheme: 'hmac-body', secrets: { token: SECRETS.hmacToken, secret: 'wrong-secret-value' } }, explains: /you sent hmac/, request: { method: 'POST', body: { type: 'json', text: '{"event":"ping"}' } } },
  { name: 'hmac-body without a body', path: '/hmac-body', right: { scheme: 'hmac-body', secrets: { token: SECRETS.hmacToken, secret: SECRETS.hmacSecret } }, wrong: { scheme: 'hmac-body', secrets: { token: SECRETS.hmacToken, secret: 'wrong-secret-value' } }, explains: /you sent hmac/ },
  {
    name: 'aws-sigv4',
    path: '/sigv4?b=2&a=1',
    right: { scheme: 'aws-sigv4', fields: { accessKeyId: SECRETS.accessKeyId, region: SECRETS.region, service: SECRETS.service }, secrets: { secretAccessKey: SECRETS.secretAccessKey } },
    wrong: { scheme: 'aws-sigv4', fields: { accessKeyId: SECRETS.accessKeyId, region: SECRETS.region, service: SECRETS.service }, secrets: { secretAccessKey: 'wrong-secret-value' } },
    explains: /./,
    request: { method: 'POST', body: { type: 'json', text: '{"a":1}' } },
  },
];

describe('auth.test, scheme by scheme', () => {
  for (const c of CASES) {
    it(`${c.name}: right → authenticated, wrong → rejected and explained, 403 server → forbidden`, async () => {
      const ok = await call(`${server.origin}${c.path}`, c.right, {}, c.request);
      expect(ok.verdict, `${ok.summary} / server: ${server.requests.at(-1)?.why ?? ''}`).toBe('authenticated');
      expect(ok.status).toBe(200);
      expect(server.requests.at(-1)?.outcome).toBe('ok');
      expectMasked(ok);

      const bad = await call(`${server.origin}${c.path}`, c.wrong, {}, c.request);
      if (c.name === 'aws-sigv4') {
        // AWS answers a bad signature with 403 SignatureDoesNotMatch; the server here does the same.
        expect(bad.verdict).toBe('forbidden');
      } else {
        expect(bad.verdict).toBe('rejected');
        expect(bad.challenge?.explanation).toMatch(c.explains);
      }
      expectMasked(bad);

      const denied = await call(`${forbidding.origin}${c.path}`, c.right, {}, c.request);
      expect(denied.verdict).toBe('forbidden');
      expect(denied.summary).toMatch(/accepted, but the account it acts as lacks permission/);
      expect(denied.response?.bodyPreview).toContain('"error": "missing role integration-admin"');
    });
  }
});

describe('signing details', () => {
  it('hmac-body signs exactly the Content-Type, Date and Content-MD5 it sends, and sends no Content-MD5 without a body', async () => {
    const cred = CASES.find((c) => c.name === 'hmac-body with a body')?.right as Cred;
    const r = await call(`${server.origin}/hmac-body`, cred, {}, { method: 'POST', body: { type: 'raw', text: 'hello', contentType: 'text/plain' } });
    expect(r.verdict).toBe('authenticated');
    const sent = server.requests.at(-1);
    expect(r.signing?.stringToSign).toBe(`POST\n${String(sent?.headers['content-md5'])}\ntext/plain\n${String(sent?.headers['date'])}\n/hmac-body`);
    const empty = await call(`${server.origin}/hmac-body`, cred);
    expect(empty.verdict).toBe('authenticated');
    expect(server.requests.at(-1)?.headers['content-md5']).toBeUndefined();
    expect(empty.signing?.stringToSign).toMatch(/^GET\n\n\n[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT\n\/hmac-body$/);
  });

  it('hmac-header signs the listed headers joined with ":" in the order listed', async () => {
    const r = await call(`${server.origin}/hmac-header?headers=date,x-custom`, { scheme: 'hmac-header', fields: { headers: 'date,x-custom' }, secrets: { token: SECRETS.hmacToken, secret: SECRETS.hmacSecret } }, {}, { headers: [{ name: 'X-Custom', value: 'v1' }] });
    expect(r.verdict).toBe('authenticated');
    expect(r.signing?.stringToSign).toBe(`${String(server.requests.at(-1)?.headers['date'])}:v1`);
  });

  it('sigv4 shows the canonical request and string to sign, with the query sorted', async () => {
    const c = CASES.find((x) => x.name === 'aws-sigv4') as Case;
    const r = await call(`${server.origin}/sigv4?b=2&a=1`, c.right);
    expect(r.signing?.canonicalRequest?.split('\n').slice(0, 3)).toEqual(['GET', '/sigv4', 'a=1&b=2']);
    expect(r.signing?.stringToSign).toMatch(/^AWS4-HMAC-SHA256\n\d{8}T\d{6}Z\n\d{8}\/eu-central-1\/execute-api\/aws4_request\n[0-9a-f]{64}$/);
    expect(r.request.headers.find((h) => h.name === 'authorization')?.value).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//);
  });

  it('sigv4 with a session token sends and signs x-amz-security-token, masked in the result', async () => {
    const withToken = await startAuthServer({ secrets: { ...SECRETS, sessionToken: 'session-token-secret-9' } });
    try {
      const c = CASES.find((x) => x.name === 'aws-sigv4') as Case;
      const r = await call(`${withToken.origin}/sigv4`, { ...c.right, secrets: { ...c.right.secrets, sessionToken: 'session-token-secret-9' } });
      expect(r.verdict).toBe('authenticated');
      expect(r.signing?.signedHeaders).toContain('x-amz-security-token');
      expect(JSON.stringify(r)).not.toContain('session-token-secret-9');
    } finally {
      await withToken.close();
    }
  });
});

describe('digest variants', () => {
  const cred: Cred = { scheme: 'digest', fields: { user: SECRETS.user }, secrets: { password: SECRETS.password } };
  for (const q of ['alg=MD5-sess', 'alg=SHA-256-sess', 'alg=SHA-512-256', 'alg=SHA-512-256&userhash=1', 'alg=SHA-256&qop=auth-int', 'qop=', 'alg=SHA-256&stale=1', 'qop=auth,auth-int&x=a%20b']) {
    it(`answers ${q}`, async () => {
      const body = q.includes('auth-int') ? { method: 'PUT', body: { type: 'json' as const, text: '{"x":1}' } } : {};
      const r = await call(`${server.origin}/digest?${q}`, cred, {}, body);
      expect(r.verdict, `${r.summary} / server: ${server.requests.at(-1)?.why ?? ''}`).toBe('authenticated');
      expect(r.signing?.scheme).toBe('digest');
      expect(r.signing?.stringToSign.startsWith('H(A1):')).toBe(true);
      if (q.includes('stale')) expect(r.hops.map((h) => h.note)).toEqual(['digest challenge received; answering it', 'stale nonce; answering the new one']);
      if (q === 'qop=') expect(r.signing?.algorithm).toMatch(/RFC 2069/);
      expectMasked(r);
    });
  }
});

describe('safety', () => {
  it('refuses a host outside the allowed hosts before any byte is sent', async () => {
    const before = server.requests.length;
    const r = await core.services['auth.test']({ request: { url: `${server.origin}/basic` }, credential: { scheme: 'basic', fields: { user: 'alice' }, secrets: { password: SECRETS.password }, allowedHosts: ['api.example.com'] } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('HOST_NOT_ALLOWED');
      expect(r.error.message).toMatch(/may not be sent to 127\.0\.0\.1:\d+: it is not among its allowed hosts \(api\.example\.com\)\. Nothing was sent\./);
    }
    expect(server.requests.length).toBe(before);
  });

  it('refuses a secret over plain http to a non-loopback host unless allowed', async () => {
    const r = await core.services['auth.test']({ request: { url: 'http://api.example.invalid/x' }, credential: { scheme: 'bearer', secrets: { token: SECRETS.token } } });
    expect(r.ok ? 'ok' : r.error.code).toBe('PLAIN_HTTP_REFUSED');
    const allowed = await call('http://api.example.invalid/x', { scheme: 'bearer', secrets: { token: SECRETS.token } }, { allowPlainHttp: true, timeoutMs: 3000 });
    expect(allowed.verdict).toBe('error');
    expect(allowed.error?.code).toBe('dns-failure');
    expect(allowed.warnings.join(' ')).toMatch(/plain http:\/\/ to api\.example\.invalid/);
  });

  it('drops the credential on a redirect to another origin, and keeps it on the same origin', async () => {
    const other = await startAuthServer();
    try {
      const cred: Cred = { scheme: 'basic', fields: { user: SECRETS.user }, secrets: { password: SECRETS.password } };
      const cross = await call(`${server.origin}/redirect?to=${encodeURIComponent(`${other.origin}/basic`)}`, cred, {}, { headers: [{ name: 'Cookie', value: 'session=abc' }] });
      expect(other.requests).toHaveLength(1);
      expect(other.requests[0]?.headers['authorization']).toBeUndefined();
      expect(other.requests[0]?.headers['cookie']).toBeUndefined();
      expect(cross.verdict).toBe('rejected');
      expect(cross.warnings.join(' ')).toMatch(/another origin/);
      expect(cross.hops[0]).toMatchObject({ status: 302 });

      const tokenCross = await call(`${server.origin}/redirect?to=${encodeURIComponent(`${other.origin}/url-token?token=${SECRETS.token}&keep=1`)}`, { scheme: 'url-token', secrets: { token: SECRETS.token } });
      expect(other.requests.at(-1)?.url).toBe('/url-token?keep=1');
      expect(tokenCross.verdict).toBe('rejected');

      const same = await call(`${server.origin}/redirect?to=/basic`, cred);
      expect(same.verdict).toBe('authenticated');
      expect(same.hops).toHaveLength(1);

      const noFollow = await call(`${server.origin}/redirect?to=/basic`, cred, { followRedirects: false });
      expect(noFollow.status).toBe(302);
    } finally {
      await other.close();
    }
  });

  it('a refused port is verdict error (connection-refused), not a thrown failure', async () => {
    const gone = await startAuthServer();
    const url = `${gone.origin}/basic`;
    await gone.close();
    const r = await call(url, { scheme: 'none' });
    expect(r).toMatchObject({ verdict: 'error', status: null, error: { code: 'connection-refused' } });
  });

  it('scheme none against a protected path is rejected with what the server asks for', async () => {
    const r = await call(`${server.origin}/basic`, { scheme: 'none' });
    expect(r.verdict).toBe('rejected');
    expect(r.challenge?.explanation).toBe('The server asks for Basic (realm "certdesk-test"); you sent no credentials. Use a credential of the scheme the server asks for.');
  });

  it('refuses a secret field given as a plain field, naming the field and not the value', async () => {
    const r = await core.services['auth.test']({ request: { url: `${server.origin}/bearer` }, credential: { scheme: 'bearer', fields: { token: 'plain-token-value' } } });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('VALIDATION_FAILED');
      expect(r.error.message).toContain('"token"');
      expect(r.error.message).not.toContain('plain-token-value');
    }
  });
});
