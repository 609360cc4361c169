import { X509Certificate } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKeystore } from '../../../../electron/core/keystore/keystore.js';
import type { TestCore } from '../../../helpers/core.js';
import { fingerprint, keytool, keytoolList, keytoolRaw } from './helpers.js';
import { ADMIN_KEYPASS, PFX_PASS, STOREPASS, type ServiceFixtures, bytes, errorCode, expectNoSecrets, freshJks, setUpServiceSuite, value } from './service-fixtures.js';

/** keystore.exportCert / delete / rename / changePassword / convert through the real services. */

let f: ServiceFixtures;
let core: TestCore;
setUpServiceSuite('svc-files', (fixtures, testCore) => {
  f = fixtures;
  core = testCore;
});

describe('keystore.exportCert', () => {
  it('writes PEM and DER equal to keytool -exportcert, and refuses to overwrite unless asked', async () => {
    const pem = join(f.dir, 'server.cer');
    const r = value(await core.services['keystore.exportCert']({ path: f.jks, storePassword: STOREPASS, alias: 'SERVER', outPath: pem }));
    expect(r).toMatchObject({ alias: 'server', format: 'pem', write: { path: pem, created: true, backupPath: null } });
    expect((await stat(pem)).mode & 0o777).toBe(0o644);
    const ref = join(f.dir, 'server-keytool.der');
    await keytool(['-exportcert', '-alias', 'server', '-keystore', f.jks, '-storepass', STOREPASS, '-file', ref]);
    const refDer = await readFile(ref);
    expect(new X509Certificate(await readFile(pem, 'utf8')).raw).toEqual(refDer);
    expect(r.certificate.sha256).toBe(fingerprint(refDer));

    const der = join(f.dir, 'server.der');
    value(await core.services['keystore.exportCert']({ path: f.jks, storePassword: STOREPASS, alias: 'server', outPath: der, format: 'der' }));
    expect(await readFile(der)).toEqual(refDer);

    const again = await core.services['keystore.exportCert']({ path: f.jks, storePassword: STOREPASS, alias: 'partner-ca', outPath: pem });
    expect(again.ok ? null : again.error).toMatchObject({ code: 'FILE_EXISTS', hint: expect.stringContaining('overwrit') });
    expect(new X509Certificate(await readFile(pem, 'utf8')).raw).toEqual(refDer);
    const forced = value(await core.services['keystore.exportCert']({ path: f.jks, storePassword: STOREPASS, alias: 'partner-ca', outPath: pem, overwrite: true }));
    expect(forced.write).toMatchObject({ created: false, backupPath: `${pem}.orig` });
    expect(new X509Certificate(await readFile(pem, 'utf8')).raw).toEqual(f.root.certDer);
  });

  it('exports a certificate from a locked key entry without its key password, and refuses the keystore itself as target', async () => {
    const out = join(f.dir, 'admin.cer');
    expect(value(await core.services['keystore.exportCert']({ path: f.jks, storePassword: STOREPASS, alias: 'admin-tool', outPath: out })).certificate.subject).toBe('CN=Agent Admin Tool');
    expect(errorCode(await core.services['keystore.exportCert']({ path: f.jks, storePassword: STOREPASS, alias: 'nope', outPath: join(f.dir, 'x.cer') }))).toBe('ALIAS_NOT_FOUND');
    expect(errorCode(await core.services['keystore.exportCert']({ path: f.jks, storePassword: STOREPASS, alias: 'server', outPath: f.jks, overwrite: true }))).toBe('VALIDATION_FAILED');
  });
});

