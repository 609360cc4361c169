/**
 * The certificate commands as a user runs them (the built CLI in a child process), with openssl and
 * keytool as the oracles for everything read and written.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { existsSync, readdirSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCertdesk, type CliRun } from '../../helpers/cli.js';
import { derOf, keytoolList, makePki, normaliseSan, openssl, opensslCertInfo, type Pki, pkcs8Of, type TempDir, tempDir } from '../core/pki/helpers.js';

const PASS = 'cli Pass 1';
const KEYPASS = 'cli Key 2';
const env = { PASS, KEYPASS };
let t: TempDir;
let pki: Pki;

interface CertJson { item: number; subject: string; issuer: string; serial: string; notBefore: string; notAfter: string; san: string[]; keyType: string; keySize?: number; curve?: string; sha1: string; sha256: string; selfSigned: boolean }
interface InspectJson { format: string; certificates: CertJson[]; keys: { item: number; matchesCertificate: number | null; keyType?: string }[]; chain: { order: number[]; complete: boolean; missingIssuer?: string } | null }

const cli = (args: string[], extraEnv: Record<string, string> = {}): Promise<CliRun> =>
  runCertdesk(args.map((a) => (a.startsWith('@') ? t.path(a.slice(1)) : a)), { env: { CERTDESK_HOME: t.path('home'), ...env, ...extraEnv } });

type Item = { kind: 'certificate'; facts: Omit<CertJson, 'item'> } | { kind: 'privateKey'; matchesCertificate: number | null; key?: { keyType: string } } | { kind: 'csr' };
/** `inspect --json` prints pki.inspect's contract output; this numbers its items from 1 as the text report does. */
function numbered(out: { format: string; items: Item[]; chain: { order: number[]; complete: boolean; missingIssuer?: string } | null }): InspectJson {
  const n = (i: number) => i + 1;
  return {
    format: out.format,
    certificates: out.items.flatMap((it, i) => (it.kind === 'certificate' ? [{ item: n(i), ...it.facts }] : [])),
    keys: out.items.flatMap((it, i) => (it.kind === 'privateKey' ? [{ item: n(i), matchesCertificate: it.matchesCertificate === null ? null : n(it.matchesCertificate), ...(it.key ? { keyType: it.key.keyType } : {}) }] : [])),
    chain: out.chain && { ...out.chain, order: out.chain.order.map(n) },
  };
}

