/** Failures on the way to a certificate: each a verdict with its code, within the deadline. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTls, type TlsCheckOptions } from '../../../../electron/core/tls/check.js';
import { parseTarget } from '../../../../electron/core/tls/target.js';
import { issueLeaf, makeTestCa, type TestCa } from '../../../servers/tls-pki.js';
import {
  closedPort, closesMidHandshake, garbage, opensslVerify, plainHttp, plainSmtp, type Running, silent, startNodeTls, startOpenssl, trickle,
} from '../../../servers/tls-servers.js';
import { tempDir, type TempDir } from '../pki/helpers.js';

let tmp: TempDir;
let ca: TestCa;
const servers: Running[] = [];
const started = async <T extends Running>(p: Promise<T>): Promise<T> => {
  const s = await p;
  servers.push(s);
  return s;
};

beforeAll(() => {
  tmp = tempDir('certdesk-tls-net-');
  ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'ok', { san: 'DNS:localhost,IP:127.0.0.1' });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  tmp.cleanup();
});

const opts = (timeoutMs = 5000): TlsCheckOptions => ({ trust: { kind: 'ca-files', pems: [readFileSync(join(tmp.dir, ca.root))] }, timeoutMs, proxy: null });
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('checkTls: the way there and the handshake', () => {
  it('connection-refused on a closed port', async () => {
    const port = await closedPort();
    const r = await checkTls(parseTarget(`127.0.0.1:${port}`), opts());
    expect(codes(r)).toEqual(['connection-refused']);
    expect(r.findings[0]?.message).toContain(`127.0.0.1:${port} refused`);
  });

  it('dns-failure on a name under .invalid', async () => {
    const r = await checkTls(parseTarget('no-such-host.invalid:443'), opts());
    expect(codes(r)).toEqual(['dns-failure']);
    expect(r.findings[0]?.message).toContain('no-such-host.invalid');
  });

  it('timeout: a server that accepts and never answers', async () => {
    const s = await started(silent());
    const t0 = performance.now();
    const r = await checkTls(parseTarget(`127.0.0.1:${s.port}`), opts(1500));
    const took = performance.now() - t0;
    expect(codes(r)).toEqual(['timeout']);
    expect(took).toBeGreaterThanOrEqual(1400);
    expect(took).toBeLessThan(2500);
  });

  it('timeout: a server trickling a byte a second cannot keep the check alive past its deadline', async () => {
    const s = await started(trickle());
    const t0 = performance.now();
    const r = await checkTls(parseTarget(`127.0.0.1:${s.port}`), opts(2500));
    expect(codes(r)).toEqual(['timeout']);
    expect(performance.now() - t0).toBeLessThan(3500);
  });

  it('cancel stops the check at once', async () => {
    const s = await started(silent());
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const t0 = performance.now();
    const r = await checkTls(parseTarget(`127.0.0.1:${s.port}`), { ...opts(10_000), signal: ac.signal });
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(r.findings[0]?.message).toMatch(/cancelled/);
  });

  it('plaintext-server: a plain HTTP port, with the suggestion to use http://', async () => {
    const s = await started(plainHttp());
    const r = await checkTls(parseTarget(`127.0.0.1:${s.port}`), opts());
    expect(codes(r)).toEqual(['plaintext-server']);
    expect(r.findings[0]?.message).toContain('HTTP/1.1 400 Bad Request');
    expect(r.findings[0]?.fix).toContain('http://');
  });

  it('plaintext-server: an SMTP port without TLS', async () => {
    const s = await started(plainSmtp());
    const r = await checkTls(parseTarget(`127.0.0.1:${s.port}`), opts());
    expect(codes(r)).toEqual(['plaintext-server']);
    expect(r.findings[0]?.message).toContain('220 mail.test ESMTP');
    expect(r.findings[0]?.fix).toContain('STARTTLS');
  });

  it('handshake-failure with the decoded alert (no shared cipher suite, openssl s_server)', async () => {
    const s = await started(startOpenssl(tmp.dir, ['-cert', 'ok.pem', '-key', 'ok.key', '-tls1_3', '-ciphersuites', 'TLS_AES_128_CCM_8_SHA256', '-www']));
    const r = await checkTls(parseTarget(`localhost:${s.port}`), opts());
    expect(codes(r)).toEqual(['handshake-failure']);
    expect(r.findings[0]?.message).toContain('handshake_failure');
    expect((await opensslVerify(tmp.dir, s.port, 'localhost', ca.root)).status).not.toBe(0);
  });

  it('handshake-failure with the decoded alert (ALPN refused)', async () => {
    const s = await started(startNodeTls({ cert: readFileSync(join(tmp.dir, 'ok-chain.pem')), key: readFileSync(join(tmp.dir, 'ok.key')), ALPNProtocols: ['h2'] }));
    const r = await checkTls(parseTarget(`localhost:${s.port}`), { ...opts(), alpn: ['http/1.1'] });
    expect(codes(r)).toEqual(['handshake-failure']);
    expect(r.findings[0]?.message).toContain('no_application_protocol');
    const good = await checkTls(parseTarget(`localhost:${s.port}`), { ...opts(), alpn: ['h2', 'http/1.1'] });
    expect(good.alpn).toBe('h2');
  });

  it('garbage and a close mid-handshake give handshake-failure with the raw error, within the timeout', async () => {
    for (const server of [garbage(), closesMidHandshake()]) {
      const s = await started(server);
      const t0 = performance.now();
      const r = await checkTls(parseTarget(`127.0.0.1:${s.port}`), opts(3000));
      expect(codes(r)).toEqual(['handshake-failure']);
      expect(r.findings[0]?.message.length).toBeGreaterThan(30);
      expect(performance.now() - t0).toBeLessThan(3500);
    }
  });
});
