/**
 * The pki.* services end to end through createServices (validation, errors as Results, output
 * stripped by the contract), with openssl and keytool as the oracles for every file written.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../../../../electron/core/services.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { derOf, fp256, keytoolList, makePki, normaliseSan, openssl, opensslCertInfo, type Pki, pkcs8Of, type TempDir, tempDir } from './helpers.js';

const PASS = 'pfx Pass 1!';
const KEYPASS = 'key Pass 2!';
const STOREPASS = 'store Pass 3!';
const env = { PASS, KEYPASS, STOREPASS };
let core: TestCore;
let s: Services;
let t: TempDir;
let pki: Pki;
let secrets: string[];

/** Every file in the folder with a hash of its bytes: "nothing was written" means this is unchanged. */
function listing(dir = t.dir): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((n) => [n, createHash('sha256').update(readFileSync(join(dir, n))).digest('hex')]));
}

/** A result that crossed the boundary must carry no password and no key material. */
function expectNoSecrets(value: unknown): void {
  const json = JSON.stringify(value);
  for (const secret of secrets) expect(json).not.toContain(secret);
  expect(json).not.toMatch(/PRIVATE KEY/);
}

async function expectError(call: Promise<{ ok: boolean; error?: { code: string; message: string } }>, code: string, message?: RegExp) {
  const before = listing();
  const res = await call;
  expect(res.ok, JSON.stringify(res)).toBe(false);
  expect(res.error?.code).toBe(code);
  if (message) expect(res.error?.message).toMatch(message);
  expect(listing()).toEqual(before);
  return res;
}

function ok<T>(res: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!res.ok) throw new Error(`${res.error.code}: ${res.error.message}`);
  expectNoSecrets(res.value);
  return res.value;
}

beforeAll(() => {
  core = createTestCore();
  s = core.services;
  t = tempDir('certdesk-svc-');
  pki = makePki(t.dir);
  const o = (args: string[]) => openssl(t.dir, args, { env });
  o(['pkcs8', '-topk8', '-in', pki.leafRsaKey, '-v2', 'aes-256-cbc', '-passout', 'env:KEYPASS', '-out', 'enc.key']);
  t.write('ca-bundle.pem', Buffer.concat([t.read(pki.root), t.read(pki.inter)]));
  t.write('fullchain.pem', Buffer.concat([t.read(pki.leafRsa), t.read(pki.inter)]));
  o(['crl2pkcs7', '-nocrl', '-certfile', 'ca-bundle.pem', '-outform', 'DER', '-out', 'ca.p7b']);
  o(['x509', '-in', pki.leafEc, '-outform', 'DER', '-out', 'leaf-ec.cer']);
  o(['pkcs12', '-export', '-in', pki.leafRsa, '-inkey', pki.leafRsaKey, '-certfile', 'ca-bundle.pem', '-name', 'web', '-passout', 'env:PASS', '-out', 'web.p12']);
  t.write('truncated.p12', t.read('web.p12').subarray(0, 900));
  secrets = [PASS, KEYPASS, STOREPASS, pkcs8Of(t.dir, pki.leafRsaKey).toString('base64').slice(40, 80), pkcs8Of(t.dir, pki.leafEcKey).toString('base64').slice(40, 80)];
});

afterAll(() => {
  t.cleanup();
  core.cleanup();
});