async function inspectJson(file: string, extra: string[] = []): Promise<InspectJson> {
  const r = await cli(['inspect', `@${file}`, '--json', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return numbered(JSON.parse(r.stdout) as Parameters<typeof numbered>[0]);
}

/** The fields openssl prints, compared with what Certdesk reports for the same certificate. */
function expectSameAsOpenssl(c: CertJson | undefined, pemFile: string): void {
  const ref = opensslCertInfo(t.dir, pemFile);
  expect(c).toBeDefined();
  expect(c?.sha256).toBe(ref.sha256);
  expect(c?.sha1).toBe(ref.sha1);
  expect(c?.serial.toUpperCase()).toBe(ref.serial.replace(/^0+(?=.)/, ''));
  expect(new Date(c?.notBefore ?? '').getTime()).toBe(ref.notBefore.getTime());
  expect(new Date(c?.notAfter ?? '').getTime()).toBe(ref.notAfter.getTime());
  expect(c?.san.map(normaliseSan)).toEqual(ref.san.map(normaliseSan));
  const subject = openssl(t.dir, ['x509', '-in', pemFile, '-noout', '-subject', '-nameopt', 'RFC2253']).stdout.replace(/^subject=/, '').trim();
  expect(c?.subject.replace(/\s/g, '')).toBe(subject.replace(/\s/g, ''));
}

/** What the command must leave behind on failure: nothing new in the folder. */
async function expectRefused(args: string[], stderr: RegExp, extraEnv: Record<string, string> = {}): Promise<void> {
  const before = readdirSync(t.dir).sort();
  const r = await cli(args, extraEnv);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(stderr);
  expect(r.stdout).toBe('');
  expect(readdirSync(t.dir).sort()).toEqual(before);
}

beforeAll(async () => {
  t = tempDir('certdesk-cli-pki-');
  pki = makePki(t.dir);
  const o = (args: string[]) => openssl(t.dir, args, { env });
  t.write('ca-bundle.pem', Buffer.concat([t.read(pki.inter), t.read(pki.root)]));
  o(['pkcs8', '-topk8', '-in', pki.leafEcKey, '-v2', 'aes-256-cbc', '-passout', 'env:KEYPASS', '-out', 'ec-enc.key']);
  o(['x509', '-in', pki.leafRsa, '-outform', 'DER', '-out', 'leaf-rsa.cer']);
  o(['crl2pkcs7', '-nocrl', '-certfile', 'ca-bundle.pem', '-out', 'ca.p7b']);
  o(['pkcs12', '-export', '-in', pki.leafEc, '-inkey', pki.leafEcKey, '-certfile', 'ca-bundle.pem', '-name', 'ec', '-passout', 'env:PASS', '-out', 'modern.p12']);
  o(['pkcs12', '-export', '-legacy', '-in', pki.leafRsa, '-inkey', pki.leafRsaKey, '-certfile', 'ca-bundle.pem', '-name', 'rsa', '-passout', 'env:PASS', '-out', 'legacy.p12']);
  t.write('truncated.p12', t.read('modern.p12').subarray(0, 700));
  t.write('mismatch.pem', Buffer.concat([t.read(pki.leafRsa), t.read(pki.leafEcKey)]));
  // An expired certificate (openssl 3.0's req/x509 cannot backdate both dates).
  const crypto = webcrypto as unknown as Crypto;
  const keys = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as CryptoKeyPair;
  const expired = await x509.X509CertificateGenerator.createSelfSigned(
    { serialNumber: '01', name: 'CN=expired.example.com', notBefore: new Date('2020-01-01'), notAfter: new Date('2021-01-01'), keys, signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' } },
    crypto,
  );
  t.write('expired.pem', expired.toString('pem'));
});

afterAll(() => t.cleanup());

describe('certdesk inspect', () => {
  it('reports RSA and EC certificates with the facts openssl prints, and the chain of a PEM bundle', async () => {
    t.write('bundle.pem', Buffer.concat([t.read(pki.inter), t.read(pki.leafRsa), t.read(pki.leafEc)]));
    const r = await inspectJson('bundle.pem');
    expect(r.format).toBe('pem');
    const [inter, rsa, ec] = r.certificates;
    expectSameAsOpenssl(rsa, pki.leafRsa);
    expectSameAsOpenssl(ec, pki.leafEc);
    expectSameAsOpenssl(inter, pki.inter);
    expect(rsa).toMatchObject({ keyType: 'RSA', keySize: 2048, selfSigned: false });
    expect(ec).toMatchObject({ keyType: 'EC', curve: 'P-256', selfSigned: false });
    expect(inter).toMatchObject({ keyType: 'EC', curve: 'P-384' });
    expect(r.chain).toMatchObject({ order: [2, 1], complete: false, missingIssuer: expect.stringContaining('Test Root CA') });
    const root = await inspectJson(pki.root);
    expect(root.certificates[0]).toMatchObject({ selfSigned: true });
    expectSameAsOpenssl(root.certificates[0], pki.root);
  });

  it('reads DER, PKCS#7 and modern and legacy .pfx files from openssl', async () => {
    expectSameAsOpenssl((await inspectJson('leaf-rsa.cer')).certificates[0], pki.leafRsa);
    const p7 = await inspectJson('ca.p7b');
    expect(p7.format).toBe('pkcs7');
    expect(p7.certificates.map((c) => c.sha256)).toEqual([opensslCertInfo(t.dir, pki.inter).sha256, opensslCertInfo(t.dir, pki.root).sha256]);
    for (const [file, leaf] of [['modern.p12', pki.leafEc], ['legacy.p12', pki.leafRsa]] as const) {
      const r = await inspectJson(file, ['--password-env', 'PASS']);
      expect(r.format).toBe('pkcs12');
      expectSameAsOpenssl(r.certificates[0], leaf);
      expect(r.keys[0]).toMatchObject({ item: 1, matchesCertificate: 2 });
      expect(r.chain).toMatchObject({ complete: true });
    }
  });

  it('prints a readable report: one block per item, the chain, what is missing', async () => {
    const r = await cli(['inspect', `@${pki.leafRsa}`]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^leaf-rsa\.pem: PEM, 1 item/);
    expect(r.stdout).toMatch(/\[1\] Certificate \(leaf\)\n\s+Subject\s+CN=leaf\.example\.com/);
    expect(r.stdout).toMatch(/SAN\s+dns:leaf\.example\.com, dns:\*\.leaf\.example\.com, ip:10\.1\.2\.3/);
    expect(r.stdout).toMatch(/The issuer 'CN=Test Intermediate CA, O=Certdesk Test, C=US' is not in this file: add the intermediate certificate\./);
    const key = await cli(['inspect', '@ec-enc.key']);
    expect(key.stdout).toMatch(/Encrypted: give its password/);
    const open = await cli(['inspect', '@ec-enc.key', '--password-env', 'KEYPASS']);
    expect(open.stdout).toMatch(/Key\s+EC P-256\n\s+Encrypted\s+yes/);
  });

  it('exits 1 for an expired certificate and for a key that matches no certificate', async () => {
    const expired = await cli(['inspect', '@expired.pem']);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toMatch(/Problem: Certificate \[1\] \(CN=expired\.example\.com\): The certificate expired on/);
    const mismatch = await cli(['inspect', '@mismatch.pem', '--json']);
    expect(mismatch.code).toBe(1);
    expect(numbered(JSON.parse(mismatch.stdout) as Parameters<typeof numbered>[0]).keys).toEqual([expect.objectContaining({ item: 2, matchesCertificate: null })]);
    expect((JSON.parse(mismatch.stdout) as { findings: { code: string; severity: string }[] }).findings).toContainEqual(expect.objectContaining({ code: 'key-mismatch', severity: 'error' }));
  });

  it('exits 2 with a specific message for a missing password, a wrong one, a truncated or unknown file', async () => {
    await expectRefused(['inspect', '@modern.p12'], /password-protected[\s\S]*hint: Give it with --password-env/);
    await expectRefused(['inspect', '@modern.p12', '--password-env', 'KEYPASS'], /The .pfx password is wrong/);
    await expectRefused(['inspect', '@truncated.p12', '--password-env', 'PASS'], /damaged or truncated/);
    await expectRefused(['inspect', `@${pki.cnf}`], /does not recognise this file/);
    await expectRefused(['inspect', '@nope.pem'], /does not exist/);
    await expectRefused(['inspect', '@modern.p12', '--password', PASS], /--password does not take a value/);
  });
});

describe('certdesk cert create / cert export', () => {
  it('creates RSA and EC certificates whose SANs (with the CN) openssl shows', async () => {
    const rsa = await cli(['cert', 'create', '--cn', 'agent.example.com', '--san', 'dns:agent', '--san', 'ip:10.0.0.5', '--days', '30', '--out-cert', '@rsa.crt', '--out-key', '@rsa.key']);
    expect(rsa.code, rsa.stderr).toBe(0);
    expect(rsa.stdout).toMatch(/Wrote .*rsa\.key \(private key, owner-only\)/);
    const text = openssl(t.dir, ['x509', '-in', 'rsa.crt', '-noout', '-text']).stdout;
    expect(text).toMatch(/DNS:agent\.example\.com, DNS:agent, IP Address:10\.0\.0\.5/);
    expect(text).toMatch(/Public-Key: \(2048 bit\)/);
    expect(text).toMatch(/TLS Web Server Authentication/);
    expect(openssl(t.dir, ['pkey', '-in', 'rsa.key', '-pubout']).stdout).toBe(openssl(t.dir, ['x509', '-in', 'rsa.crt', '-noout', '-pubkey']).stdout);
    const ec = await cli(['cert', 'create', '--cn', '10.1.1.1', '--key', 'ec:p384', '--usage', 'serverAuth,clientAuth', '--out-cert', '@ec.crt', '--out-key', '@ec.key', '--key-password-env', 'KEYPASS', '--json']);
    expect(ec.code, ec.stderr).toBe(0);
    const ecText = openssl(t.dir, ['x509', '-in', 'ec.crt', '-noout', '-text']).stdout;
    expect(ecText).toMatch(/IP Address:10\.1\.1\.1/);
    expect(ecText).toMatch(/NIST CURVE: P-384/);
    expect(ecText).toMatch(/TLS Web Server Authentication, TLS Web Client Authentication/);
    expect(t.read('ec.key').toString()).toMatch(/ENCRYPTED PRIVATE KEY/);
    expect(JSON.stringify(JSON.parse(ec.stdout))).not.toContain(KEYPASS);
  });

  it('creates a .pfx directly, and refuses existing files unless --force', async () => {
    const r = await cli(['cert', 'create', '--cn', 'pfx.example.com', '--key', 'ec:p256', '--out-pfx', '@ss.pfx', '--password-env', 'PASS', '--name', 'agent']);
    expect(r.code, r.stderr).toBe(0);
    expect(keytoolList(t.dir, 'ss.pfx', { PASS })).toMatchObject([{ alias: 'agent', type: 'PrivateKeyEntry' }]);
    await expectRefused(['cert', 'create', '--cn', 'x', '--key', 'ec:p256', '--out-pfx', '@ss.pfx', '--password-env', 'PASS'], /already exists[\s\S]*--force/);
    const forced = await cli(['cert', 'create', '--cn', 'x', '--key', 'ec:p256', '--out-pfx', '@ss.pfx', '--password-env', 'PASS', '--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/the old one is kept as ss\.pfx\.orig/);
  });

  it('creates the entry straight into a new JKS keystore, and refuses the same alias again', async () => {
    const args = ['cert', 'create', '--cn', 'agent', '--key', 'ec:p256', '--out-keystore', '@agent.jks', '--alias', 'agent', '--store-type', 'jks', '--storepass-env', 'PASS'];
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/alias "agent"[\s\S]*Wrote .*agent\.jks \(keystore\)/);
    expect(keytoolList(t.dir, 'agent.jks', { PASS }, 'jks')).toMatchObject([{ alias: 'agent', type: 'PrivateKeyEntry', chainLength: 1 }]);
    await expectRefused(args, /already has an entry named 'agent'/);
  });

  it('refuses bad usage with exit 2 and writes nothing', async () => {
    await expectRefused(['cert', 'create', '--cn', 'x', '--out-cert', '@u.crt'], /--out-key is required/);
    await expectRefused(['cert', 'create', '--cn', 'x', '--key', 'rsa:1024', '--out-cert', '@u.crt', '--out-key', '@u.key'], /--key must be one of/);
    await expectRefused(['cert', 'create', '--cn', 'x', '--san', 'dns:bad name', '--out-cert', '@u.crt', '--out-key', '@u.key'], /not a valid DNS name/);
    await expectRefused(['cert', 'create', '--cn', 'x', '--out-pfx', '@u.pfx'], /--password is required/);
    await expectRefused(['cert', 'create', '--cn', 'x', '--out-pfx', '@u.pfx', '--password', 'x'], /--password does not take a value/);
  });

  it('exports one certificate of a bundle as DER by its item number', async () => {
    const r = await cli(['cert', 'export', '@ca.p7b', '--index', '2', '--der', '--out', '@root.cer']);
    expect(r.code, r.stderr).toBe(0);
    expect(t.read('root.cer')).toEqual(derOf(t.dir, pki.root));
    const pem = await cli(['cert', 'export', '@modern.p12', '--password-env', 'PASS', '--out', '@from-pfx.pem']);
    expect(pem.code, pem.stderr).toBe(0);
    expect(derOf(t.dir, 'from-pfx.pem')).toEqual(derOf(t.dir, pki.leafEc));
  });
});

describe('certdesk csr create / import-reply', () => {
  it('creates a CSR openssl verifies, and joins the CA reply with its key into a .pfx', async () => {
    const r = await cli(['csr', 'create', '--cn', 'shop.example.com', '--o', 'Acme', '--ou', 'Web', '--l', 'Springfield', '--st', 'Oregon', '--c', 'US',
      '--san', 'dns:www.example.com', '--key', 'ec:p256', '--out-csr', '@shop.csr', '--out-key', '@shop.key', '--key-password-env', 'KEYPASS']);
    expect(r.code, r.stderr).toBe(0);
    const verify = openssl(t.dir, ['req', '-in', 'shop.csr', '-verify', '-noout', '-text']);
    expect(verify.stderr + verify.stdout).toMatch(/verify OK/);
    expect(verify.stdout).toMatch(/Subject: C\s*=\s*US, ST\s*=\s*Oregon, L\s*=\s*Springfield, O\s*=\s*Acme, OU\s*=\s*Web, CN\s*=\s*shop\.example\.com/);
    expect(verify.stdout).toMatch(/DNS:shop\.example\.com, DNS:www\.example\.com/);
    openssl(t.dir, ['x509', '-req', '-in', 'shop.csr', '-CA', pki.inter, '-CAkey', pki.interKey, '-set_serial', '99', '-days', '30', '-copy_extensions', 'copy', '-out', 'shop.crt']);
    await expectRefused(['csr', 'import-reply', '--cert', `@${pki.leafRsa}`, '--key', '@shop.key', '--key-password-env', 'KEYPASS', '--out', '@shop.pfx', '--password-env', 'PASS'],
      /None of the 1 certificate\(s\) in the CA reply belongs to this private key/);
    const joined = await cli(['csr', 'import-reply', '--cert', '@shop.crt', '--chain', '@ca.p7b', '--key', '@shop.key', '--key-password-env', 'KEYPASS', '--out', '@shop.pfx', '--password-env', 'PASS', '--legacy']);
    expect(joined.code, joined.stderr).toBe(0);
    expect(openssl(t.dir, ['pkcs12', '-legacy', '-in', 'shop.pfx', '-info', '-noout', '-passin', 'env:PASS'], { env }).stderr).toMatch(/TripleDES/);
    const [entry] = keytoolList(t.dir, 'shop.pfx', { PASS });
    expect(entry).toMatchObject({ alias: 'shop.example.com', chainLength: 3 });
  });
});

describe('certdesk pfx create / extract', () => {
  it('makes a modern .pfx openssl reads without -legacy, and a 3DES/SHA-1 one for `-legacy`; keytool lists both', async () => {
    const modern = await cli(['pfx', 'create', '--cert', '@leaf-rsa.cer', '--key', `@${pki.leafRsaKey}`, '--chain', '@ca-bundle.pem', '--out', '@m.pfx', '--password-env', 'PASS', '--name', 'web']);
    expect(modern.code, modern.stderr).toBe(0);
    expect(modern.stdout).toMatch(/modern \(AES-256\/SHA-256\) \.pfx with "web": leaf \+ 2 chain/);
    const modernInfo = openssl(t.dir, ['pkcs12', '-in', 'm.pfx', '-info', '-noout', '-passin', 'env:PASS'], { env }).stderr;
    expect(modernInfo).toMatch(/MAC: sha256/);
    expect(modernInfo).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    const legacy = await cli(['pfx', 'create', '--cert', `@${pki.leafEc}`, '--key', '@ec-enc.key', '--key-password-env', 'KEYPASS', '--out', '@l.pfx', '--password-env', 'PASS', '--legacy']);
    expect(legacy.code, legacy.stderr).toBe(0);
    expect(legacy.stdout).toMatch(/add the intermediate certificate/);
    const legacyInfo = openssl(t.dir, ['pkcs12', '-legacy', '-in', 'l.pfx', '-info', '-noout', '-passin', 'env:PASS'], { env }).stderr;
    expect(legacyInfo).toMatch(/MAC: sha1/);
    expect(legacyInfo).toMatch(/Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC/);
    expect(keytoolList(t.dir, 'm.pfx', { PASS })).toMatchObject([{ alias: 'web', chainLength: 3 }]);
    expect(keytoolList(t.dir, 'l.pfx', { PASS })).toMatchObject([{ alias: 'ec.example.com', chainLength: 1 }]);
  });

  it('refuses a mismatched key, a wrong key password and a truncated pfx with exit 2, creating no file', async () => {
    await expectRefused(['pfx', 'create', '--cert', `@${pki.leafRsa}`, '--key', `@${pki.leafEcKey}`, '--out', '@x.pfx', '--password-env', 'PASS'], /does not belong to the certificate/);
    await expectRefused(['pfx', 'create', '--cert', `@${pki.leafEc}`, '--key', '@ec-enc.key', '--key-password-env', 'PASS', '--out', '@x.pfx', '--password-env', 'PASS'], /private key password is wrong/);
    await expectRefused(['pfx', 'create', '--cert', `@${pki.leafEc}`, '--key', '@ec-enc.key', '--out', '@x.pfx', '--password-env', 'PASS'], /encrypted; its password is needed/);
    await expectRefused(['pfx', 'extract', '@truncated.p12', '--password-env', 'PASS', '--out-cert', '@x.crt', '--out-key', '@x.key'], /damaged or truncated/);
    await expectRefused(['pfx', 'extract', '@modern.p12', '--password-env', 'KEYPASS', '--out-cert', '@x.crt', '--out-key', '@x.key'], /The .pfx password is wrong/);
    await expectRefused(['pfx', 'create', '--cert', `@${pki.leafEc}`, '--out', '@x.pfx', '--password', 'secret'], /--password does not take a value/);
  });

  it('extracts cert, key and chain that match the original files exactly', async () => {
    const r = await cli(['pfx', 'extract', '@legacy.p12', '--password-env', 'PASS', '--out-cert', '@out.crt', '--out-key', '@out.key', '--out-chain', '@out-chain.pem']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Extracted "rsa"/);
    expect(derOf(t.dir, 'out.crt')).toEqual(derOf(t.dir, pki.leafRsa));
    expect(pkcs8Of(t.dir, 'out.key')).toEqual(pkcs8Of(t.dir, pki.leafRsaKey));
    expect(openssl(t.dir, ['crl2pkcs7', '-nocrl', '-certfile', 'out-chain.pem']).stdout).toBe(openssl(t.dir, ['crl2pkcs7', '-nocrl', '-certfile', 'ca-bundle.pem']).stdout);
    expect(existsSync(t.path('out.key'))).toBe(true);
  });
});
