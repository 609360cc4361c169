import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadKeystore } from '../../../../electron/core/keystore/keystore.js';
import type { TestCore } from '../../../helpers/core.js';
import { fingerprint, keytool, keytoolList } from './helpers.js';
import {
  ADMIN_KEYPASS, KEYFILE_PASS, PFX_PASS, STOREPASS, type ServiceFixtures, bytes, errorCode, expectNoSecrets, freshJks, setUpServiceSuite, value,
} from './service-fixtures.js';

/** keystore.list / pfxAliases / importPfx / importKey / trust through the real services, keytool as the oracle. */

let f: ServiceFixtures;
let core: TestCore;
setUpServiceSuite('svc', (fixtures, testCore) => {
  f = fixtures;
  core = testCore;
});

describe('keystore.list', () => {
  it('describes every entry of a keytool-made JKS with the fingerprints keytool prints', async () => {
    const listing = value(await core.services['keystore.list']({ path: f.jks, storePassword: STOREPASS }));
    const oracle = await keytoolList(f.jks, STOREPASS);
    expect(listing.type).toBe('JKS');
    expect(listing.entries.map((e) => e.alias).sort()).toEqual(oracle.entries.map((e) => e.alias).sort());
    for (const want of oracle.entries) {
      const got = listing.entries.find((e) => e.alias === want.alias)!;
      expect(got.certificates.map((c) => c.sha256)).toEqual(want.sha256);
      expect(got.kind).toBe(want.entryType === 'PrivateKeyEntry' ? 'privateKey' : 'trustedCert');
    }
    // The admin tool's key has its own key password: listed, marked locked, never needed.
    expect(listing.entries.find((e) => e.alias === 'admin-tool')).toMatchObject({ kind: 'privateKey', locked: true, chainLength: 1 });
    expect(listing.entries.find((e) => e.alias === 'server')?.certificates[0]).toMatchObject({ subject: 'CN=agent.example.com', keyType: 'RSA', keySize: 2048 });
    expect(new Date(listing.entries[0]!.created).getFullYear()).toBeGreaterThan(2020);
    expectNoSecrets(listing, [STOREPASS, ADMIN_KEYPASS]);
  });

  it('reads PKCS#12 and JCEKS stores keytool converted from it', async () => {
    for (const type of ['PKCS12', 'JCEKS'] as const) {
      const out = join(f.dir, `list-${type}.ks`);
      await keytool(['-importkeystore', '-srckeystore', f.jks, '-srcstorepass', STOREPASS, '-srcalias', 'server', '-destkeystore', out, '-deststoretype', type, '-deststorepass', STOREPASS]);
      const listing = value(await core.services['keystore.list']({ path: out, storePassword: STOREPASS }));
      expect(listing.type).toBe(type);
      expect(listing.entries.map((e) => e.alias)).toEqual(['server']);
      expect(listing.entries[0]!.certificates[0]!.sha256).toBe((await keytoolList(out, STOREPASS)).entries[0]!.sha256[0]);
    }
  });

  it('says clearly what is wrong: password, missing file, not a keystore, damaged keystore', async () => {
    const wrong = await core.services['keystore.list']({ path: f.jks, storePassword: 'wrong-password' });
    expect(wrong.ok ? null : wrong.error).toMatchObject({ code: 'BAD_PASSWORD', message: expect.stringContaining('password is wrong') });
    expect(errorCode(await core.services['keystore.list']({ path: join(f.dir, 'nope.jks'), storePassword: STOREPASS }))).toBe('FILE_NOT_FOUND');
    expect(errorCode(await core.services['keystore.list']({ path: f.leafCert, storePassword: STOREPASS }))).toBe('UNSUPPORTED_FORMAT');
    const cut = join(f.dir, 'cut.keystore');
    await writeFile(cut, (await readFile(f.jks)).subarray(0, 900));
    expect(errorCode(await core.services['keystore.list']({ path: cut, storePassword: STOREPASS }))).toBe('KEYSTORE_CORRUPT');
    expect(errorCode(await core.services['keystore.list']({ path: '', storePassword: STOREPASS }))).toBe('VALIDATION_FAILED');
  });

  it('reports progress over a big store and stops when cancelled', async () => {
    const big = await freshJks(f);
    for (let i = 0; i < 3; i++) {
      // 60 trusted entries: the list is described in slices, with progress between them.
      for (let j = 0; j < 20; j++) value(await core.services['keystore.trust']({ path: big, storePassword: STOREPASS, certPath: f.rootCert, alias: `ca-${i}-${j}` }));
    }
    const events: Array<[number | undefined, string]> = [];
    const listing = value(await core.services['keystore.list']({ path: big, storePassword: STOREPASS }, { progress: (fr, m) => events.push([fr, m]) }));
    expect(listing.entries).toHaveLength(63);
    expect(events.some(([fr, m]) => fr === 1 && m.includes('63 of 63'))).toBe(true);
    const controller = new AbortController();
    controller.abort();
    expect(errorCode(await core.services['keystore.list']({ path: big, storePassword: STOREPASS }, { signal: controller.signal }))).toBe('CANCELLED');
  }, 60_000);
});

