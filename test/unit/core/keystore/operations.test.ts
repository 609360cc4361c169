import { writeFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeystore, saveKeystore } from '../../../../electron/core/keystore/keystore.js';
import type { Keystore } from '../../../../electron/core/keystore/model.js';
import {
  changeStorePassword, convertKeystore, deleteEntry, exportCertificate, importKeyPair, importPfx, listEntries, renameAlias, trustCertificate,
} from '../../../../electron/core/keystore/operations.js';
import { type KeyPair, fingerprint, keytool, keytoolList, opensslChain, opensslKeyPair, opensslPfxWithChain, tempDir, thrownCode } from './helpers.js';

/** Operations over the model, with key material from openssl and keytool as the reader of results. */

let dir: string;
let cleanup: () => Promise<void>;
let rsa: KeyPair;
let ec: KeyPair;
let leaf: KeyPair;
let root: KeyPair;
let chainPfx: Buffer;
let twoKeyPfx: Buffer;

function base(type: Keystore['type'] = 'JKS'): Keystore {
  let ks: Keystore = { type, entries: [] };
  ks = importKeyPair(ks, rsa.keyPkcs8Der, [rsa.certDer], { alias: 'server', created: new Date('2024-01-02T03:04:05Z') }).keystore;
  ks = importKeyPair(ks, ec.keyPkcs8Der, [ec.certDer], { alias: 'admin-tool', keyPassword: 'admin-only', created: new Date('2023-05-06T07:08:09Z') }).keystore;
  return trustCertificate(ks, root.certDer, { alias: 'partner-ca', created: new Date('2022-01-01T00:00:00Z') }).keystore;
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('ops'));
  [rsa, ec, { leaf, root }] = await Promise.all([opensslKeyPair(dir, 'rsa', 'rsa'), opensslKeyPair(dir, 'ec', 'ec'), opensslChain(dir, 'web')]);
  chainPfx = await opensslPfxWithChain(dir, 'web', leaf, [root], 'pfx-pass');
  // A .pfx with two keys, as keytool writes one.
  const two = join(dir, 'two.p12');
  const gen = (alias: string): Promise<string> =>
    keytool(['-genkeypair', '-alias', alias, '-keyalg', 'EC', '-dname', `CN=${alias}`, '-keystore', two, '-storetype', 'PKCS12', '-storepass', 'pfx-pass']);
  await gen('first');
  await gen('second');
  twoKeyPfx = await readFile(two);
}, 60_000);

afterAll(async () => cleanup?.());

describe('import', () => {
  it('imports a .pfx with its chain under its friendly name and lists facts per certificate', () => {
    const { keystore, alias } = importPfx(base(), chainPfx, 'pfx-pass', {});
    expect(alias).toBe('web');
    const listed = listEntries(keystore).find((e) => e.alias === 'web')!;
    expect(listed).toMatchObject({ kind: 'privateKey', chainLength: 2, locked: false });
    expect(listed.certificates.map((c) => c.sha256)).toEqual([fingerprint(leaf.certDer), fingerprint(root.certDer)]);
    expect(listed.certificates[0]!.san).toContain('dns:localhost');
    expect(listEntries(keystore).find((e) => e.alias === 'partner-ca')).toMatchObject({ kind: 'trustedCert', chainLength: 1 });
  });

  it('asks which key to take from a .pfx with several, and takes the one named', () => {
    expect(thrownCode(() => importPfx(base(), twoKeyPfx, 'pfx-pass', {}))).toBe('VALIDATION_FAILED');
    expect(thrownCode(() => importPfx(base(), twoKeyPfx, 'pfx-pass', { sourceAlias: 'third' }))).toBe('ALIAS_NOT_FOUND');
    const { keystore, alias } = importPfx(base(), twoKeyPfx, 'pfx-pass', { sourceAlias: 'second', alias: 'agent-cert' });
    expect(alias).toBe('agent-cert');
    expect(listEntries(keystore).find((e) => e.alias === 'agent-cert')!.certificates[0]!.subject).toContain('second');
  });

  it('reports a wrong .pfx password, a key that does not fit and a non-certificate', () => {
    expect(thrownCode(() => importPfx(base(), chainPfx, 'wrong', {}))).toBe('BAD_PASSWORD');
    expect(thrownCode(() => importKeyPair(base(), ec.keyPkcs8Der, [rsa.certDer], { alias: 'x' }))).toBe('KEY_CERT_MISMATCH');
    expect(thrownCode(() => trustCertificate(base(), Buffer.from('nope'), { alias: 'x' }))).toBe('UNSUPPORTED_FORMAT');
    expect(thrownCode(() => importKeyPair(base(), ec.keyPkcs8Der, [], { alias: 'x' }))).toBe('NO_CERTIFICATE');
  });

  it('handles alias clashes: error, replace in place, or rename to alias-2, alias-3', () => {
    const ks = base();
    expect(thrownCode(() => trustCertificate(ks, leaf.certDer, { alias: 'SERVER' }))).toBe('ALIAS_EXISTS');
    const replaced = trustCertificate(ks, leaf.certDer, { alias: 'Server', onClash: 'replace' });
    expect(replaced).toMatchObject({ alias: 'server', replaced: true });
    expect(replaced.keystore.entries.map((e) => [e.alias, e.kind])).toEqual([['server', 'trustedCert'], ['admin-tool', 'privateKey'], ['partner-ca', 'trustedCert']]);
    const r2 = trustCertificate(ks, leaf.certDer, { alias: 'server', onClash: 'rename' });
    const r3 = trustCertificate(r2.keystore, leaf.certDer, { alias: 'server', onClash: 'rename' });
    expect([r2.alias, r3.alias]).toEqual(['server-2', 'server-3']);
  });

  it('lower-cases aliases for JKS (Java looks them up that way) and keeps them for PKCS12', () => {
    expect(trustCertificate({ type: 'JKS', entries: [] }, root.certDer, { alias: 'Partner-CA-Ü' }).alias).toBe('partner-ca-ü');
    expect(trustCertificate({ type: 'PKCS12', entries: [] }, root.certDer, { alias: 'Partner-CA-Ü' }).alias).toBe('Partner-CA-Ü');
  });
});

