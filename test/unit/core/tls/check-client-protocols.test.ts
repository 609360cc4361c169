/** Mutual TLS (with and without a client certificate) and the protocol scan. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTls, type TlsCheckOptions } from '../../../../electron/core/tls/check.js';
import { runtimeVersions } from '../../../../electron/core/tls/protocols.js';
import { parseTarget } from '../../../../electron/core/tls/target.js';
import { issueLeaf, makeTestCa, type TestCa } from '../../../servers/tls-pki.js';
import { opensslVerify, type Running, startNodeTls } from '../../../servers/tls-servers.js';
import { openssl, tempDir, type TempDir } from '../pki/helpers.js';

let tmp: TempDir;
let ca: TestCa;
const servers: Running[] = [];
const read = (f: string) => readFileSync(join(tmp.dir, f));
let mtls13 = 0;
let mtls12 = 0;

beforeAll(async () => {
  tmp = tempDir('certdesk-tls-mtls-');
  ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'server', { san: 'DNS:localhost' });
  issueLeaf(ca, 'client', { eku: 'clientAuth' });
  openssl(tmp.dir, ['pkcs12', '-export', '-in', 'client.pem', '-inkey', 'client.key', '-certfile', ca.inter, '-out', 'client.p12', '-passout', 'env:PW'], { env: { PW: 'client-pass' } });
  const base = { cert: read('server-chain.pem'), key: read('server.key'), requestCert: true, rejectUnauthorized: true, ca: [read(ca.root)] };
  for (const maxVersion of ['TLSv1.3', 'TLSv1.2'] as const) {
    const s = await startNodeTls({ ...base, maxVersion });
    servers.push(s);
    if (maxVersion === 'TLSv1.3') mtls13 = s.port;
    else mtls12 = s.port;
  }
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  tmp.cleanup();
});

const opts = (): TlsCheckOptions => ({ trust: { kind: 'ca-files', pems: [read(ca.root)] }, timeoutMs: 8000, proxy: null });
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('checkTls: client certificates', () => {
  it.each([['TLS 1.3', () => mtls13], ['TLS 1.2', () => mtls12]])('client-cert-required without a client certificate (%s), naming the accepted CAs', async (_label, port) => {
    const r = await checkTls(parseTarget(`localhost:${port()}`), opts());
    expect(codes(r)).toEqual(['client-cert-required']);
    expect(r.clientCertRequested).toBe(true);
    expect(r.acceptableCAs).toEqual(['CN=Certdesk Test Root, O=Certdesk Test']);
    expect(r.findings[0]?.message).toContain('Certdesk Test Root');
    expect(r.ok).toBe(false);
    // openssl's client, without a certificate, is refused as well (capped at TLS 1.2, where the refusal is part of the handshake).
    const oracle = await opensslVerify(tmp.dir, port(), 'localhost', ca.root, ['-tls1_2']);
    expect(oracle.status).not.toBe(0);
    expect(oracle.output).toMatch(/alert handshake failure|certificate required/i);
  });

  it.each([['TLS 1.3', () => mtls13], ['TLS 1.2', () => mtls12]])('ok with the client .pfx (%s), and with certificate + key', async (_label, port) => {
    const r = await checkTls(parseTarget(`localhost:${port()}`), { ...opts(), clientCert: { pfx: read('client.p12'), password: 'client-pass' } });
    expect(codes(r)).toEqual(['ok']);
    expect(r.clientCertRequested).toBe(true);
    const pem = await checkTls(parseTarget(`localhost:${port()}`), { ...opts(), clientCert: { certPem: Buffer.concat([read('client.pem'), read(ca.inter)]), keyPem: read('client.key') } });
    expect(codes(pem)).toEqual(['ok']);
  });

  it('a wrong .pfx password is BAD_PASSWORD before any connection', async () => {
    await expect(checkTls(parseTarget(`localhost:${mtls13}`), { ...opts(), clientCert: { pfx: read('client.p12'), password: 'nope' } }))
      .rejects.toMatchObject({ code: 'BAD_PASSWORD' });
  });

  it('a server that does not ask says so', async () => {
    const s = await startNodeTls({ cert: read('server-chain.pem'), key: read('server.key') });
    servers.push(s);
    const r = await checkTls(parseTarget(`localhost:${s.port}`), opts());
    expect(r.clientCertRequested).toBe(false);
    expect(r.acceptableCAs).toEqual([]);
  });
});

describe('checkTls: protocol scan', () => {
  it('a modern server accepts TLS 1.2 and 1.3 and refuses 1.0/1.1', async () => {
    const s = await startNodeTls({ cert: read('server-chain.pem'), key: read('server.key'), minVersion: 'TLSv1.2' });
    servers.push(s);
    const r = await checkTls(parseTarget(`localhost:${s.port}`), { ...opts(), scanProtocols: true });
    const legacy = runtimeVersions()['TLSv1'] ? 'refused' : 'not-tried';
    expect(r.protocols).toEqual({ 'TLSv1': legacy, 'TLSv1.1': runtimeVersions()['TLSv1.1'] ? 'refused' : 'not-tried', 'TLSv1.2': 'accepted', 'TLSv1.3': 'accepted' });
    expect(codes(r)).toEqual(['ok']);
  });

  it('legacy-protocol: a TLS 1.0-only server (where this OpenSSL can still speak TLS 1.0)', async (ctx) => {
    if (!runtimeVersions()['TLSv1']) {
      ctx.skip('This runtime\'s OpenSSL cannot offer TLS 1.0, so a TLS 1.0-only server cannot be tried.');
      return;
    }
    const s = await startNodeTls({ cert: read('server-chain.pem'), key: read('server.key'), minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
    servers.push(s);
    const r = await checkTls(parseTarget(`localhost:${s.port}`), { ...opts(), scanProtocols: true });
    expect(r.protocol).toBe('TLSv1');
    expect(codes(r)).toContain('legacy-protocol');
    expect(r.findings.find((f) => f.code === 'legacy-protocol')?.severity).toBe('error');
    expect(r.protocols).toMatchObject({ 'TLSv1': 'accepted', 'TLSv1.2': 'refused', 'TLSv1.3': 'refused' });
    // openssl's client at its default settings refuses it too; at level 0 with -tls1 it connects.
    expect((await opensslVerify(tmp.dir, s.port, 'localhost', ca.root)).status).not.toBe(0);
    expect((await opensslVerify(tmp.dir, s.port, 'localhost', ca.root, ['-tls1', '-cipher', 'DEFAULT@SECLEVEL=0'])).status).toBe(0);
  });
});