describe('keystore.importPfx', () => {
  it('imports a .pfx with its chain into the agent keystore, keeps the other entries and backs up to .orig', async () => {
    const ks = await freshJks(f);
    const before = await bytes(ks);
    const r = value(await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: f.chainPfx, pfxPassword: PFX_PASS, alias: 'https' }));
    expect(r).toMatchObject({ alias: 'https', replaced: false, changed: true, type: 'JKS', entryCount: 4, chainComplete: true, ignoredCertificates: 0 });
    expect(r.write).toMatchObject({ path: ks, created: false, backupPath: `${ks}.orig`, backupKind: 'orig' });
    expect(r.summary).toContain(`${ks}.orig`);
    expect(await bytes(`${ks}.orig`)).toEqual(before);
    expect(r.entry.certificates.map((c) => c.sha256)).toEqual([fingerprint(f.leaf.certDer), fingerprint(f.root.certDer)]);
    const oracle = await keytoolList(ks, STOREPASS);
    expect(oracle.entries.find((e) => e.alias === 'https')).toEqual({ alias: 'https', entryType: 'PrivateKeyEntry', sha256: [fingerprint(f.leaf.certDer), fingerprint(f.root.certDer)] });
    expect(oracle.entries.map((e) => e.alias).sort()).toEqual(['admin-tool', 'https', 'partner-ca', 'server']);
    // The admin tool's entry survived byte for byte and still opens with its own key password.
    const reloaded = loadKeystore(await bytes(ks), STOREPASS, { keyPasswords: (a) => (a === 'admin-tool' ? ADMIN_KEYPASS : undefined) });
    expect(reloaded.entries.find((e) => e.alias === 'admin-tool')?.keyPkcs8Der).toBeDefined();
    expectNoSecrets(r, [STOREPASS, PFX_PASS, ADMIN_KEYPASS], [f.leaf.keyPkcs8Der]);
  });

  it('never overwrites silently: ALIAS_EXISTS leaves the bytes, then replace or rename on request', async () => {
    const ks = await freshJks(f);
    value(await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: f.chainPfx, pfxPassword: PFX_PASS, alias: 'https' }));
    const after1 = await bytes(ks);
    const clash = await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: f.chainPfx, pfxPassword: PFX_PASS, alias: 'HTTPS' });
    expect(clash.ok ? null : clash.error).toMatchObject({ code: 'ALIAS_EXISTS', hint: expect.stringMatching(/replace or rename/) });
    expect(await bytes(ks)).toEqual(after1);
    const renamed = value(await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: f.chainPfx, pfxPassword: PFX_PASS, alias: 'https', onClash: 'rename' }));
    expect(renamed).toMatchObject({ alias: 'https-2', replaced: false, entryCount: 5 });
    expect(renamed.summary).toContain("the alias 'https' was taken");
    expect(renamed.write?.backupKind).toBe('timestamped');
    const replaced = value(await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: f.twoKeyPfx, pfxPassword: PFX_PASS, sourceAlias: 'second', alias: 'https', onClash: 'replace' }));
    expect(replaced).toMatchObject({ alias: 'https', replaced: true, entryCount: 5 });
    const oracle = await keytoolList(ks, STOREPASS);
    expect(oracle.entries.map((e) => e.alias).sort()).toEqual(['admin-tool', 'https', 'https-2', 'partner-ca', 'server']);
    expect(oracle.entries.find((e) => e.alias === 'https')?.sha256[0]).toBe(replaced.entry.certificates[0]?.sha256);
  });

  it('asks which key to take from a .pfx with several (CHOICE_REQUIRED), and lists them for the choice', async () => {
    const ks = await freshJks(f);
    const before = await bytes(ks);
    const r = await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: f.twoKeyPfx, pfxPassword: PFX_PASS });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'CHOICE_REQUIRED', message: expect.stringContaining("'first', 'second'") });
    expect(await bytes(ks)).toEqual(before);
    const contents = value(await core.services['keystore.pfxAliases']({ pfxPath: f.twoKeyPfx, pfxPassword: PFX_PASS }));
    expect(contents.keys.map((k) => [k.alias, k.certificate.subject])).toEqual([['first', 'CN=first'], ['second', 'CN=second']]);
    expectNoSecrets(contents, [PFX_PASS]);
    const chosen = value(await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: f.twoKeyPfx, pfxPassword: PFX_PASS, sourceAlias: 'second' }));
    expect(chosen.alias).toBe('second');
    expect(errorCode(await core.services['keystore.pfxAliases']({ pfxPath: f.twoKeyPfx, pfxPassword: 'nope' }))).toBe('BAD_PASSWORD');
  });

  it('creates a missing keystore of the requested type, which keytool reads', async () => {
    for (const storeType of ['jks', 'pkcs12'] as const) {
      const ks = join(f.dir, `new-${storeType}.keystore`);
      const r = value(await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, storeType, pfxPath: f.chainPfx, pfxPassword: PFX_PASS }));
      expect(r).toMatchObject({ alias: 'web', type: storeType.toUpperCase(), write: { created: true, backupPath: null } });
      expect(r.summary).toContain('Created');
      const oracle = await keytoolList(ks, STOREPASS);
      expect(oracle.type.toUpperCase()).toBe(storeType.toUpperCase());
      expect(oracle.entries).toEqual([{ alias: 'web', entryType: 'PrivateKeyEntry', sha256: [fingerprint(f.leaf.certDer), fingerprint(f.root.certDer)] }]);
      expect((await stat(ks)).mode & 0o777).toBe(0o600);
    }
    const short = await core.services['keystore.importPfx']({ path: join(f.dir, 'short.keystore'), storePassword: 'abc', pfxPath: f.chainPfx, pfxPassword: PFX_PASS });
    expect(errorCode(short)).toBe('VALIDATION_FAILED');
  });

  it('rejects a wrong .pfx password, a wrong store password and a key password for PKCS#12, leaving the file alone', async () => {
    const ks = await freshJks(f);
    const before = await bytes(ks);
    expect(errorCode(await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: f.chainPfx, pfxPassword: 'wrong' }))).toBe('BAD_PASSWORD');
    expect(errorCode(await core.services['keystore.importPfx']({ path: ks, storePassword: 'wrong-store', pfxPath: f.chainPfx, pfxPassword: PFX_PASS }))).toBe('BAD_PASSWORD');
    expect(errorCode(await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: join(f.dir, 'missing.pfx'), pfxPassword: PFX_PASS }))).toBe('FILE_NOT_FOUND');
    expect(await bytes(ks)).toEqual(before);
    const p12 = join(f.dir, 'kp.p12');
    value(await core.services['keystore.importPfx']({ path: p12, storePassword: STOREPASS, storeType: 'pkcs12', pfxPath: f.chainPfx, pfxPassword: PFX_PASS }));
    const p12Before = await bytes(p12);
    const kp = await core.services['keystore.importPfx']({ path: p12, storePassword: STOREPASS, pfxPath: f.chainPfx, pfxPassword: PFX_PASS, alias: 'x', keyPassword: 'different-1' });
    expect(kp.ok ? null : kp.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining('PKCS#12') });
    expect(await bytes(p12)).toEqual(p12Before);
  });

  it('stores a JKS key under its own key password when asked (keytool -keypass)', async () => {
    const ks = await freshJks(f);
    const r = value(await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: f.chainPfx, pfxPassword: PFX_PASS, alias: 'own', keyPassword: 'own-key-pass' }));
    expectNoSecrets(r, ['own-key-pass']);
    const listing = value(await core.services['keystore.list']({ path: ks, storePassword: STOREPASS }));
    expect(listing.entries.find((e) => e.alias === 'own')?.locked).toBe(true);
    const out = join(f.dir, 'own-check.p12');
    await keytool(['-importkeystore', '-srckeystore', ks, '-srcstorepass', STOREPASS, '-srcalias', 'own', '-srckeypass', 'own-key-pass',
      '-destkeystore', out, '-deststoretype', 'PKCS12', '-deststorepass', STOREPASS]);
    expect((await keytoolList(out, STOREPASS)).entries[0]?.sha256[0]).toBe(fingerprint(f.leaf.certDer));
  });
});

