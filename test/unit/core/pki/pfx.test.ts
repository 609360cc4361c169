import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PfxSummary } from '../../../../shared/contract/pki.js';
import { createPfx, createPfxFromFiles, extractPfx, toDer, toPem } from '../../../../electron/core/pki/pfx.js';
import { derOf, fp256, keytoolList, makePki, openssl, type Pki, pkcs8Of, type TempDir, tempDir } from './helpers.js';

const PASS = 'pfx pass 1';
const KEYPASS = 'key pass 2';
const env = { PASS, KEYPASS };
let t: TempDir;
let pki: Pki;
let fps: Record<string, string>;

function expectCode(fn: () => unknown, code: string, message?: RegExp): void {
  expect(fn).toThrow(expect.objectContaining(message ? { code, message: expect.stringMatching(message) } : { code }));
}

beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
  fps = Object.fromEntries([pki.root, pki.inter, pki.leafRsa, pki.leafEc].map((f) => [f, fp256(t.dir, f)]));
  const o = (args: string[]) => openssl(t.dir, args, { env });
  o(['pkcs8', '-topk8', '-in', pki.leafRsaKey, '-v2', 'aes-256-cbc', '-passout', 'env:KEYPASS', '-out', 'enc.key']);
  t.write('ca-bundle.pem', Buffer.concat([t.read(pki.root), t.read(pki.inter)]));
  t.write('fullchain-with-key.pem', Buffer.concat([t.read(pki.leafEc), t.read(pki.inter), t.read(pki.root), t.read(pki.leafEcKey)]));
  o(['x509', '-in', pki.leafEc, '-outform', 'DER', '-out', 'leaf.cer']);
  o(['pkcs8', '-topk8', '-nocrypt', '-in', pki.leafEcKey, '-outform', 'DER', '-out', 'leaf.key.der']);
  o(['crl2pkcs7', '-nocrl', '-certfile', 'ca-bundle.pem', '-outform', 'DER', '-out', 'ca.p7b']);
  o(['pkcs12', '-export', '-in', pki.leafRsa, '-inkey', pki.leafRsaKey, '-certfile', 'ca-bundle.pem', '-name', 'web', '-passout', 'env:PASS', '-out', 'web.p12']);
});

afterAll(() => t.cleanup());

