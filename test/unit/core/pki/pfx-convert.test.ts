/** .pfx profiles: inspect names the algorithms and who refuses them; pfxConvert re-encrypts, openssl and keytool as oracles. */
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCertdesk } from '../../../helpers/cli.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { inspectBytes } from '../../../../electron/core/pki/inspect.js';
import { keytoolList, makePki, openssl, type Pki, type TempDir, tempDir } from './helpers.js';

const PASS = 'convert pass 1';
const NEW = 'new convert pass 2';
const env = { PASS, NEW };
let t: TempDir;
let pki: Pki;
let core: TestCore;

const info = (file: string, passEnv: string, legacy = false) =>
  openssl(t.dir, ['pkcs12', ...(legacy ? ['-legacy'] : []), '-in', file, '-info', '-noout', '-passin', `env:${passEnv}`], { env, allowFail: true });
/** The certificates in a .pfx as openssl prints them (PEM), for comparing contents without Certdesk's reader. */
const certsOf = (file: string, passEnv: string, legacy = false) =>
  openssl(t.dir, ['pkcs12', ...(legacy ? ['-legacy'] : []), '-in', file, '-nokeys', '-passin', `env:${passEnv}`], { env }).stdout.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g)?.sort();
const keyOf = (file: string, passEnv: string, legacy = false) =>
  openssl(t.dir, ['pkcs12', ...(legacy ? ['-legacy'] : []), '-in', file, '-nocerts', '-nodes', '-passin', `env:${passEnv}`], { env }).stdout.match(/-----BEGIN PRIVATE KEY-----[^-]+-----END PRIVATE KEY-----/)?.[0];

beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
  t.write('chain.pem', Buffer.concat([t.read(pki.inter), t.read(pki.root)]));
  openssl(t.dir, ['pkcs12', '-export', '-in', pki.leafRsa, '-inkey', pki.leafRsaKey, '-certfile', 'chain.pem', '-name', 'web', '-passout', 'env:PASS', '-out', 'modern.p12'], { env });
  openssl(t.dir, ['pkcs12', '-export', '-legacy', '-in', pki.leafEc, '-inkey', pki.leafEcKey, '-name', 'old-ec', '-passout', 'env:PASS', '-out', 'legacy.p12'], { env });
  core = createTestCore();
});
afterAll(() => {
  core.cleanup();
  t.cleanup();
});