describe('keystore.importKey', () => {
  it('imports a certificate with an encrypted key and a chain file in issuer order', async () => {
    const ks = await freshJks(f);
    const r = value(await core.services['keystore.importKey']({
      path: ks, storePassword: STOREPASS, certPath: f.leafCert, keyPath: f.encryptedKey, keyFilePassword: KEYFILE_PASS, chainPaths: [f.rootCert], alias: 'web-server',
    }));
    expect(r).toMatchObject({ alias: 'web-server', chainComplete: true, ignoredCertificates: 0, entry: { kind: 'privateKey', chainLength: 2 } });
    expect((await keytoolList(ks, STOREPASS)).entries.find((e) => e.alias === 'web-server')?.sha256).toEqual([fingerprint(f.leaf.certDer), fingerprint(f.root.certDer)]);
    expectNoSecrets(r, [STOREPASS, KEYFILE_PASS], [f.leaf.keyPkcs8Der]);
  });

  it('says when the chain is incomplete and counts certificates that do not belong', async () => {
    const ks = await freshJks(f);
    const r = value(await core.services['keystore.importKey']({
      path: ks, storePassword: STOREPASS, certPath: f.leafCert, keyPath: f.encryptedKey, keyFilePassword: KEYFILE_PASS, chainPaths: [f.otherCert], alias: 'web',
    }));
    expect(r).toMatchObject({ chainComplete: false, missingIssuer: expect.stringContaining('web-root'), ignoredCertificates: 1, entry: { chainLength: 1 } });
  });

  it('reports a missing or wrong key-file password and a key that does not fit, leaving the file alone', async () => {
    const ks = await freshJks(f);
    const before = await bytes(ks);
    const base = { path: ks, storePassword: STOREPASS, certPath: f.leafCert, keyPath: f.encryptedKey, alias: 'k' };
    expect(errorCode(await core.services['keystore.importKey'](base))).toBe('PASSWORD_REQUIRED');
    expect(errorCode(await core.services['keystore.importKey']({ ...base, keyFilePassword: 'nope' }))).toBe('BAD_PASSWORD');
    expect(errorCode(await core.services['keystore.importKey']({ ...base, keyPath: f.otherKey }))).toBe('KEY_CERT_MISMATCH');
    expect(errorCode(await core.services['keystore.importKey']({ ...base, keyPath: undefined }))).toBe('NO_PRIVATE_KEY');
    expect(await bytes(ks)).toEqual(before);
  });

  it('takes an RSA key from a PEM file holding the certificate and the key together', async () => {
    const ks = await freshJks(f);
    const both = join(f.dir, 'other-both.pem');
    await writeFile(both, f.other.certPem + f.other.keyPem);
    const r = value(await core.services['keystore.importKey']({ path: ks, storePassword: STOREPASS, certPath: both, alias: 'other' }));
    expect(r.entry.certificates[0]).toMatchObject({ keyType: 'RSA', sha256: fingerprint(f.other.certDer) });
  });
});