describe('change', () => {
  it('deletes and renames, leaving every other entry the very same object', () => {
    const ks = base();
    const [server, admin, ca] = ks.entries;
    const deleted = deleteEntry(ks, 'Server');
    expect(deleted.entries).toEqual([admin, ca]);
    expect(deleted.entries[0]).toBe(admin);
    const renamed = renameAlias(ks, 'server', 'web-server').keystore;
    expect(renamed.entries.map((e) => e.alias)).toEqual(['web-server', 'admin-tool', 'partner-ca']);
    expect(renamed.entries[0]!.keyPkcs8Der).toBe(server!.keyPkcs8Der);
    expect(renamed.entries[1]).toBe(admin);
    expect(thrownCode(() => renameAlias(ks, 'server', 'ADMIN-TOOL'))).toBe('ALIAS_EXISTS');
    expect(renameAlias(ks, 'server', 'admin-tool', { onClash: 'rename' }).alias).toBe('admin-tool-2');
  });

  it('reports a missing alias', () => {
    const ks = base();
    expect(thrownCode(() => deleteEntry(ks, 'nope'))).toBe('ALIAS_NOT_FOUND');
    expect(thrownCode(() => renameAlias(ks, 'nope', 'x'))).toBe('ALIAS_NOT_FOUND');
    expect(thrownCode(() => exportCertificate(ks, 'nope', 'pem'))).toBe('ALIAS_NOT_FOUND');
  });

  it('changes the store password without knowing a key that has its own password (keytool reads the result)', async () => {
    const bytes = saveKeystore(base(), 'old-pass');
    const changed = changeStorePassword(bytes, 'old-pass', 'new-pass');
    expect(thrownCode(() => loadKeystore(changed, 'old-pass'))).toBe('BAD_PASSWORD');
    const locked = loadKeystore(changed, 'new-pass', { lockedKeys: 'keep' });
    const before = loadKeystore(bytes, 'old-pass', { lockedKeys: 'keep' });
    // The admin tool's key is carried over sealed, byte for byte; the server key follows the store password.
    expect(locked.entries[1]!.sealed!.bytes).toEqual(before.entries[1]!.sealed!.bytes);
    expect(locked.entries[0]!.keyPkcs8Der).toEqual(rsa.keyPkcs8Der);
    expect(loadKeystore(changed, 'new-pass', { keyPasswords: (a) => (a === 'admin-tool' ? 'admin-only' : undefined) }).entries[1]!.keyPkcs8Der).toEqual(ec.keyPkcs8Der);
    expect(locked.entries.map((e) => e.created.toISOString())).toEqual(before.entries.map((e) => e.created.toISOString()));
    const path = join(dir, 'changed.jks');
    await writeFile(path, changed);
    expect((await keytoolList(path, 'new-pass', 'JKS')).entries.map((e) => e.alias).sort()).toEqual(['admin-tool', 'partner-ca', 'server']);
  });

  it('converts JKS to PKCS12 and back with the same keys and certificates (keytool reads the PKCS12)', async () => {
    const jks = base();
    const p12 = convertKeystore(jks, 'PKCS12');
    const p12Bytes = saveKeystore(p12, 'conv-pass');
    const path = join(dir, 'converted.p12');
    await writeFile(path, p12Bytes);
    const listing = await keytoolList(path, 'conv-pass', 'PKCS12');
    expect(listing.entries.map((e) => [e.alias, e.entryType, e.sha256[0]]).sort()).toEqual(
      [['admin-tool', 'PrivateKeyEntry', fingerprint(ec.certDer)], ['partner-ca', 'trustedCertEntry', fingerprint(root.certDer)], ['server', 'PrivateKeyEntry', fingerprint(rsa.certDer)]],
    );
    const back = convertKeystore(loadKeystore(p12Bytes, 'conv-pass'), 'JKS');
    const reread = loadKeystore(saveKeystore(back, 'conv-pass'), 'conv-pass');
    for (const want of jks.entries) {
      const got = reread.entries.find((e) => e.alias === want.alias)!;
      expect([got.kind, got.chainDer, got.keyPkcs8Der]).toEqual([want.kind, want.chainDer, want.keyPkcs8Der]);
    }
  });

  it('refuses conversions that would lose an entry', () => {
    const locked = loadKeystore(saveKeystore(base(), 'pw'), 'pw', { lockedKeys: 'keep' });
    expect(thrownCode(() => convertKeystore(locked, 'PKCS12'))).toBe('BAD_PASSWORD');
    expect(thrownCode(() => saveKeystore(locked, 'pw', { type: 'PKCS12' }))).toBe('BAD_PASSWORD');
    const withSecret: Keystore = {
      type: 'JCEKS',
      entries: [{ alias: 's', kind: 'secretKey', created: new Date(), chainDer: [], sealed: { format: 'JCEKS', bytes: Buffer.from([0xac, 0xed]) } }],
    };
    expect(thrownCode(() => convertKeystore(withSecret, 'JKS'))).toBe('UNSUPPORTED_FORMAT');
    expect(thrownCode(() => saveKeystore(withSecret, 'pw', { type: 'JKS' }))).toBe('UNSUPPORTED_FORMAT');
    expect(thrownCode(() => exportCertificate(withSecret, 's', 'der'))).toBe('NO_CERTIFICATE');
  });
});