describe('.pfx profiles', () => {
  it('inspect names the algorithms of a modern .pfx and which systems refuse it', () => {
    const r = inspectBytes(t.read('modern.p12'), { password: PASS });
    expect(r.pkcs12Profile).toBe('modern');
    expect(r.pkcs12Encryption).toEqual({ keys: ['PBES2, PBKDF2, AES-256-CBC, PRF hmacWithSHA256'], certificates: ['PBES2, PBKDF2, AES-256-CBC, PRF hmacWithSHA256'], mac: 'SHA-256' });
    const f = r.findings.find((x) => x.code === 'pfx-modern-encryption');
    expect(f).toMatchObject({ severity: 'info', message: expect.stringMatching(/Windows Server 2016 and older, Java before 8u301 and many appliances.*password is incorrect/) });
    expect(f?.fix).toMatch(/legacy/);
  });

  it('inspect names a legacy .pfx (RC2 certificates, 3DES key): FIPS and OpenSSL 3 without -legacy refuse it', () => {
    const r = inspectBytes(t.read('legacy.p12'), { password: PASS });
    expect(r.pkcs12Profile).toBe('legacy');
    expect(r.pkcs12Encryption).toEqual({ keys: ['pbeWithSHA1And3-KeyTripleDES-CBC'], certificates: ['pbeWithSHA1And40BitRC2-CBC'], mac: 'SHA-1' });
    expect(r.findings.find((x) => x.code === 'pfx-legacy-encryption')?.message).toMatch(/FIPS.*OpenSSL 3.*-legacy/);
    expect(info('legacy.p12', 'PASS').status).not.toBe(0);
  });

  it('converts modern → legacy with the same password: openssl -legacy shows 3DES and a SHA-1 MAC, every key, certificate and name carried', async () => {
    const r = await core.services['pki.pfxConvert']({ pfxPath: t.path('modern.p12'), password: PASS, to: 'legacy', outPath: t.path('to-legacy.p12') });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ from: 'modern', to: 'legacy', keys: [{ alias: 'web', chainLength: 3 }], otherCertificates: 0, passwordChanged: false });
    expect(r.value.encryption).toEqual({ keys: ['pbeWithSHA1And3-KeyTripleDES-CBC'], certificates: ['pbeWithSHA1And3-KeyTripleDES-CBC'], mac: 'SHA-1' });
    const out = info('to-legacy.p12', 'PASS', true);
    expect(out.status).toBe(0);
    expect(out.stderr).toMatch(/MAC: sha1/);
    expect(out.stderr).toMatch(/Shrouded Keybag: pbeWithSHA1And3-KeyTripleDES-CBC/);
    expect(out.stderr).not.toMatch(/PBES2/);
    expect(certsOf('to-legacy.p12', 'PASS', true)).toEqual(certsOf('modern.p12', 'PASS'));
    expect(keyOf('to-legacy.p12', 'PASS', true)).toEqual(keyOf('modern.p12', 'PASS'));
    expect(openssl(t.dir, ['pkcs12', '-legacy', '-in', 'to-legacy.p12', '-nokeys', '-passin', 'env:PASS'], { env }).stdout).toMatch(/friendlyName: web/);
    expect(keytoolList(t.dir, 'to-legacy.p12', { PASS })).toMatchObject([{ alias: 'web', type: 'PrivateKeyEntry', chainLength: 3 }]);
    expect(statSync(t.path('to-legacy.p12')).mode & 0o777).toBe(0o600);
  });

  it('converts legacy → modern under a new password; the old one no longer opens it; an existing output needs overwrite', async () => {
    const input = { pfxPath: t.path('legacy.p12'), password: PASS, to: 'modern' as const, newPassword: NEW, outPath: t.path('to-modern.p12') };
    const r = await core.services['pki.pfxConvert'](input);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value).toMatchObject({ from: 'legacy', to: 'modern', passwordChanged: true, keys: [{ alias: 'old-ec', chainLength: 1 }] });
    const out = info('to-modern.p12', 'NEW');
    expect(out.status).toBe(0);
    expect(out.stderr).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC/);
    expect(out.stderr).toMatch(/MAC: sha256/);
    expect(info('to-modern.p12', 'PASS').status).not.toBe(0);
    expect(keyOf('to-modern.p12', 'NEW')).toEqual(keyOf('legacy.p12', 'PASS', true));
    const again = await core.services['pki.pfxConvert'](input);
    expect(again.ok ? 'ok' : again.error.code).toBe('FILE_EXISTS');
    expect((await core.services['pki.pfxConvert']({ ...input, overwrite: true })).ok).toBe(true);
    expect((await core.services['pki.pfxConvert']({ ...input, outPath: t.path('x.p12'), password: 'wrong' })).ok).toBe(false);
  });

  it('certdesk pfx convert does it from the command line', async () => {
    const r = await runCertdesk(['pfx', 'convert', t.path('modern.p12'), '--to', 'legacy', '--out', t.path('cli-legacy.p12'), '--password-env', 'PASS'], { env: { CERTDESK_HOME: t.path('home'), ...env } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Converted from modern to legacy \(same password\): "web" \(3 certificates\)/);
    expect(info('cli-legacy.p12', 'PASS', true).stderr).toMatch(/pbeWithSHA1And3-KeyTripleDES-CBC/);
    const bad = await runCertdesk(['pfx', 'convert', t.path('modern.p12'), '--to', 'old', '--out', t.path('x.p12'), '--password-env', 'PASS'], { env: { CERTDESK_HOME: t.path('home'), ...env } });
    expect(bad.code).toBe(2);
  });
});