describe('pki.inspect', () => {
  it('reads a path, dropped bytes and pasted text alike, with the file name', async () => {
    const byPath = ok(await s['pki.inspect']({ source: { path: t.path('fullchain.pem') } }));
    expect(byPath).toMatchObject({ name: 'fullchain.pem', format: 'pem', chain: { order: [0, 1], complete: false, missingIssuer: expect.stringContaining('Test Root CA') } });
    const dropped = ok(await s['pki.inspect']({ source: { base64: t.read('leaf-ec.cer').toString('base64'), name: 'leaf-ec.cer' } }));
    expect(dropped).toMatchObject({ name: 'leaf-ec.cer', format: 'der', size: t.read('leaf-ec.cer').length });
    const pasted = ok(await s['pki.inspect']({ source: { text: t.read(pki.leafEc).toString() } }));
    const bare = ok(await s['pki.inspect']({ source: { text: t.read('leaf-ec.cer').toString('base64') } }));
    for (const r of [dropped, pasted, bare]) {
      expect(r.items[0]).toMatchObject({ kind: 'certificate', facts: { sha256: fp256(t.dir, pki.leafEc), keyType: 'EC', curve: 'P-256' } });
    }
  });

  it('asks for a .pfx password only when needed: PASSWORD_REQUIRED, then BAD_PASSWORD, then the contents', async () => {
    await expectError(s['pki.inspect']({ source: { path: t.path('web.p12') } }), 'PASSWORD_REQUIRED');
    await expectError(s['pki.inspect']({ source: { path: t.path('web.p12') }, password: 'wrong' }), 'BAD_PASSWORD');
    const r = ok(await s['pki.inspect']({ source: { path: t.path('web.p12') }, password: PASS }));
    expect(r.format).toBe('pkcs12');
    expect(r.items.find((i) => i.kind === 'privateKey')).toMatchObject({ matchesCertificate: 1, key: { keyType: 'RSA', keySize: 2048 } });
    expect(r.chain).toMatchObject({ complete: true });
  });

  it('lists an encrypted key as locked without a password, and unlocks it with one', async () => {
    const locked = ok(await s['pki.inspect']({ source: { path: t.path('enc.key') } }));
    expect(locked.items).toEqual([{ kind: 'privateKey', encrypted: true, locked: true, key: null, matchesCertificate: null }]);
    const open = ok(await s['pki.inspect']({ source: { path: t.path('enc.key') }, password: KEYPASS }));
    expect(open.items[0]).toMatchObject({ locked: false, key: { keyType: 'RSA', keySize: 2048 } });
  });

  it('says what is wrong with missing, truncated and unknown files', async () => {
    await expectError(s['pki.inspect']({ source: { path: t.path('nope.pem') } }), 'FILE_NOT_FOUND', /does not exist/);
    await expectError(s['pki.inspect']({ source: { path: t.path('truncated.p12') }, password: PASS }), 'CORRUPT_FILE');
    await expectError(s['pki.inspect']({ source: { text: 'hello, not a certificate' } }), 'UNSUPPORTED_FORMAT');
    await expectError(s['pki.inspect']({ source: { text: '-----BEGIN CERTIFICATE-----\nMIIB\n' } }), 'CORRUPT_FILE', /truncated/);
    await expectError(s['pki.inspect']({ source: { nonsense: 1 } }), 'VALIDATION_FAILED');
  });
});