describe('keystore.trust', () => {
  it('trusts a certificate from a file or pasted PEM, as keytool -importcert would', async () => {
    const ks = await freshJks(f);
    const fromFile = value(await core.services['keystore.trust']({ path: ks, storePassword: STOREPASS, certPath: f.leafCert, alias: 'web-leaf' }));
    expect(fromFile).toMatchObject({ alias: 'web-leaf', entry: { kind: 'trustedCert', chainLength: 1 }, ignoredCertificates: 0 });
    const pasted = value(await core.services['keystore.trust']({ path: ks, storePassword: STOREPASS, certPem: `\n  ${f.other.certPem}${f.root.certPem}`, alias: 'Pasted' }));
    expect(pasted).toMatchObject({ alias: 'pasted', ignoredCertificates: 1 });
    expect(pasted.summary).toContain('only the first of the 2 certificates');
    const again = value(await core.services['keystore.trust']({ path: ks, storePassword: STOREPASS, certPath: f.rootCert, alias: 'root-again' }));
    expect(again.summary).toContain("also trusted as 'partner-ca'");
    const oracle = await keytoolList(ks, STOREPASS);
    expect(oracle.entries.filter((e) => e.entryType === 'trustedCertEntry').map((e) => [e.alias, e.sha256[0]]).sort()).toEqual(
      [['partner-ca', fingerprint(f.root.certDer)], ['pasted', fingerprint(f.other.certDer)], ['root-again', fingerprint(f.root.certDer)], ['web-leaf', fingerprint(f.leaf.certDer)]].sort(),
    );
  });

  it('refuses input that is not a certificate, or both sources at once', async () => {
    const ks = await freshJks(f);
    expect(errorCode(await core.services['keystore.trust']({ path: ks, storePassword: STOREPASS, certPem: 'hello', alias: 'x' }))).toBe('UNSUPPORTED_FORMAT');
    expect(errorCode(await core.services['keystore.trust']({ path: ks, storePassword: STOREPASS, certPem: f.leaf.keyPem, alias: 'x' }))).toBe('NO_CERTIFICATE');
    expect(errorCode(await core.services['keystore.trust']({ path: ks, storePassword: STOREPASS, certPath: f.rootCert, certPem: f.root.certPem, alias: 'x' }))).toBe('VALIDATION_FAILED');
    expect(errorCode(await core.services['keystore.trust']({ path: ks, storePassword: STOREPASS, certPath: f.rootCert, alias: 'partner-ca' }))).toBe('ALIAS_EXISTS');
  });
});
