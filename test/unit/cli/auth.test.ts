/**
 * `certdesk auth …` as a user runs it (the built CLI) against the loopback auth servers: exit codes,
 * the --json shape, `--json @FILE` as a body beside `--json` as the output switch, secrets never on
 * stdout/stderr, and the printed curl command run for real with its environment variables set.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthRunRow, AuthTestResult } from '../../../shared/contract/auth.js';
import { runCertdesk } from '../../helpers/cli.js';
import { SECRETS, startAuthServer, type AuthServer } from '../../servers/auth-servers.js';

let server: AuthServer;
let forbidding: AuthServer;
let home: string;
const env = (): NodeJS.ProcessEnv => ({ CERTDESK_HOME: home, PW: SECRETS.password, TOK: SECRETS.hmacToken, SEC: SECRETS.hmacSecret, AWS_SECRET: SECRETS.secretAccessKey });
const auth = (args: string[]) => runCertdesk(['auth', ...args], { env: env() });
const basic = ['--scheme', 'basic', '--field', `user=${SECRETS.user}`, '--secret-env', 'password=PW'];
const noSecrets = (text: string): void => {
  for (const s of [SECRETS.password, SECRETS.hmacToken, SECRETS.hmacSecret, SECRETS.secretAccessKey, Buffer.from(`${SECRETS.user}:${SECRETS.password}`).toString('base64')]) expect(text).not.toContain(s);
};

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'certdesk-cli-auth-'));
  [server, forbidding] = await Promise.all([startAuthServer(), startAuthServer({ forbid: true })]);
});
afterAll(async () => {
  await Promise.all([server?.close(), forbidding?.close()]);
  rmSync(home, { recursive: true, force: true });
});

describe('certdesk auth test', () => {
  it('exit 0 for authenticated; the verdict first, the masked request after; --json has the contract fields', async () => {
    const text = await auth(['test', `${server.origin}/basic`, ...basic]);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^AUTHENTICATED {2}200 {2}basic {2}\d+ ms$/);
    expect(text.stdout).toContain('> Authorization: Basic ****');
    noSecrets(text.stdout + text.stderr);

    const json = await auth(['test', `${server.origin}/basic`, ...basic, '--json']);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout) as AuthTestResult;
    expect(r).toMatchObject({ verdict: 'authenticated', status: 200, scheme: 'basic', request: { method: 'GET', url: `${server.origin}/basic` }, response: { status: 200 } });
    expect(Object.keys(r.timings)).toEqual(expect.arrayContaining(['totalMs', 'firstByteMs', 'connectMs']));
    expect(r.response?.bodyPreview).toContain('"ok": true');
    expect(Array.isArray(r.request.headers) && Array.isArray(r.response?.headers)).toBe(true);
    noSecrets(json.stdout);
  });

  it('exit 1 for rejected (challenge explained) and for forbidden', async () => {
    const bad = await runCertdesk(['auth', 'test', `${server.origin}/basic`, ...basic], { env: { ...env(), PW: 'not-the-password' } });
    expect(bad.code).toBe(1);
    expect(bad.stdout.split('\n')[0]).toMatch(/^REJECTED {2}401/);
    expect(bad.stdout).toContain('The server asks for Basic (realm "certdesk-test"); you sent Basic, and it was refused');
    expect(bad.stdout).not.toContain('not-the-password');
    const denied = await auth(['test', `${forbidding.origin}/basic`, ...basic]);
    expect(denied.code).toBe(1);
    expect(denied.stdout.split('\n')[0]).toMatch(/^FORBIDDEN {2}403/);
  });

  it('--json @FILE is the body (hmac-body signs it); a bare --json still switches the output to JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'certdesk-body-'));
    try {
      writeFileSync(join(dir, 'event.json'), '{"event":"ping"}');
      const hmac = ['--scheme', 'hmac-body', '--secret-env', 'token=TOK', '--secret-env', 'secret=SEC'];
      const text = await auth(['test', `${server.origin}/hmac-body`, ...hmac, '--json', `@${join(dir, 'event.json')}`, '--show-signing']);
      expect(text.code, text.stdout + text.stderr).toBe(0);
      expect(text.stdout.startsWith('AUTHENTICATED')).toBe(true);
      expect(text.stdout).toMatch(/string to sign:\n {2}POST\n {2}\S+==\n {2}application\/json\n/);
      const got = server.requests.at(-1);
      expect(got).toMatchObject({ method: 'POST', body: '{"event":"ping"}' });
      expect(got?.headers['content-type']).toBe('application/json');

      const both = await auth(['test', `${server.origin}/hmac-body`, ...hmac, '--json', `@${join(dir, 'event.json')}`, '--json']);
      expect(both.code).toBe(0);
      expect((JSON.parse(both.stdout) as AuthTestResult).signing?.scheme).toBe('hmac-body');
      noSecrets(text.stdout + both.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exit 2 for bad input: a secret as a plain --field, an unset variable, a host outside --allowed-host', async () => {
    const plain = await auth(['test', `${server.origin}/basic`, '--scheme', 'basic', '--field', 'user=alice', '--field', 'password=typed-in-clear']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('The field "password" is secret: give it with --secret-env password=VAR');
    expect(plain.stderr).not.toContain('typed-in-clear');
    const unset = await auth(['test', `${server.origin}/basic`, '--scheme', 'basic', '--field', 'user=alice', '--secret-env', 'password=NOT_SET_ANYWHERE']);
    expect(unset.code).toBe(2);
    const before = server.requests.length;
    const host = await auth(['test', `${server.origin}/basic`, ...basic, '--allowed-host', 'api.example.com']);
    expect(host.code).toBe(2);
    expect(host.stderr).toMatch(/may not be sent to 127\.0\.0\.1:\d+.*Nothing was sent\./);
    expect(server.requests.length).toBe(before);
    const neither = await auth(['test', `${server.origin}/basic`]);
    expect(neither.code).toBe(2);
  });

  it('digest: --show-signing prints what was hashed, never the password', async () => {
    const r = await auth(['test', `${server.origin}/digest?alg=SHA-256`, '--scheme', 'digest', '--field', `user=${SECRETS.user}`, '--secret-env', 'password=PW', '--show-signing']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('signing: digest (SHA-256, qop auth)');
    expect(r.stdout).toContain(`A1 = ${SECRETS.user}:certdesk-test:****`);
    expect(r.stdout).toMatch(/string to sign:\n {2}H\(A1\):/);
    noSecrets(r.stdout);
  });

  it('--curl prints a command without the secret; run with its variables set, it passes the same server', async () => {
    for (const [path, args, vars] of [
      ['/basic', basic, { CERTDESK_PASSWORD: SECRETS.password }],
      ['/sigv4?b=2&a=1', ['--scheme', 'aws-sigv4', '--field', `accessKeyId=${SECRETS.accessKeyId}`, '--field', `region=${SECRETS.region}`, '--field', `service=${SECRETS.service}`, '--secret-env', 'secretAccessKey=AWS_SECRET'], { AWS_SECRET_ACCESS_KEY: SECRETS.secretAccessKey }],
    ] as const) {
      const r = await auth(['test', `${server.origin}${path}`, ...args, '--curl']);
      expect(r.code, r.stdout).toBe(0);
      noSecrets(r.stdout);
      const command = r.stdout.split('\n').find((l) => l.startsWith('curl '));
      expect(command).toBeDefined();
      const setFirst = r.stdout.split('\n').find((l) => l.startsWith('set first: ')) ?? '';
      for (const name of Object.keys(vars)) expect(setFirst).toContain(name);
      const { stdout } = await promisify(execFile)('sh', ['-c', `${command ?? ''} -s -o /dev/null -w '%{http_code}'`], { env: { PATH: process.env['PATH'], ...vars } });
      expect(stdout, server.requests.at(-1)?.why).toBe('200');
    }
  });
});

describe('saved tests: certdesk auth save / tests / run-all / remove', () => {
  it('saves, lists, runs all (exit 1 unless every one authenticates) and removes', async () => {
    expect((await auth(['save', 'open one', `${server.origin}/none`])).code).toBe(0);
    expect((await auth(['save', 'closed', `${server.origin}/basic`])).code).toBe(0);
    const dup = await auth(['save', 'open one', `${server.origin}/none`]);
    expect(dup.code).toBe(2);
    const list = await auth(['tests']);
    expect(list.stdout).toMatch(/NAME\s+CREDENTIAL\s+REQUEST\s+LAST RESULT/);
    expect(list.stdout).toContain('never run');
    const all = await auth(['run-all', '--json']);
    expect(all.code).toBe(1);
    const rows = (JSON.parse(all.stdout) as { rows: AuthRunRow[] }).rows;
    expect(rows.map((r) => [r.name, r.verdict])).toEqual([['closed', 'rejected'], ['open one', 'authenticated']]);
    const one = await auth(['run-all', 'open one']);
    expect(one.code).toBe(0);
    expect(one.stdout).toContain('1 run: 1 authenticated');
    expect((await auth(['remove', 'closed'])).code).toBe(0);
    expect((await auth(['remove', 'closed'])).code).toBe(2);
    expect((await auth(['tests'])).stdout).toContain('AUTHENTICATED 200');
  });
});