describe('pki.createSelfSigned', () => {
  it('writes a PEM pair (key owner-only, encrypted on request) that openssl reads, and reports progress in order', async () => {
    const messages: string[] = [];
    const res = ok(await s['pki.createSelfSigned'](
      { cn: 'agent.example.com', sans: ['ip:10.0.0.5'], key: 'ec:p256', days: 30, usages: ['serverAuth', 'clientAuth'],
        output: { kind: 'pem', certPath: t.path('ss.crt'), keyPath: t.path('ss.key'), keyPassword: KEYPASS } },
      { progress: (_f, m) => messages.push(m) },
    ));
    expect(messages).toEqual(['Generating EC P-256 key…', 'Signing…', 'Writing…', 'Done']);
    expect(res.written.map((w) => [w.role, w.path, w.created, w.backupPath])).toEqual([
      ['certificate', t.path('ss.crt'), true, null], ['privateKey', t.path('ss.key'), true, null],
    ]);
    expect(statSync(t.path('ss.key')).mode & 0o777).toBe(0o600);
    const ref = opensslCertInfo(t.dir, 'ss.crt');
    expect(res.facts.sha256).toBe(ref.sha256);
    expect(ref.san.map(normaliseSan)).toEqual(['dns:agent.example.com', 'ip:10.0.0.5']);
    expect(res.facts.extKeyUsage).toEqual(['serverAuth', 'clientAuth']);
    expect(t.read('ss.key').toString()).toMatch(/BEGIN ENCRYPTED PRIVATE KEY/);
    const pub = openssl(t.dir, ['pkey', '-in', 'ss.key', '-passin', 'env:KEYPASS', '-pubout'], { env }).stdout;
    expect(pub).toBe(openssl(t.dir, ['x509', '-in', 'ss.crt', '-noout', '-pubkey']).stdout);
  });

  it('refuses to replace an existing file without overwrite, and keeps a backup with it', async () => {
    const input = { cn: 'again', key: 'ec:p256', days: 5, output: { kind: 'pem', certPath: t.path('ss.crt'), keyPath: t.path('again.key') } };
    const res = await expectError(s['pki.createSelfSigned'](input), 'FILE_EXISTS', /already exists/);
    expect((res as { error: { hint?: string } }).error.hint).toMatch(/--force/);
    const old = t.read('ss.crt');
    const done = ok(await s['pki.createSelfSigned']({ ...input, overwrite: true }));
    expect(done.written[0]).toMatchObject({ created: false, backupPath: t.path('ss.crt.orig') });
    expect(t.read('ss.crt.orig')).toEqual(old);
    expect(opensslCertInfo(t.dir, 'ss.crt').sha256).toBe(done.facts.sha256);
  });

  it('writes a legacy (3DES/SHA-1) .pfx that openssl -legacy and keytool read, named after the CN', async () => {
    const res = ok(await s['pki.createSelfSigned']({ cn: 'legacy.example.com', key: 'ec:p384', days: 10,
      output: { kind: 'pfx', path: t.path('ss-legacy.pfx'), password: PASS, profile: 'legacy' } }));
    expect(res.alias).toBe('legacy.example.com');
    expect(openssl(t.dir, ['pkcs12', '-legacy', '-in', 'ss-legacy.pfx', '-info', '-noout', '-passin', 'env:PASS'], { env }).stderr).toMatch(/TripleDES/);
    expect(keytoolList(t.dir, 'ss-legacy.pfx', { PASS })).toEqual([{ alias: 'legacy.example.com', type: 'PrivateKeyEntry', chainLength: 1, sha256: [res.facts.sha256] }]);
  });

  it('adds an entry to a new JKS keystore, refuses the same alias twice and a wrong store password', async () => {
    const output = { kind: 'keystore', path: t.path('agent.jks'), storePassword: STOREPASS, alias: 'Agent', storeType: 'jks' };
    const res = ok(await s['pki.createSelfSigned']({ cn: 'agent', key: 'ec:p256', days: 10, output }));
    expect(res).toMatchObject({ alias: 'agent', written: [{ role: 'keystore', created: true }] });
    expect(keytoolList(t.dir, 'agent.jks', { STOREPASS }, 'jks')).toEqual([{ alias: 'agent', type: 'PrivateKeyEntry', chainLength: 1, sha256: [res.facts.sha256] }]);
    await expectError(s['pki.createSelfSigned']({ cn: 'agent', key: 'ec:p256', days: 10, output }), 'ALIAS_EXISTS');
    await expectError(s['pki.createSelfSigned']({ cn: 'agent', key: 'ec:p256', days: 10, output: { ...output, alias: 'other', storePassword: 'wrong' } }), 'BAD_PASSWORD');
    await expectError(s['pki.createSelfSigned']({ cn: 'agent', key: 'ec:p256', days: 10, output: { ...output, path: t.path('new.jks'), storePassword: 'short' } }), 'VALIDATION_FAILED', /at least 6/);
    const second = ok(await s['pki.createSelfSigned']({ cn: 'other', key: 'ec:p256', days: 10, output: { ...output, alias: 'other' } }));
    expect(second.written[0]).toMatchObject({ created: false, backupPath: t.path('agent.jks.orig') });
    expect(keytoolList(t.dir, 'agent.jks', { STOREPASS }, 'jks').map((e) => e.alias).sort()).toEqual(['agent', 'other']);
  });

  it('stops RSA 4096 generation on cancel and writes nothing', async () => {
    const before = listing();
    const controller = new AbortController();
    const started = Date.now();
    const call = s['pki.createSelfSigned'](
      { cn: 'slow', key: 'rsa:4096', days: 1, output: { kind: 'pem', certPath: t.path('slow.crt'), keyPath: t.path('slow.key') } },
      // Abort while the native generation runs (RSA 4096 takes far longer than 100 ms).
      { signal: controller.signal, progress: (_f, m) => void (m.startsWith('Generating') && setTimeout(() => controller.abort(), 100)) },
    );
    const res = await call;
    expect(res).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(Date.now() - started).toBeLessThan(1500);
    expect(listing()).toEqual(before);
  });
});

