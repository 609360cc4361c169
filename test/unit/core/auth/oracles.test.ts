/**
 * The servers proven by a client nobody here wrote (curl), and Certdesk proven by a server nobody here
 * wrote (Apache httpd's mod_auth_digest).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthTestResult } from '../../../../shared/contract/auth.js';
import { APACHE_PASSWORD, APACHE_USER, type Apache, startApacheDigest } from '../../../servers/auth-apache.js';
import { SECRETS, startAuthServer, type AuthServer } from '../../../servers/auth-servers.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';

const run = promisify(execFile);
let server: AuthServer;
let apache: Apache;
let core: TestCore;

beforeAll(async () => {
  core = createTestCore();
  [server, apache] = await Promise.all([startAuthServer(), startApacheDigest()]);
}, 30_000);
afterAll(async () => {
  await Promise.all([server?.close(), apache?.close()]);
  core?.cleanup();
});

/** curl's status code for a request (the body is discarded). */
async function curl(args: string[]): Promise<number> {
  const { stdout } = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', '10', ...args]);
  return Number(stdout);
}

describe('the test servers accept curl', () => {
  const pw = `${SECRETS.user}:${SECRETS.password}`;
  it('curl --basic passes, a wrong password does not', async () => {
    expect(await curl(['--basic', '-u', pw, `${server.origin}/basic`])).toBe(200);
    expect(await curl(['--basic', '-u', `${SECRETS.user}:nope`, `${server.origin}/basic`])).toBe(401);
  });
  for (const q of ['', '?alg=MD5-sess', '?alg=SHA-256', '?alg=SHA-256-sess', '?qop=', '?alg=SHA-256&stale=1']) {
    it(`curl --digest passes /digest${q}`, async () => {
      expect(await curl(['--digest', '-u', pw, `${server.origin}/digest${q}`]), server.requests.at(-1)?.why).toBe(200);
    });
  }
  it('curl --digest with a wrong password is refused', async () => {
    expect(await curl(['--digest', '-u', `${SECRETS.user}:nope`, `${server.origin}/digest`])).toBe(401);
  });
  it('curl --aws-sigv4 passes (query already sorted: curl 7.88 does not sort it)', async () => {
    expect(await curl(['--aws-sigv4', `aws:amz:${SECRETS.region}:${SECRETS.service}`, '-u', `${SECRETS.accessKeyId}:${SECRETS.secretAccessKey}`, `${server.origin}/sigv4?a=1&b=2`]), server.requests.at(-1)?.why).toBe(200);
    expect(await curl(['--aws-sigv4', `aws:amz:${SECRETS.region}:${SECRETS.service}`, '-u', `${SECRETS.accessKeyId}:wrong`, `${server.origin}/sigv4`])).toBe(403);
  });
  it('curl --aws-sigv4 with a body passes', async () => {
    expect(await curl(['--aws-sigv4', `aws:amz:${SECRETS.region}:${SECRETS.service}`, '-u', `${SECRETS.accessKeyId}:${SECRETS.secretAccessKey}`, '-H', 'Content-Type: application/json', '--data-binary', '{"a":1}', `${server.origin}/sigv4`]), server.requests.at(-1)?.why).toBe(200);
  });
  it('curl --oauth2-bearer passes', async () => {
    expect(await curl(['--oauth2-bearer', SECRETS.token, `${server.origin}/bearer`])).toBe(200);
    expect(await curl(['--oauth2-bearer', 'nope', `${server.origin}/bearer`])).toBe(401);
  });
});

describe('Certdesk against Apache httpd mod_auth_digest (MD5)', () => {
  const test = async (password: string, path: string): Promise<AuthTestResult> => {
    const r = await core.services['auth.test']({ request: { url: `${apache.origin}${path}` }, credential: { scheme: 'digest', fields: { user: APACHE_USER }, secrets: { password } } });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };
  it('authenticates, the uri being the exact request target (path and query)', async () => {
    expect(await curl(['--digest', '-u', `${APACHE_USER}:${APACHE_PASSWORD}`, `${apache.origin}/me.json`])).toBe(200);
    const r = await test(APACHE_PASSWORD, '/me.json?x=1&y=a%20b');
    expect(r.verdict, apache.errorLog()).toBe('authenticated');
    expect(r.response?.bodyPreview).toContain('"user": "alice"');
    expect(r.request.headers.find((h) => h.name === 'Authorization')?.value).toContain('uri="/me.json?x=1&y=a%20b"');
    expect(r.signing?.algorithm).toBe('MD5, qop auth');
  });
  it('a wrong password is rejected, and the challenge explained', async () => {
    const r = await test('wrong password', '/me.json');
    expect(r.verdict).toBe('rejected');
    expect(r.challenge?.explanation).toMatch(/^The server asks for Digest \(realm "certdesk apache", MD5, qop auth\); you sent Digest, and it was refused/);
    expect(apache.errorLog()).toMatch(/password mismatch/);
  });
});
