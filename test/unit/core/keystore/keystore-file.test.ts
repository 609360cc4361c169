import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeystore } from '../../../../electron/core/keystore/keystore.js';
import { updateKeystoreFile } from '../../../../electron/core/keystore/keystore-file.js';
import type { Keystore } from '../../../../electron/core/keystore/model.js';
import { deleteEntry, importPfx, trustCertificate } from '../../../../electron/core/keystore/operations.js';
import { type KeyPair, fingerprint, keytool, keytoolList, opensslChain, opensslPfxWithChain, rejectionOf, tempDir } from './helpers.js';

/** Every keystore change on disk goes through updateKeystoreFile; keytool judges the results. */

const STOREPASS = 'alarmpoint';
const ADMIN_KEYPASS = 'admin-only';
let dir: string;
let cleanup: () => Promise<void>;
let original: Buffer;
let leaf: KeyPair;
let root: KeyPair;
let pfx: Buffer;
let n = 0;

/** A fresh copy of the agent keystore in its own folder. */
async function agentCopy(): Promise<{ path: string; folder: string }> {
  const folder = join(dir, `case-${++n}`);
  await mkdir(folder);
  const path = join(folder, '.keystore');
  await writeFile(path, original);
  return { path, folder };
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('ksfile'));
  const made = join(dir, 'made.jks');
  const gen = (alias: string, keypass: string): Promise<string> =>
    keytool(['-genkeypair', '-alias', alias, '-keyalg', 'EC', '-dname', `CN=${alias}`, '-keystore', made, '-storetype', 'JKS', '-storepass', STOREPASS, '-keypass', keypass]);
  const [chain] = await Promise.all([opensslChain(dir, 'agent'), gen('server-old', STOREPASS).then(() => gen('admin-tool', ADMIN_KEYPASS))]);
  ({ leaf, root } = chain);
  pfx = await opensslPfxWithChain(dir, 'agent', leaf, [root], 'pfx-pass');
  original = await readFile(made);
}, 60_000);

afterAll(async () => cleanup?.());

