/** The chain as served: a missing intermediate (fetched over AIA when allowed) and the served order. */
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TlsCheckResult } from '../../../../shared/contract/tls-result.js';
import { checkTls, type TlsCheckOptions } from '../../../../electron/core/tls/check.js';
import { compareServedCertificate } from '../../../../electron/core/tls/served-vs-expected.js';
import { parseTarget } from '../../../../electron/core/tls/target.js';
import { issueLeaf, makeTestCa, type TestCa } from '../../../servers/tls-pki.js';
import { opensslVerify, plainHttp, type Running, startNodeTls } from '../../../servers/tls-servers.js';
import { derOf, tempDir, type TempDir } from '../pki/helpers.js';

let tmp: TempDir;
let ca: TestCa;
let aia: http.Server;
let aiaPort = 0;
const aiaHits: string[] = [];
const servers: Running[] = [];
const read = (f: string) => readFileSync(join(tmp.dir, f));

beforeAll(async () => {
  tmp = tempDir('certdesk-tls-chain-');
  ca = makeTestCa(tmp.dir);
  const interDer = derOf(tmp.dir, ca.inter);
  aia = http.createServer((req, res) => {
    aiaHits.push(req.url ?? '');
    if (req.url === '/inter.cer') res.end(interDer);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => aia.listen(0, '127.0.0.1', () => r()));
  aiaPort = (aia.address() as AddressInfo).port;
  issueLeaf(ca, 'aia', { san: 'DNS:localhost', aiaCaIssuers: `http://127.0.0.1:${aiaPort}/inter.cer` });
  issueLeaf(ca, 'noaia', { san: 'DNS:localhost' });
  issueLeaf(ca, 'badaia', { san: 'DNS:localhost', aiaCaIssuers: `http://127.0.0.1:${aiaPort}/missing.cer` });
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await new Promise<void>((r) => aia.close(() => r()));
  tmp.cleanup();
});

async function serve(cert: Buffer, key: string, extra: object = {}): Promise<number> {
  const s = await startNodeTls({ cert, key: read(key), ...extra });
  servers.push(s);
  return s.port;
}

const opts = (): TlsCheckOptions => ({ trust: { kind: 'ca-files', pems: [read(ca.root)] }, timeoutMs: 8000, proxy: null });
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);
const pemCount = (s: string | undefined) => (s ?? '').split('BEGIN CERTIFICATE').length - 1;