describe('pki.createCsr and pki.importReply', () => {
  it('makes a CSR openssl verifies, with the subject fields and the key encrypted', async () => {
    const res = ok(await s['pki.createCsr']({ cn: 'shop.example.com', o: 'Acme', ou: 'Web', l: 'Springfield', st: 'Oregon', c: 'us',
      sans: ['dns:www.example.com'], key: 'ec:p256', csrPath: t.path('shop.csr'), keyPath: t.path('shop.key'), keyPassword: KEYPASS }));
    expect(res.csr).toMatchObject({ subject: 'CN=shop.example.com, OU=Web, O=Acme, L=Springfield, ST=Oregon, C=US', signatureValid: true,
      san: ['dns:shop.example.com', 'dns:www.example.com'] });
    expect(openssl(t.dir, ['req', '-in', 'shop.csr', '-verify', '-noout']).stderr).toMatch(/verify OK|Certificate request self-signature verify OK/);
    expect(statSync(t.path('shop.key')).mode & 0o777).toBe(0o600);
    // Let the test CA answer it, and join the reply (chain in any order) with the saved key.
    openssl(t.dir, ['x509', '-req', '-in', 'shop.csr', '-CA', pki.inter, '-CAkey', pki.interKey, '-set_serial', '77', '-days', '30', '-copy_extensions', 'copy', '-out', 'shop.crt']);
    const reply = ok(await s['pki.importReply']({ certPath: t.path('shop.crt'), chainPaths: [t.path('ca.p7b')], keyPath: t.path('shop.key'), keyPassword: KEYPASS,
      output: { kind: 'pfx', path: t.path('shop.pfx'), password: PASS } }));
    expect(reply).toMatchObject({ alias: 'shop.example.com', chainLength: 2, chainComplete: true, ignoredCertificates: 0, profile: 'modern' });
    const [entry] = keytoolList(t.dir, 'shop.pfx', { PASS });
    expect(entry?.sha256).toEqual([fp256(t.dir, 'shop.crt'), fp256(t.dir, pki.inter), fp256(t.dir, pki.root)]);
  });

  it('refuses a reply for another key (KEY_CERT_MISMATCH) and a wrong key password, writing nothing', async () => {
    const base = { certPath: t.path(pki.leafEc), keyPath: t.path('shop.key'), keyPassword: KEYPASS, output: { kind: 'pfx', path: t.path('x.pfx'), password: PASS } };
    await expectError(s['pki.importReply'](base), 'KEY_CERT_MISMATCH', /belongs to this private key/);
    await expectError(s['pki.importReply']({ ...base, keyPassword: 'wrong' }), 'BAD_PASSWORD');
    await expectError(s['pki.importReply']({ ...base, keyPassword: undefined }), 'PASSWORD_REQUIRED');
  });

  it('puts the reply into a PKCS#12 keystore', async () => {
    const res = ok(await s['pki.importReply']({ certPath: t.path('shop.crt'), chainPaths: [t.path('ca-bundle.pem')], keyPath: t.path('shop.key'), keyPassword: KEYPASS,
      output: { kind: 'keystore', path: t.path('store.p12'), storePassword: STOREPASS, alias: 'shop' } }));
    expect(res).toMatchObject({ alias: 'shop', chainLength: 2 });
    expect(keytoolList(t.dir, 'store.p12', { STOREPASS })[0]).toMatchObject({ alias: 'shop', chainLength: 3 });
  });
});