describe('createPfxFromFiles', () => {
  it('turns .crt + encrypted .key + CA bundle (any order) into a .pfx keytool lists leaf → root', () => {
    const { pfx, summary } = createPfxFromFiles({
      certFile: t.read(pki.leafRsa), keyFile: t.read('enc.key'), keyPassword: KEYPASS, chainFiles: [t.read('ca-bundle.pem')],
      password: PASS, friendlyName: 'agent', profile: 'modern',
    });
    expect(() => PfxSummary.strict().parse(summary)).not.toThrow();
    expect(summary).toMatchObject({ chainLength: 2, chainComplete: true, ignoredCertificates: 0, profile: 'modern', leaf: { sha256: fps[pki.leafRsa] } });
    t.write('agent.pfx', pfx);
    const info = openssl(t.dir, ['pkcs12', '-in', 'agent.pfx', '-info', '-noout', '-passin', 'env:PASS'], { env }).stderr;
    expect(info).toMatch(/AES-256-CBC/);
    const [entry, ...rest] = keytoolList(t.dir, 'agent.pfx', { PASS });
    expect(rest).toEqual([]);
    expect(entry).toEqual({ alias: 'agent', type: 'PrivateKeyEntry', chainLength: 3, sha256: [pki.leafRsa, pki.inter, pki.root].map((f) => fps[f]) });
  });

  it('accepts a fullchain PEM that also holds the key, and names the entry after the CN', () => {
    const { pfx, summary } = createPfxFromFiles({ certFile: t.read('fullchain-with-key.pem'), password: PASS, profile: 'legacy' });
    expect(summary).toMatchObject({ chainLength: 2, chainComplete: true, profile: 'legacy' });
    t.write('ec.pfx', pfx);
    expect(openssl(t.dir, ['pkcs12', '-legacy', '-in', 'ec.pfx', '-info', '-noout', '-passin', 'env:PASS'], { env }).stderr).toMatch(/TripleDES/);
    expect(keytoolList(t.dir, 'ec.pfx', { PASS }).map((e) => [e.alias, e.sha256[0]])).toEqual([['ec.example.com', fps[pki.leafEc]]]);
  });

  it('accepts DER certificate, DER key and a DER .p7b chain; leaves out certificates from another chain', () => {
    const { summary } = createPfxFromFiles({
      certFile: t.read('leaf.cer'), keyFile: t.read('leaf.key.der'), chainFiles: [t.read('ca.p7b'), t.read(pki.leafRsa)], password: PASS, profile: 'modern',
    });
    expect(summary).toMatchObject({ chainLength: 2, chainComplete: true, ignoredCertificates: 1 });
  });

  it('says plainly when the key does not belong to the certificate, or something is missing', () => {
    expectCode(() => createPfxFromFiles({ certFile: t.read(pki.leafRsa), keyFile: t.read(pki.leafEcKey), password: PASS, profile: 'modern' }),
      'KEY_CERT_MISMATCH', /private key does not belong to the certificate "CN=leaf\.example\.com/);
    expectCode(() => createPfxFromFiles({ certFile: t.read(pki.leafRsaKey), keyFile: t.read(pki.leafRsaKey), password: PASS, profile: 'modern' }), 'NO_CERTIFICATE');
    expectCode(() => createPfxFromFiles({ certFile: t.read(pki.leafRsa), password: PASS, profile: 'modern' }), 'NO_PRIVATE_KEY');
    expectCode(() => createPfxFromFiles({ certFile: t.read(pki.leafRsa), keyFile: t.read('enc.key'), password: PASS, profile: 'modern' }), 'PASSWORD_REQUIRED');
    expectCode(() => createPfxFromFiles({ certFile: t.read(pki.leafRsa), keyFile: t.read('enc.key'), keyPassword: 'nope', password: PASS, profile: 'modern' }), 'BAD_PASSWORD');
    expectCode(() => createPfx({ certDer: derOf(t.dir, pki.leafEc), keyPkcs8Der: pkcs8Of(t.dir, pki.leafRsaKey), chainDer: [], password: PASS, friendlyName: 'x', profile: 'modern' }),
      'KEY_CERT_MISMATCH');
  });
});

describe('extractPfx', () => {
  it('gives certificate, key and chain PEM that OpenSSL agrees with', () => {
    const out = extractPfx(t.read('web.p12'), PASS);
    expect(Object.keys(out).sort()).toEqual(['alias', 'certPem', 'chainPem', 'keyEncrypted', 'keyPem']);
    expect(out.alias).toBe('web');
    t.write('x-cert.pem', out.certPem);
    t.write('x-key.pem', out.keyPem);
    t.write('x-chain.pem', out.chainPem);
    expect(fp256(t.dir, 'x-cert.pem')).toBe(fps[pki.leafRsa]);
    const keyPub = openssl(t.dir, ['pkey', '-in', 'x-key.pem', '-pubout']).stdout;
    const certPub = openssl(t.dir, ['x509', '-in', 'x-cert.pem', '-noout', '-pubkey']).stdout;
    expect(keyPub).toBe(certPub);
    expect(out.chainPem.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(openssl(t.dir, ['verify', '-CAfile', pki.root, '-untrusted', 'x-chain.pem', 'x-cert.pem']).stdout).toMatch(/OK/);
  });

  it('encrypts the key when asked', () => {
    const out = extractPfx(t.read('web.p12'), PASS, { keyPassword: KEYPASS });
    expect(out.keyEncrypted).toBe(true);
    expect(out.keyPem).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/);
    t.write('x-enc.pem', out.keyPem);
    const keyPub = openssl(t.dir, ['pkey', '-in', 'x-enc.pem', '-passin', 'env:KEYPASS', '-pubout'], { env }).stdout;
    expect(keyPub).toBe(openssl(t.dir, ['x509', '-in', pki.leafRsa, '-noout', '-pubkey']).stdout);
  });

  it('reports a wrong password, a missing alias and a certificate-only file', () => {
    expectCode(() => extractPfx(t.read('web.p12'), 'wrong'), 'BAD_PASSWORD');
    expectCode(() => extractPfx(t.read('web.p12'), PASS, { alias: 'other' }), 'ALIAS_NOT_FOUND');
    openssl(t.dir, ['pkcs12', '-export', '-nokeys', '-in', pki.root, '-passout', 'env:PASS', '-out', 'certs-only.p12'], { env });
    expectCode(() => extractPfx(t.read('certs-only.p12'), PASS), 'NO_PRIVATE_KEY');
  });
});

describe('toPem / toDer', () => {
  it('converts certificates both ways exactly', () => {
    const der = derOf(t.dir, pki.leafEc);
    expect(toDer(t.read(pki.leafEc)).equals(der)).toBe(true);
    expect(toDer(der).equals(der)).toBe(true);
    t.write('conv.pem', toPem(der));
    expect(fp256(t.dir, 'conv.pem')).toBe(fps[pki.leafEc]);
    expect(toDer(t.read('fullchain-with-key.pem')).equals(der)).toBe(true);
    expectCode(() => toDer(t.read(pki.leafEcKey)), 'NO_CERTIFICATE');
  });
});