describe('keystore.delete and keystore.rename', () => {
  it('deletes an entry with a backup; an unknown alias changes nothing', async () => {
    const ks = await freshJks(f);
    const before = await bytes(ks);
    const missing = await core.services['keystore.delete']({ path: ks, storePassword: STOREPASS, alias: 'ghost' });
    expect(missing.ok ? null : missing.error).toMatchObject({ code: 'ALIAS_NOT_FOUND', hint: expect.stringContaining('admin-tool') });
    expect(await bytes(ks)).toEqual(before);
    const r = value(await core.services['keystore.delete']({ path: ks, storePassword: STOREPASS, alias: 'Partner-CA' }));
    expect(r).toMatchObject({ alias: 'partner-ca', entryCount: 2, write: { backupPath: `${ks}.orig` } });
    expect(await bytes(`${ks}.orig`)).toEqual(before);
    expect((await keytoolList(ks, STOREPASS)).entries.map((e) => e.alias).sort()).toEqual(['admin-tool', 'server']);
  });

  it('deletes the last entry of a PKCS#12 store, and reads an empty PKCS#12 store keytool left behind', async () => {
    const p12 = join(f.dir, 'last-entry.p12');
    value(await core.services['keystore.importPfx']({ path: p12, storePassword: STOREPASS, storeType: 'pkcs12', pfxPath: f.chainPfx, pfxPassword: PFX_PASS }));
    const r = value(await core.services['keystore.delete']({ path: p12, storePassword: STOREPASS, alias: 'web' }));
    expect(r).toMatchObject({ entryCount: 0, type: 'PKCS12' });
    expect((await keytoolList(p12, STOREPASS)).entries).toEqual([]);
    expect(value(await core.services['keystore.list']({ path: p12, storePassword: STOREPASS })).entries).toEqual([]);
    const byKeytool = join(f.dir, 'keytool-empty.p12');
    await keytool(['-genkeypair', '-alias', 'x', '-keyalg', 'EC', '-dname', 'CN=x', '-keystore', byKeytool, '-storetype', 'PKCS12', '-storepass', STOREPASS]);
    await keytool(['-delete', '-alias', 'x', '-keystore', byKeytool, '-storepass', STOREPASS]);
    expect((await bytes(byKeytool)).length).toBeLessThan(128);
    expect(value(await core.services['keystore.list']({ path: byKeytool, storePassword: STOREPASS }))).toMatchObject({ type: 'PKCS12', entries: [] });
  });

  it('renames an alias (the locked admin key moves without its key password); clashes ask first', async () => {
    const ks = await freshJks(f);
    const r = value(await core.services['keystore.rename']({ path: ks, storePassword: STOREPASS, alias: 'admin-tool', newAlias: 'Admin-Tool-Old' }));
    expect(r).toMatchObject({ alias: 'admin-tool', newAlias: 'admin-tool-old', replaced: false });
    const reloaded = loadKeystore(await bytes(ks), STOREPASS, { keyPasswords: (a) => (a === 'admin-tool-old' ? ADMIN_KEYPASS : undefined) });
    expect(reloaded.entries.find((e) => e.alias === 'admin-tool-old')?.keyPkcs8Der).toBeDefined();
    const before = await bytes(ks);
    expect(errorCode(await core.services['keystore.rename']({ path: ks, storePassword: STOREPASS, alias: 'server', newAlias: 'partner-ca' }))).toBe('ALIAS_EXISTS');
    expect(await bytes(ks)).toEqual(before);
    const kept = value(await core.services['keystore.rename']({ path: ks, storePassword: STOREPASS, alias: 'server', newAlias: 'partner-ca', onClash: 'rename' }));
    expect(kept.newAlias).toBe('partner-ca-2');
    expect((await keytoolList(ks, STOREPASS)).entries.map((e) => e.alias).sort()).toEqual(['admin-tool-old', 'partner-ca', 'partner-ca-2']);
  });
});