describe('updateKeystoreFile', () => {
  it('imports a .pfx: .orig holds the original, keytool lists the new entry and its chain, the admin entry is untouched', async () => {
    const { path } = await agentCopy();
    const before = loadKeystore(original, STOREPASS, { lockedKeys: 'keep' });
    const r = await updateKeystoreFile(path, STOREPASS, (ks) => importPfx(ks, pfx, 'pfx-pass', { alias: 'https' }).keystore);
    expect(r.write).toMatchObject({ backupKind: 'orig', backupPath: `${r.write!.path}.orig` });
    expect(await readFile(`${path}.orig`)).toEqual(original);
    const listing = new Map((await keytoolList(path, STOREPASS, 'JKS')).entries.map((e) => [e.alias, e]));
    expect([...listing.keys()].sort()).toEqual(['admin-tool', 'https', 'server-old']);
    expect(listing.get('https')).toMatchObject({ entryType: 'PrivateKeyEntry', sha256: [fingerprint(leaf.certDer), fingerprint(root.certDer)] });
    const after = loadKeystore(await readFile(path), STOREPASS, { lockedKeys: 'keep' });
    for (const alias of ['admin-tool', 'server-old']) {
      const [a, b] = [before, after].map((ks) => ks.entries.find((e) => e.alias === alias)!);
      // Same sealed key bytes (even without knowing the admin key password), same certificates, same date.
      expect([b!.sealed, b!.chainDer, b!.created]).toEqual([a!.sealed, a!.chainDer, a!.created]);
    }
    const beforeSecond = await readFile(path);
    const second = await updateKeystoreFile(path, STOREPASS, (ks) => trustCertificate(ks, root.certDer, { alias: 'partner-ca' }).keystore);
    expect(second.write!.backupKind).toBe('timestamped');
    expect(second.write!.backupPath).toMatch(/\.keystore\.\d{8}-\d{6}(-\d+)?\.bak$/);
    expect(await readFile(second.write!.backupPath!)).toEqual(beforeSecond);
    expect(await readFile(`${path}.orig`)).toEqual(original);
  });

  it.each<[string, string, (path: string) => Promise<unknown>, string | RegExp]>([
    ['a wrong store password', 'BAD_PASSWORD', (p) => updateKeystoreFile(p, 'wrong', (ks) => ks), /store password|keystore password/i],
    ['a key password that is not known (saving as PKCS12)', 'BAD_PASSWORD', (p) => updateKeystoreFile(p, STOREPASS, (ks) => ks, { saveType: 'PKCS12' }), /key password/i],
    ['a wrong key password given', 'BAD_PASSWORD', (p) => updateKeystoreFile(p, STOREPASS, (ks) => ks, { saveType: 'PKCS12', keyPasswords: () => 'wrong' }), /key password/i],
    ['a missing alias', 'ALIAS_NOT_FOUND', (p) => updateKeystoreFile(p, STOREPASS, (ks) => deleteEntry(ks, 'nope')), /nope/],
    ['an alias that exists', 'ALIAS_EXISTS', (p) => updateKeystoreFile(p, STOREPASS, (ks) => trustCertificate(ks, root.certDer, { alias: 'ADMIN-TOOL' }).keystore), /admin-tool/],
  ])('%s is %s and leaves the file and folder exactly as they were', async (_what, code, act, message) => {
    const { path, folder } = await agentCopy();
    const names = await readdir(folder);
    const err = await rejectionOf(act(path));
    expect(err.code).toBe(code);
    expect(err.message).toMatch(message);
    expect(await readFile(path)).toEqual(original);
    expect(await readdir(folder)).toEqual(names);
  });

  it('a truncated or foreign file is KEYSTORE_CORRUPT / UNSUPPORTED_FORMAT and is left alone', async () => {
    for (const [bytes, code] of [
      [original.subarray(0, original.length - 30), 'KEYSTORE_CORRUPT'],
      [Buffer.from('<?xml version="1.0"?><not-a-keystore/>'), 'UNSUPPORTED_FORMAT'],
    ] as const) {
      const { path, folder } = await agentCopy();
      await writeFile(path, bytes);
      expect((await rejectionOf(updateKeystoreFile(path, STOREPASS, (ks) => deleteEntry(ks, 'admin-tool')))).code).toBe(code);
      expect(await readFile(path)).toEqual(bytes);
      expect(await readdir(folder)).toEqual(['.keystore']);
    }
  });

  it('writes nothing (and keeps no backup) when a change changes nothing', async () => {
    const { path, folder } = await agentCopy();
    const r = await updateKeystoreFile(path, STOREPASS, (ks) => ks);
    expect(r.write).toBeNull();
    expect(r.keystore.entries.map((e) => e.alias).sort()).toEqual(['admin-tool', 'server-old']);
    expect(await readdir(folder)).toEqual(['.keystore']);
  });

  it('creates a missing keystore only when asked to', async () => {
    const folder = join(dir, 'new-agent');
    await mkdir(folder);
    const path = join(folder, '.keystore');
    expect((await rejectionOf(updateKeystoreFile(path, STOREPASS, (ks) => ks))).code).toBe('FILE_NOT_FOUND');
    const r = await updateKeystoreFile(path, STOREPASS, (ks) => importPfx(ks, pfx, 'pfx-pass', {}).keystore, { createType: 'JKS' });
    expect(r.write).toMatchObject({ created: true, backupPath: null });
    expect((await keytoolList(path, STOREPASS, 'JKS')).entries.map((e) => e.alias)).toEqual(['agent']);
  });

  it('changes the store password and converts in place, each read by keytool', async () => {
    const { path } = await agentCopy();
    const keyPasswords = (a: string): string | undefined => (a === 'admin-tool' ? ADMIN_KEYPASS : undefined);
    await updateKeystoreFile(path, STOREPASS, (ks) => ks, { newStorePassword: 'n3w-pass' });
    expect((await keytoolList(path, 'n3w-pass', 'JKS')).entries).toHaveLength(2);
    const converted = await updateKeystoreFile(path, 'n3w-pass', (ks: Keystore) => ks, { saveType: 'PKCS12', keyPasswords });
    expect(converted.keystore.type).toBe('PKCS12');
    const listing = await keytoolList(path, 'n3w-pass');
    expect([listing.type, listing.entries.map((e) => e.alias).sort()]).toEqual(['PKCS12', ['admin-tool', 'server-old']]);
    // After conversion the admin key opens with the store password, as PKCS#12 has only one.
    expect(loadKeystore(await readFile(path), 'n3w-pass').entries.every((e) => e.keyPkcs8Der)).toBe(true);
    await copyFile(`${path}.orig`, join(dir, 'orig-check.jks'));
    expect(await readFile(join(dir, 'orig-check.jks'))).toEqual(original);
  });
});