describe('pki.pfxCreate and pki.pfxExtract', () => {
  it('converts .crt + encrypted .key + chain to a modern .pfx, leaf → root', async () => {
    const res = ok(await s['pki.pfxCreate']({ certPath: t.path(pki.leafRsa), keyPath: t.path('enc.key'), keyPassword: KEYPASS,
      chainPaths: [t.path('ca-bundle.pem')], outPath: t.path('web.pfx'), password: PASS, friendlyName: 'web' }));
    expect(res).toMatchObject({ friendlyName: 'web', chainLength: 2, chainComplete: true, profile: 'modern', leaf: { sha256: fp256(t.dir, pki.leafRsa) } });
    expect(statSync(t.path('web.pfx')).mode & 0o777).toBe(0o600);
    expect(openssl(t.dir, ['pkcs12', '-in', 'web.pfx', '-info', '-noout', '-passin', 'env:PASS'], { env }).stderr).toMatch(/AES-256-CBC/);
  });

  it('checks the key against the certificate before writing, and refuses bad passwords and outputs over inputs', async () => {
    const base = { certPath: t.path(pki.leafEc), keyPath: t.path('enc.key'), keyPassword: KEYPASS, outPath: t.path('bad.pfx'), password: PASS };
    await expectError(s['pki.pfxCreate'](base), 'KEY_CERT_MISMATCH', /does not belong/);
    await expectError(s['pki.pfxCreate']({ ...base, certPath: t.path(pki.leafRsa), keyPassword: 'wrong' }), 'BAD_PASSWORD');
    await expectError(s['pki.pfxCreate']({ ...base, keyPath: t.path(pki.leafEcKey), outPath: t.path(pki.leafEc) }), 'VALIDATION_FAILED', /input files/);
    await expectError(s['pki.pfxCreate']({ ...base, keyPath: t.path(pki.leafEcKey), certPath: t.path('ca.p7b') }), 'KEY_CERT_MISMATCH');
    await expectError(s['pki.pfxCreate']({ ...base, keyPath: t.path(pki.leafEcKey), outPath: t.path('no-such-dir/x.pfx') }), 'FILE_NOT_FOUND', /folder/);
    await expectError(s['pki.pfxCreate']({ ...base, password: '' }), 'VALIDATION_FAILED');
  });

  it('extracts cert, key (encrypted on request) and chain from an openssl .pfx, round-trip exact', async () => {
    const res = ok(await s['pki.pfxExtract']({ pfxPath: t.path('web.p12'), password: PASS, outCert: t.path('x.crt'), outKey: t.path('x.key'), outChain: t.path('x-chain.pem'), keyPassword: KEYPASS }));
    expect(res).toMatchObject({ alias: 'web', chainLength: 2, keyEncrypted: true, leaf: { sha256: fp256(t.dir, pki.leafRsa) } });
    expect(derOf(t.dir, 'x.crt')).toEqual(derOf(t.dir, pki.leafRsa));
    expect(openssl(t.dir, ['pkcs8', '-topk8', '-nocrypt', '-in', 'x.key', '-passin', 'env:KEYPASS', '-outform', 'DER'], { env }).stdoutBytes).toEqual(pkcs8Of(t.dir, pki.leafRsaKey));
    expect(statSync(t.path('x.key')).mode & 0o777).toBe(0o600);
    const chain = ok(await s['pki.inspect']({ source: { path: t.path('x-chain.pem') } }));
    expect(chain.items.map((i) => (i.kind === 'certificate' ? i.facts.sha256 : ''))).toEqual([fp256(t.dir, pki.inter), fp256(t.dir, pki.root)]);
  });

  it('writes none of the outputs on a wrong password, a truncated file or an existing output', async () => {
    const base = { pfxPath: t.path('web.p12'), password: PASS, outCert: t.path('y.crt'), outKey: t.path('y.key') };
    await expectError(s['pki.pfxExtract']({ ...base, password: 'wrong' }), 'BAD_PASSWORD', /wrong/);
    await expectError(s['pki.pfxExtract']({ ...base, pfxPath: t.path('truncated.p12') }), 'CORRUPT_FILE');
    await expectError(s['pki.pfxExtract']({ ...base, pfxPath: t.path(pki.leafRsa) }), 'UNSUPPORTED_FORMAT');
    await expectError(s['pki.pfxExtract']({ ...base, outKey: t.path('x.key') }), 'FILE_EXISTS');
    await expectError(s['pki.pfxExtract']({ ...base, outKey: t.path('y.crt') }), 'VALIDATION_FAILED', /same file/);
  });
});

describe('pki.exportCert', () => {
  it('exports a certificate out of a .p7b and a .pfx as DER or PEM, byte-exact', async () => {
    const der = ok(await s['pki.exportCert']({ source: { path: t.path('ca.p7b') }, index: 1, format: 'der', outPath: t.path('inter.cer') }));
    expect(der.facts.subject).toMatch(/Intermediate/);
    expect(t.read('inter.cer')).toEqual(derOf(t.dir, pki.inter));
    const leaf = ok(await s['pki.exportCert']({ source: { path: t.path('web.p12') }, password: PASS, format: 'pem', outPath: t.path('leaf-out.pem') }));
    expect(leaf.index).toBe(1);
    expect(derOf(t.dir, 'leaf-out.pem')).toEqual(derOf(t.dir, pki.leafRsa));
  });

  it('refuses to export a key item or an index that does not exist', async () => {
    await expectError(s['pki.exportCert']({ source: { path: t.path('web.p12') }, password: PASS, index: 0, format: 'pem', outPath: t.path('k.pem') }), 'NO_CERTIFICATE', /private key/);
    await expectError(s['pki.exportCert']({ source: { path: t.path('ca.p7b') }, index: 7, format: 'pem', outPath: t.path('k.pem') }), 'VALIDATION_FAILED', /no item #8/);
  });
});