describe('checkTls: the served chain', () => {
  it('incomplete-chain names the missing intermediate when lookups are off', async () => {
    const port = await serve(read('noaia.pem'), 'noaia.key');
    const r = await checkTls(parseTarget(`localhost:${port}`), opts());
    expect(codes(r)).toEqual(['incomplete-chain']);
    expect(r.findings[0]?.message).toContain('Certdesk Test Intermediate');
    expect(r.path).toMatchObject({ trusted: false, missingIssuer: 'O=Certdesk Test, CN=Certdesk Test Intermediate' });
    expect((await opensslVerify(tmp.dir, port, 'localhost', ca.root)).status).not.toBe(0);
  });

  it('incomplete-chain completed from the AIA CA Issuers URL: says where from and offers the completed chain', async () => {
    const port = await serve(read('aia.pem'), 'aia.key');
    const off = await checkTls(parseTarget(`localhost:${port}`), opts());
    expect(aiaHits).toEqual([]);
    expect(off.path?.fetchedFrom).toBeUndefined();
    const r = await checkTls(parseTarget(`localhost:${port}`), { ...opts(), allowNetworkLookups: true });
    expect(aiaHits).toEqual(['/inter.cer']);
    expect(codes(r)).toEqual(['incomplete-chain']);
    expect(r.findings[0]?.message).toContain(`http://127.0.0.1:${aiaPort}/inter.cer`);
    expect(r.path).toMatchObject({ trusted: true, fetchedFrom: `http://127.0.0.1:${aiaPort}/inter.cer` });
    expect(pemCount(r.path?.completedChainPem)).toBe(2);
    expect(TlsCheckResult.parse(r)).toEqual(r);
    // The completed chain, served, is what openssl accepts.
    const fixed = await serve(Buffer.from(r.path?.completedChainPem ?? ''), 'aia.key');
    expect(codes(await checkTls(parseTarget(`localhost:${fixed}`), opts()))).toEqual(['ok']);
    expect((await opensslVerify(tmp.dir, fixed, 'localhost', ca.root)).status).toBe(0);
  });

  it('a failing AIA fetch is reported in the incomplete-chain finding', async () => {
    const port = await serve(read('badaia.pem'), 'badaia.key');
    const r = await checkTls(parseTarget(`localhost:${port}`), { ...opts(), allowNetworkLookups: true });
    expect(codes(r)).toEqual(['incomplete-chain']);
    expect(r.findings[0]?.message).toContain('HTTP 404');
  });

  it('chain-order: leaf, root, intermediate is read from the Certificate message itself (a warning)', async () => {
    const port = await serve(Buffer.concat([read('noaia.pem'), read(ca.root), read(ca.inter)]), 'noaia.key');
    const r = await checkTls(parseTarget(`localhost:${port}`), opts());
    expect(r.chainOrder).toBe('wrong');
    expect(r.chain.map((c) => c.subject)).toEqual(['O=Certdesk Test, CN=noaia', 'CN=Certdesk Test Root, O=Certdesk Test', 'O=Certdesk Test, CN=Certdesk Test Intermediate']);
    expect(codes(r)).toEqual(['chain-order']);
    expect(r.findings[0]?.severity).toBe('warning');
    expect(r.ok).toBe(true);
    expect((await opensslVerify(tmp.dir, port, 'localhost', ca.root)).status).toBe(0);
  });

  it('a TLS 1.3-only server: the order is read from its encrypted Certificate message, as openssl s_client lists it', async () => {
    const inOrder = await serve(read('noaia-chain.pem'), 'noaia.key', { minVersion: 'TLSv1.3' });
    const ok = await checkTls(parseTarget(`localhost:${inOrder}`), opts());
    expect(ok.protocol).toBe('TLSv1.3');
    expect(ok.chainOrder).toBe('ok');
    expect(codes(ok)).toEqual(['ok']);
    const outOfOrder = await serve(Buffer.concat([read('noaia.pem'), read(ca.root), read(ca.inter)]), 'noaia.key', { minVersion: 'TLSv1.3' });
    const wrong = await checkTls(parseTarget(`localhost:${outOfOrder}`), opts());
    expect(wrong.protocol).toBe('TLSv1.3');
    expect(wrong.chainOrder).toBe('wrong');
    expect(codes(wrong)).toEqual(['chain-order']);
    // openssl's client lists the chain in the order it came: " 0 s:CN = noaia …", " 1 s:CN = Certdesk Test Root …".
    const oracle = await opensslVerify(tmp.dir, outOfOrder, 'localhost', ca.root, ['-tls1_3']);
    const served = [...oracle.output.matchAll(/^ *\d+ s:(.*)$/gm)].map((m) => (/CN ?= ?([^,/]+)/.exec(m[1] ?? '')?.[1] ?? '').trim());
    expect(served).toEqual(['noaia', 'Certdesk Test Root', 'Certdesk Test Intermediate']);
    expect(wrong.chain.map((c) => c.subject)).toEqual(['O=Certdesk Test, CN=noaia', 'CN=Certdesk Test Root, O=Certdesk Test', 'O=Certdesk Test, CN=Certdesk Test Intermediate']);
  });
});

describe('checkTls: the encrypted TLS 1.3 flight, whatever the suite', () => {
  it.each([
    ['TLS_AES_128_GCM_SHA256', {}],
    ['TLS_AES_256_GCM_SHA384', {}],
    ['TLS_CHACHA20_POLY1305_SHA256', {}],
    // The server wants another key share than the one offered: HelloRetryRequest, then the real ServerHello.
    ['TLS_AES_128_GCM_SHA256', { ecdhCurve: 'P-384' }],
  ])('%s %o: the served order is read (leaf, root, intermediate is wrong)', async (suite, extra) => {
    const port = await serve(Buffer.concat([read('noaia.pem'), read(ca.root), read(ca.inter)]), 'noaia.key', { minVersion: 'TLSv1.3', ciphers: suite, ...extra });
    const r = await checkTls(parseTarget(`localhost:${port}`), opts());
    expect(r.protocol).toBe('TLSv1.3');
    expect(r.cipher).toBe(suite);
    expect(r.chainOrder).toBe('wrong');
    expect(r.chain).toHaveLength(3);
    expect(codes(r)).toEqual(['chain-order']);
  });
});

describe('compareServedCertificate', () => {
  it('says whether the endpoint serves the certificate in the keystore, or still the old one', async () => {
    const port = await serve(read('noaia-chain.pem'), 'noaia.key');
    const r = await checkTls(parseTarget(`localhost:${port}`), opts());
    expect(compareServedCertificate(r, derOf(tmp.dir, 'noaia.pem'))?.code).toBe('serves-expected-certificate');
    const old = compareServedCertificate(r, derOf(tmp.dir, 'aia.pem'), 'agent.jks');
    expect(old).toMatchObject({ code: 'serves-other-certificate', severity: 'error' });
    expect(old?.message).toContain('still serves the old certificate');
    const plain = await plainHttp();
    servers.push(plain);
    const p = await checkTls(parseTarget(`127.0.0.1:${plain.port}`), opts());
    expect(compareServedCertificate(p, derOf(tmp.dir, 'noaia.pem'))?.code).toBe('https-not-enabled');
  });
});
