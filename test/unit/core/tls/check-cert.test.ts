/**
 * Certificate verdicts against real TLS servers on 127.0.0.1 with certificates made by openssl at
 * test time; every verdict is cross-checked with `openssl s_client -verify_return_error`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TlsCheckResult } from '../../../../shared/contract/tls-result.js';
import { tlsReport } from '../../../../shared/tls-report.js';
import { checkTls, type TlsCheckOptions } from '../../../../electron/core/tls/check.js';
import { parseTarget } from '../../../../electron/core/tls/target.js';
import { asnDate, issueLeaf, makeTestCa, selfSignedLeaf, type TestCa } from '../../../servers/tls-pki.js';
import { opensslVerify, type Running, startNodeTls } from '../../../servers/tls-servers.js';
import { tempDir, type TempDir } from '../pki/helpers.js';

let tmp: TempDir;
let ca: TestCa;
const servers: Running[] = [];
const ports: Record<string, number> = {};

const read = (f: string) => readFileSync(join(tmp.dir, f));

async function serve(name: string, certFile: string, keyFile: string, extra: object = {}): Promise<void> {
  const s = await startNodeTls({ cert: read(certFile), key: read(keyFile), ...extra });
  servers.push(s);
  ports[name] = s.port;
}

beforeAll(async () => {
  tmp = tempDir('certdesk-tls-');
  ca = makeTestCa(tmp.dir);
  const san = 'DNS:localhost,DNS:ok.test,IP:127.0.0.1';
  const ok = issueLeaf(ca, 'ok', { san });
  await serve('ok', ok.chain, ok.key);
  issueLeaf(ca, 'v6', { san: 'IP:::1' });
  const wrong = issueLeaf(ca, 'other', { san: 'DNS:other.test,DNS:www.other.test' });
  await serve('wrongName', wrong.chain, wrong.key);
  const self = selfSignedLeaf(tmp.dir, 'self', san);
  await serve('self', self.cert, self.key);
  const expired = issueLeaf(ca, 'expired', { san, start: asnDate(-400), end: asnDate(-10) });
  await serve('expired', expired.chain, expired.key);
  const future = issueLeaf(ca, 'future', { san, start: asnDate(5), end: asnDate(300) });
  await serve('future', future.chain, future.key);
  const soon = issueLeaf(ca, 'soon', { san, days: 10 });
  await serve('soon', soon.chain, soon.key);
  // A 1024-bit key: the Node server needs security level 0 to even load it.
  const weak = issueLeaf(ca, 'weak', { san, rsaBits: 1024 });
  await serve('weak', weak.chain, weak.key, { ciphers: 'DEFAULT@SECLEVEL=0' });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  tmp.cleanup();
});

const opts = (): TlsCheckOptions => ({ trust: { kind: 'ca-files', pems: [read(ca.root)] }, timeoutMs: 8000, proxy: null });
const check = (port: number, host = 'localhost', extra: Partial<TlsCheckOptions> = {}) => checkTls(parseTarget(`${host}:${port}`), { ...opts(), ...extra });
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);
const oracle_ = (port: number, name = 'localhost') => opensslVerify(tmp.dir, port, name, ca.root);
const oracle = (port: number, name = 'localhost') => opensslVerify(tmp.dir, port, name, ca.root);

describe('checkTls: certificate verdicts', () => {
  it('a valid chain to the given root is ok, with timings, chain facts and the path', async () => {
    const r = await check(ports['ok'] ?? 0);
    expect(codes(r)).toEqual(['ok']);
    expect(r.ok).toBe(true);
    expect(r.protocol).toBe('TLSv1.3');
    expect(r.cipher).toMatch(/^TLS_/);
    expect(r.chain.map((c) => c.subject)).toEqual(['O=Certdesk Test, CN=ok', 'O=Certdesk Test, CN=Certdesk Test Intermediate']);
    expect(r.chainOrder).toBe('ok');
    expect(r.path).toMatchObject({ trusted: true, subjects: ['O=Certdesk Test, CN=ok', 'O=Certdesk Test, CN=Certdesk Test Intermediate', 'CN=Certdesk Test Root, O=Certdesk Test'] });
    expect(r.addresses).toContain('127.0.0.1');
    expect(r.timings.dns).toBeGreaterThanOrEqual(0);
    expect(r.timings.connect).toBeGreaterThanOrEqual(0);
    expect(r.timings.tls).toBeGreaterThan(0);
    expect(r.timings.total).toBeGreaterThanOrEqual(r.timings.tls ?? 0);
    expect(r.trustUsed).toBe('CA file (1 certificate)');
    expect(r.chainPem).toContain('BEGIN CERTIFICATE');
    // The result is what the contract's schema says, and reads as a ticket report.
    expect(TlsCheckResult.parse(r)).toEqual(r);
    expect(tlsReport(r, 'text')).toContain('INFO ok:');
    expect((await oracle(ports['ok'] ?? 0)).status).toBe(0);
  });

  it('an https URL also reports the HTTP status and first-byte time', async () => {
    const r = await checkTls(parseTarget(`https://localhost:${ports['ok'] ?? 0}/health`), opts());
    expect(r.httpStatus).toBe(200);
    expect(r.timings.firstByte).toBeGreaterThanOrEqual(0);
  });

  it('by IP: ok when the IP is in the SAN', async () => {
    const r = await check(ports['ok'] ?? 0, '127.0.0.1');
    expect(codes(r)).toEqual(['ok']);
    expect((await oracle(ports['ok'] ?? 0, '127.0.0.1')).status).toBe(0);
  });

  it('by IPv6 address in brackets, served on ::1', async () => {
    const s = await startNodeTls({ cert: read('v6-chain.pem'), key: read('v6.key'), host: '::1' });
    servers.push(s);
    const r = await checkTls(parseTarget(`[::1]:${s.port}`), opts());
    expect(codes(r)).toEqual(['ok']);
    expect(r.target).toBe(`[::1]:${s.port}`);
    expect(r.addresses).toEqual(['::1']);
    expect(r.timings.dns).toBeUndefined();
  });

  it('an https URL on a TLS service that never answers HTTP: the certificate is still judged, with a timeout warning', async () => {
    const s = await startNodeTls({ cert: read('ok-chain.pem'), key: read('ok.key'), silentHttp: true });
    servers.push(s);
    const r = await checkTls(parseTarget(`https://localhost:${s.port}/`), { ...opts(), timeoutMs: 2000 });
    expect(codes(r)).toEqual(['timeout']);
    expect(r.findings[0]?.severity).toBe('warning');
    expect(r.chain).toHaveLength(2);
    expect(r.ok).toBe(true);
    expect(r.timings.total).toBeLessThan(2100);
  });

  it('hostname-mismatch names the certificate\'s names and the name used', async () => {
    const r = await check(ports['wrongName'] ?? 0);
    const f = r.findings.find((x) => x.code === 'hostname-mismatch');
    expect(f?.severity).toBe('error');
    expect(f?.message).toContain('dns:other.test, dns:www.other.test');
    expect(f?.message).toContain('not for localhost');
    expect(r.ok).toBe(false);
    expect((await oracle(ports['wrongName'] ?? 0)).status).not.toBe(0);
  });

  it('hostname-mismatch by IP says the IP is not an IP SAN and suggests the host name', async () => {
    const r = await check(ports['wrongName'] ?? 0, '127.0.0.1');
    const f = r.findings.find((x) => x.code === 'hostname-mismatch');
    expect(f?.message).toContain('IP address 127.0.0.1');
    expect(f?.fix).toContain('host names');
    expect((await oracle(ports['wrongName'] ?? 0, '127.0.0.1')).status).not.toBe(0);
  });

  it('self-signed', async () => {
    const r = await check(ports['self'] ?? 0);
    expect(codes(r)).toEqual(['self-signed']);
    expect((await oracle(ports['self'] ?? 0)).status).not.toBe(0);
    // …and trusted when that very certificate is the CA file.
    const trusted = await check(ports['self'] ?? 0, 'localhost', { trust: { kind: 'ca-files', pems: [read('self.pem')] } });
    expect(codes(trusted)).toEqual(['ok']);
  });

  it('untrusted-root when the chain ends at a root the trust source lacks (Node bundled roots)', async () => {
    const r = await check(ports['ok'] ?? 0, 'localhost', { trust: { kind: 'bundled' } });
    expect(codes(r)).toContain('incomplete-chain');
    expect(r.trustUsed).toMatch(/bundled Mozilla roots/);
    // The server sends leaf + intermediate: with the root served as well, the finding is untrusted-root.
    const s = await startNodeTls({ cert: Buffer.concat([read('ok-chain.pem'), read(ca.root)]), key: read('ok.key') });
    servers.push(s);
    const r2 = await check(s.port, 'localhost', { trust: { kind: 'bundled' } });
    expect(codes(r2)).toEqual(['untrusted-root']);
    expect(r2.findings[0]?.message).toContain('Certdesk Test Root');
    expect((await opensslVerify(tmp.dir, s.port, 'localhost', '/etc/ssl/certs/ca-certificates.crt')).status).not.toBe(0);
  });

  it('expired, not-yet-valid and expiring-soon (threshold is a parameter)', async () => {
    const expired = await check(ports['expired'] ?? 0);
    expect(codes(expired)).toEqual(['expired']);
    expect(expired.findings[0]?.message).toMatch(/^The server certificate expired on/);
    expect((await oracle(ports['expired'] ?? 0)).output).toMatch(/certificate has expired/);
    const future = await check(ports['future'] ?? 0);
    expect(codes(future)).toEqual(['not-yet-valid']);
    expect((await oracle(ports['future'] ?? 0)).output).toMatch(/certificate is not yet valid/);
    const soon = await check(ports['soon'] ?? 0);
    expect(codes(soon)).toEqual(['expiring-soon']);
    expect(soon.findings[0]?.severity).toBe('warning');
    expect(soon.ok).toBe(true);
    expect((await oracle(ports['soon'] ?? 0)).status).toBe(0);
    expect(codes(await check(ports['soon'] ?? 0, 'localhost', { expiringSoonDays: 5 }))).toEqual(['ok']);
  });

  it('weak-key: a 1024-bit RSA leaf that Node accepts silently is an error', async () => {
    const r = await check(ports['weak'] ?? 0);
    expect(codes(r)).toContain('weak-key');
    expect(r.findings.find((f) => f.code === 'weak-key')?.message).toContain('1024 bits');
    expect(r.ok).toBe(false);
    const oracle = await oracle_(ports['weak'] ?? 0);
    expect(oracle.status).not.toBe(0);
    expect(oracle.output).toMatch(/EE certificate key too weak/);
  });
});
