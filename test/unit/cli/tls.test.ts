/**
 * `certdesk tls check|scan|agent-check` as a user runs them (the built CLI) against scenario servers
 * on loopback; each verdict is cross-checked with `openssl s_client -verify_return_error`.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TlsCheckResult } from '../../../shared/contract/tls-result.js';
import type { TlsScanOutput } from '../../../shared/contract/tls.js';
import { runCertdesk } from '../../helpers/cli.js';
import { asnDate, issueLeaf, makeTestCa, type TestCa } from '../../servers/tls-pki.js';
import { opensslVerify, type Running, startNodeTls } from '../../servers/tls-servers.js';
import { keytool, openssl, tempDir, type TempDir } from '../core/pki/helpers.js';

let tmp: TempDir;
let ca: TestCa;
let healthy: Running;
let expired: Running;
let otherName: Running;
const p = (f: string) => join(tmp.dir, f);
const read = (f: string) => readFileSync(p(f));

/** openssl's own verdict on the same server, with the same root and host name. */
const opensslVerifies = async (port: number, host = 'localhost'): Promise<boolean> => (await opensslVerify(tmp.dir, port, host, ca.root)).status === 0;

beforeAll(async () => {
  tmp = tempDir('certdesk-cli-tls-');
  ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'server', { san: 'DNS:localhost' });
  issueLeaf(ca, 'old', { san: 'DNS:localhost', start: asnDate(-400), end: asnDate(-5) });
  issueLeaf(ca, 'elsewhere', { san: 'DNS:elsewhere.test' });
  keytool(tmp.dir, ['-importcert', '-noprompt', '-storetype', 'PKCS12', '-keystore', 'trust.p12', '-storepass:env', 'SP', '-alias', 'root', '-file', ca.root], { env: { SP: 'trust-pass' } });
  const serve = (n: string) => startNodeTls({ cert: read(`${n}-chain.pem`), key: read(`${n}.key`) });
  [healthy, expired, otherName] = await Promise.all([serve('server'), serve('old'), serve('elsewhere')]);
}, 120_000);

afterAll(async () => {
  await Promise.all([healthy, expired, otherName].map((s) => s?.close()));
  tmp?.cleanup();
});

