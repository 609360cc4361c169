/** Through a real HTTP CONNECT proxy (tinyproxy), and STARTTLS for SMTP, IMAP and POP3. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTls, type TlsCheckOptions } from '../../../../electron/core/tls/check.js';
import { bypassesProxy } from '../../../../electron/core/tls/proxy.js';
import { parseTarget } from '../../../../electron/core/tls/target.js';
import { startMailServer } from '../../../servers/starttls-server.js';
import { type Proxy, startTinyproxy } from '../../../servers/tinyproxy.js';
import { issueLeaf, makeTestCa, type TestCa } from '../../../servers/tls-pki.js';
import { closedPort, plainSmtp, type Running, startNodeTls } from '../../../servers/tls-servers.js';
import { tempDir, type TempDir } from '../pki/helpers.js';

let tmp: TempDir;
let ca: TestCa;
let proxy: Proxy;
let server: Running;
const servers: Running[] = [];
const read = (f: string) => readFileSync(join(tmp.dir, f));

beforeAll(async () => {
  tmp = tempDir('certdesk-tls-proxy-');
  ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'server', { san: 'DNS:localhost,DNS:mail.test' });
  server = await startNodeTls({ cert: read('server-chain.pem'), key: read('server.key') });
  servers.push(server);
  proxy = await startTinyproxy(tmp.dir);
  servers.push(proxy);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  tmp.cleanup();
});

const opts = (): TlsCheckOptions => ({ trust: { kind: 'ca-files', pems: [read(ca.root)] }, timeoutMs: 8000 });
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('checkTls through an HTTP proxy', () => {
  it('an explicit proxy: CONNECT carries the host as given, the proxy resolves it', async () => {
    const r = await checkTls(parseTarget(`localhost:${server.port}`), { ...opts(), proxy: `http://127.0.0.1:${proxy.port}` });
    expect(codes(r)).toEqual(['ok']);
    expect(r.proxy).toBe(`http://127.0.0.1:${proxy.port}`);
    expect(r.addresses).toEqual([]);
    expect(r.timings.dns).toBeUndefined();
    expect(proxy.log()).toContain(`CONNECT localhost:${server.port}`);
  });

  it('HTTPS_PROXY from the environment is honoured, NO_PROXY exempts, null means none', async () => {
    const env = { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` };
    const via = await checkTls(parseTarget(`127.0.0.1:${server.port}`), { ...opts(), servername: 'localhost', env });
    expect(via.proxy).toBe(`http://127.0.0.1:${proxy.port}`);
    expect(proxy.log()).toContain(`CONNECT 127.0.0.1:${server.port}`);
    const exempt = await checkTls(parseTarget(`localhost:${server.port}`), { ...opts(), env: { ...env, NO_PROXY: 'example.com,localhost' } });
    expect(exempt.proxy).toBeUndefined();
    expect(codes(exempt)).toEqual(['ok']);
    const none = await checkTls(parseTarget(`localhost:${server.port}`), { ...opts(), env, proxy: null });
    expect(none.proxy).toBeUndefined();
    expect(bypassesProxy({ host: 'a.corp.example', port: 443 }, '.corp.example')).toBe(true);
    expect(bypassesProxy({ host: 'corp.example', port: 443 }, '*.corp.example')).toBe(true);
    expect(bypassesProxy({ host: 'x.test', port: 8443 }, 'x.test:443')).toBe(false);
  });

  it('proxy-failure when the proxy cannot be reached, or cannot reach the target', async () => {
    const dead = await closedPort();
    const r = await checkTls(parseTarget(`localhost:${server.port}`), { ...opts(), proxy: `http://127.0.0.1:${dead}` });
    expect(codes(r)).toEqual(['proxy-failure']);
    const unreachable = await checkTls(parseTarget(`localhost:${dead}`), { ...opts(), proxy: `http://127.0.0.1:${proxy.port}` });
    expect(codes(unreachable)).toEqual(['proxy-failure']);
    expect(unreachable.findings[0]?.message).toMatch(/refused to connect to localhost:\d+: HTTP\/1\.\d 5\d\d/);
  });
});

function opensslStarttls(protocol: string, port: number): Promise<{ status: number; output: string }> {
  return new Promise((resolve) => {
    const proc = spawn('openssl', ['s_client', '-starttls', protocol, '-connect', `127.0.0.1:${port}`, '-verify_return_error', '-verify_hostname', 'mail.test', '-CAfile', ca.root], { cwd: tmp.dir });
    let output = '';
    proc.stdout.on('data', (d: Buffer) => { output += d.toString(); });
    proc.stderr.on('data', (d: Buffer) => { output += d.toString(); });
    proc.once('exit', (code) => resolve({ status: code ?? -1, output }));
    proc.stdin.on('error', () => undefined); // s_client may be gone before it reads: not a failure
    proc.stdin.end('Q\n');
  });
}

describe('checkTls with STARTTLS', () => {
  it.each(['smtp', 'imap', 'pop3'] as const)('%s: upgrades the session and judges the certificate (openssl -starttls agrees)', async (protocol) => {
    const mail = await startMailServer(protocol, { cert: read('server-chain.pem'), key: read('server.key') });
    servers.push(mail);
    const r = await checkTls(parseTarget(`127.0.0.1:${mail.port}`), { ...opts(), proxy: null, starttls: protocol, servername: 'mail.test' });
    expect(codes(r)).toEqual(['ok']);
    expect(r.chain[0]?.subject).toContain('CN=server');
    const oracle = await opensslStarttls(protocol, mail.port);
    expect(oracle.output).toContain('Verification: OK');
  });

  it('starttls-failure when the server refuses; timeout on a TLS port that waits; plaintext-server when STARTTLS is forgotten', async () => {
    const refusing = await plainSmtp();
    servers.push(refusing);
    const no = await checkTls(parseTarget(`127.0.0.1:${refusing.port}`), { ...opts(), proxy: null, starttls: 'smtp' });
    expect(codes(no)).toEqual(['starttls-failure']);
    expect(no.findings[0]?.message).toContain('500 5.5.1');
    const r = await checkTls(parseTarget(`localhost:${server.port}`), { ...opts(), proxy: null, starttls: 'smtp', timeoutMs: 1500 });
    expect(codes(r)).toEqual(['timeout']);
    const mail = await startMailServer('smtp', { cert: read('server-chain.pem'), key: read('server.key') });
    servers.push(mail);
    const plain = await checkTls(parseTarget(`127.0.0.1:${mail.port}`), { ...opts(), proxy: null });
    expect(codes(plain)).toEqual(['plaintext-server']);
    expect(plain.findings[0]?.fix).toContain('STARTTLS');
  });
});