describe('keystore.changePassword', () => {
  it('re-protects the store; keys that used the store password follow it, the admin key keeps its own', async () => {
    const ks = await freshJks(f);
    const r = value(await core.services['keystore.changePassword']({ path: ks, storePassword: STOREPASS, newStorePassword: 'n3w-store-pass' }));
    expect(r.summary).toContain('1 key entry keeps its own key password');
    expectNoSecrets(r, [STOREPASS, 'n3w-store-pass', ADMIN_KEYPASS]);
    expect((await keytoolList(ks, 'n3w-store-pass')).entries).toHaveLength(3);
    expect((await keytoolRaw(['-list', '-keystore', ks, '-storepass', STOREPASS])).code).not.toBe(0);
    // The server key now opens with the new password (as a Java agent with one password needs).
    const out = join(f.dir, 'pw-check.p12');
    await keytool(['-importkeystore', '-srckeystore', ks, '-srcstorepass', 'n3w-store-pass', '-srcalias', 'server', '-destkeystore', out, '-deststoretype', 'PKCS12', '-deststorepass', 'n3w-store-pass']);
    const reloaded = loadKeystore(await bytes(ks), 'n3w-store-pass', { keyPasswords: (a) => (a === 'admin-tool' ? ADMIN_KEYPASS : undefined) });
    expect(reloaded.entries.every((e) => e.kind !== 'privateKey' || e.keyPkcs8Der)).toBe(true);
    expect(errorCode(await core.services['keystore.changePassword']({ path: ks, storePassword: 'n3w-store-pass', newStorePassword: '123' }))).toBe('VALIDATION_FAILED');
    expect(errorCode(await core.services['keystore.changePassword']({ path: ks, storePassword: 'wrong-pass', newStorePassword: '1234567' }))).toBe('BAD_PASSWORD');
  });
});

describe('keystore.convert', () => {
  it('JKS → PKCS#12 needs the key passwords of locked entries, then keytool reads the same aliases and fingerprints', async () => {
    const out = join(f.dir, 'converted.p12');
    const locked = await core.services['keystore.convert']({ path: f.jks, storePassword: STOREPASS, to: 'pkcs12', outPath: out });
    expect(locked.ok ? null : locked.error).toMatchObject({ code: 'BAD_PASSWORD', message: expect.stringContaining('admin-tool') });
    await expect(stat(out)).rejects.toThrow();
    const r = value(await core.services['keystore.convert']({ path: f.jks, storePassword: STOREPASS, to: 'pkcs12', outPath: out, keyPasswords: { 'ADMIN-TOOL': ADMIN_KEYPASS } }));
    expect(r).toMatchObject({ from: 'JKS', type: 'PKCS12', entryCount: 3, write: { path: out, created: true } });
    expectNoSecrets(r, [STOREPASS, ADMIN_KEYPASS]);
    const [src, dst] = await Promise.all([keytoolList(f.jks, STOREPASS), keytoolList(out, STOREPASS)]);
    expect(dst.type).toBe('PKCS12');
    expect(dst.entries.map((e) => [e.alias, e.entryType, e.sha256]).sort()).toEqual(src.entries.map((e) => [e.alias, e.entryType, e.sha256]).sort());
    expect(errorCode(await core.services['keystore.convert']({ path: f.jks, storePassword: STOREPASS, to: 'pkcs12', outPath: out, keyPasswords: { 'admin-tool': ADMIN_KEYPASS } }))).toBe('FILE_EXISTS');
  });

  it('PKCS#12 → JKS in place keeps a backup of the PKCS#12 original', async () => {
    const p12 = join(f.dir, 'inplace.p12');
    value(await core.services['keystore.importPfx']({ path: p12, storePassword: STOREPASS, storeType: 'pkcs12', pfxPath: f.chainPfx, pfxPassword: PFX_PASS }));
    const before = await bytes(p12);
    const r = value(await core.services['keystore.convert']({ path: p12, storePassword: STOREPASS, to: 'jks', outPath: p12 }));
    expect(r).toMatchObject({ from: 'PKCS12', type: 'JKS', write: { backupPath: `${p12}.orig` } });
    expect(await bytes(`${p12}.orig`)).toEqual(before);
    const oracle = await keytoolList(p12, STOREPASS);
    expect(oracle.type).toBe('JKS');
    expect(oracle.entries[0]).toMatchObject({ alias: 'web', entryType: 'PrivateKeyEntry' });
  });

  it('refuses a wrong password and a missing keystore, writing nothing', async () => {
    const out = join(f.dir, 'never.p12');
    expect(errorCode(await core.services['keystore.convert']({ path: f.jks, storePassword: 'wrong-pass', to: 'pkcs12', outPath: out }))).toBe('BAD_PASSWORD');
    expect(errorCode(await core.services['keystore.convert']({ path: join(f.dir, 'none.jks'), storePassword: STOREPASS, to: 'pkcs12', outPath: out }))).toBe('FILE_NOT_FOUND');
    await expect(stat(out)).rejects.toThrow();
  });
});