describe('certdesk tls check', () => {
  it('exits 0 for a healthy server trusted through --ca, prints the verdict first, and --json gives the contract fields', async () => {
    const text = await runCertdesk(['tls', 'check', `localhost:${healthy.port}`, '--ca', p(ca.root)]);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toMatch(/^OK: localhost:\d+ presents a trusted certificate for localhost/);
    expect(text.stdout).toContain('Chain as served (order: ok)');
    expect(await opensslVerifies(healthy.port)).toBe(true);

    const json = await runCertdesk(['tls', 'check', `localhost:${healthy.port}`, '--ca', p(ca.root), '--json']);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.stdout) as TlsCheckResult;
    expect(r).toMatchObject({ target: `localhost:${healthy.port}`, ok: true, chainOrder: 'ok' });
    expect(r.findings[0]).toMatchObject({ code: 'ok', severity: 'info' });
    expect(r.protocol).toBe('TLSv1.3');
    expect(typeof r.cipher).toBe('string');
    expect(r.chain[0]?.subject).toBe('O=Certdesk Test, CN=server');
    expect(Object.keys(r.timings)).toEqual(expect.arrayContaining(['connect', 'tls', 'total']));
  });

  it('trusts through a Java trust store with --truststore and --storepass-env, and saves the chain', async () => {
    const r = await runCertdesk(['tls', 'check', `localhost:${healthy.port}`, '--truststore', p('trust.p12'), '--storepass-env', 'TSP', '--save-chain', p('saved.pem')], { env: { TSP: 'trust-pass' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`chain saved: ${p('saved.pem')} (2 certificates)`);
    expect(openssl(tmp.dir, ['verify', '-CAfile', ca.root, '-untrusted', 'saved.pem', 'saved.pem']).stdout).toContain('OK');
  });

  it('exits 1 for an expired certificate and for a host name mismatch, as openssl refuses them', async () => {
    const old = await runCertdesk(['tls', 'check', `localhost:${expired.port}`, '--ca', p(ca.root), '--json']);
    expect(old.code).toBe(1);
    expect((JSON.parse(old.stdout) as TlsCheckResult).findings[0]?.code).toBe('expired');
    expect(await opensslVerifies(expired.port)).toBe(false);

    const name = await runCertdesk(['tls', 'check', `localhost:${otherName.port}`, '--ca', p(ca.root)]);
    expect(name.code).toBe(1);
    expect(name.stdout.split('\n')[0]).toMatch(/^ERROR: .*elsewhere\.test/);
    expect(name.stdout).toMatch(/^fix: /m);
    expect(await opensslVerifies(otherName.port)).toBe(false);
  });

  it('exits 2 for bad input: a target that is none, an unknown STARTTLS, a timeout out of range, a missing CA file', async () => {
    for (const args of [
      ['tls', 'check', 'http://example.com'],
      ['tls', 'check', 'localhost:1', '--starttls', 'ftp'],
      ['tls', 'check', 'localhost:1', '--timeout', '0'],
      ['tls', 'check', 'localhost:1', '--ca', p('missing.pem')],
      ['tls', 'check', 'localhost:1', '--proxy', 'http://p:1', '--no-proxy'],
    ]) {
      const r = await runCertdesk(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^certdesk: /);
    }
  });
});

describe('certdesk tls scan', () => {
  it('checks three targets and prints one object per target with --json, errors first', async () => {
    writeFileSync(p('targets.txt'), `# endpoints\nlocalhost:${healthy.port}\nlocalhost:${expired.port}\nlocalhost:${otherName.port} # wrong name\n`);
    const r = await runCertdesk(['tls', 'scan', p('targets.txt'), '--ca', p(ca.root), '--concurrency', '3', '--json']);
    expect(r.code).toBe(1);
    const v = JSON.parse(r.stdout) as TlsScanOutput;
    expect(v.checked).toBe(3);
    expect(v.rows.map((x) => x.code)).toEqual(['expired', 'hostname-mismatch', 'ok']);
    expect(v.rows.map((x) => x.result?.target)).toEqual([`localhost:${expired.port}`, `localhost:${otherName.port}`, `localhost:${healthy.port}`]);

    const text = await runCertdesk(['tls', 'scan', p('targets.txt'), '--ca', p(ca.root)]);
    expect(text.stdout).toMatch(/^STATUS\s+TARGET\s+DAYS\s+CODE/);
    expect(text.stdout).toContain('3 checked: 2 with errors, 0 with warnings.');
  });
});

describe('certdesk tls agent-check', () => {
  it('exits 1 with "restart it" while the agent serves another certificate than its keystore holds, 0 once they match', async () => {
    const home = p('agent');
    mkdirSync(home);
    cpSync(join(import.meta.dirname, '../../fixtures/agent/linux/conf'), join(home, 'conf'), { recursive: true });
    const ks = join(home, 'conf', '.keystore');
    const env = { SP: 'agent-pass' };
    keytool(tmp.dir, ['-genkeypair', '-alias', 'new', '-keyalg', 'EC', '-dname', 'CN=localhost', '-keystore', ks, '-storetype', 'JKS', '-storepass:env', 'SP', '-keypass:env', 'SP'], { env });
    const args = ['tls', 'agent-check', home, '--endpoint', `https://localhost:${healthy.port}`, '--storepass-env', 'SP'];
    const stale = await runCertdesk(args, { env });
    expect(stale.code).toBe(1);
    expect(stale.stdout.split('\n')[0]).toContain('the agent still serves the old certificate');
    expect(stale.stdout).toMatch(/^fix: Restart the agent/m);

    openssl(tmp.dir, ['pkcs12', '-export', '-in', 'server.pem', '-inkey', 'server.key', '-out', 'server.p12', '-passout', 'pass:agent-pass', '-name', 'current']);
    keytool(tmp.dir, ['-importkeystore', '-noprompt', '-srckeystore', 'server.p12', '-srcstoretype', 'PKCS12', '-srcstorepass:env', 'SP', '-destkeystore', ks, '-deststoretype', 'JKS', '-deststorepass:env', 'SP'], { env });
    keytool(tmp.dir, ['-delete', '-alias', 'new', '-keystore', ks, '-storepass:env', 'SP'], { env });
    const fine = await runCertdesk([...args, '--json'], { env });
    expect(fine.code).toBe(0);
    expect(JSON.parse(fine.stdout)).toMatchObject({ verdict: { code: 'serves-expected-certificate' } });
  });
});
