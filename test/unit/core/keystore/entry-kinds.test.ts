import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeystore } from '../../../../electron/core/keystore/keystore.js';
import type { Keystore } from '../../../../electron/core/keystore/model.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { type KeytoolEntry, keytool, keytoolList, keytoolRaw, opensslKeyPair, runOk, tempDir } from './helpers.js';
import { errorCode, value } from './service-fixtures.js';

/**
 * Every entry kind Java puts in a store (private key, trusted certificate, secret key) survives
 * every change Certdesk makes, in JKS, JCEKS and PKCS#12; keytool is the oracle.
 */

const PASS = 'changeit';
const NEW_PASS = 'changed-7';
type StoreType = 'JKS' | 'JCEKS' | 'PKCS12';
const TYPES: StoreType[] = ['JKS', 'JCEKS', 'PKCS12'];

let dir: string;
let cleanup: () => Promise<void>;
let core: TestCore;
const stores = {} as Record<StoreType, string>;
let pfx: string;
let certFile: string;
let copies = 0;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('kinds'));
  core = createTestCore();
  pfx = join(dir, 'imp.p12');
  await keytool(['-genkeypair', '-alias', 'imp', '-keyalg', 'EC', '-dname', 'CN=imported', '-keystore', pfx, '-storetype', 'PKCS12', '-storepass', PASS]);
  certFile = join(dir, 'imp.crt');
  await keytool(['-exportcert', '-rfc', '-alias', 'imp', '-keystore', pfx, '-storepass', PASS, '-file', certFile]);
  await Promise.all(
    TYPES.map(async (type) => {
      const path = join(dir, `store.${type.toLowerCase()}`);
      const kt = (args: string[]): Promise<string> => keytool([...args, '-keystore', path, '-storetype', type, '-storepass', PASS, '-keypass', PASS]);
      await kt(['-genkeypair', '-alias', 'k1', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=k1']);
      await kt(['-importcert', '-noprompt', '-alias', 'ca', '-file', certFile]);
      if (type !== 'JKS') {
        await kt(['-genseckey', '-alias', 's1', '-keyalg', 'AES', '-keysize', '256']);
        await kt(['-genseckey', '-alias', 'h1', '-keyalg', 'HmacSHA256', '-keysize', '256']);
      }
      stores[type] = path;
    }),
  );
}, 120_000);

afterAll(async () => {
  core?.cleanup();
  await cleanup?.();
});

async function copyOf(type: StoreType): Promise<string> {
  const path = join(dir, `copy-${++copies}.${type.toLowerCase()}`);
  await copyFile(stores[type], path);
  return path;
}

function load(bytes: Buffer, password = PASS): Keystore {
  return loadKeystore(bytes, password, { lockedKeys: 'keep' });
}

/** Entries keytool lists, by alias: the entry type and fingerprints. */
async function oracle(path: string, password = PASS): Promise<Map<string, KeytoolEntry>> {
  return new Map((await keytoolList(path, password)).entries.map((e) => [e.alias, e]));
}

/** Every entry of `before` except `skip` is in `after` with the same kind, fingerprints, and protected bytes. */
function expectCarried(before: Map<string, KeytoolEntry>, after: Map<string, KeytoolEntry>, skip: string[] = []): void {
  for (const [alias, want] of before) {
    if (skip.includes(alias)) continue;
    expect(after.get(alias), alias).toEqual(want);
  }
}

function sealedOf(ks: Keystore, alias: string): Buffer | undefined {
  return ks.entries.find((e) => e.alias === alias)?.sealed?.bytes;
}

describe('every entry kind is listed', () => {
  it.each(['JCEKS', 'PKCS12'] as const)('%s: secret keys are listed with their algorithm and counted', async (type) => {
    const listing = value(await core.services['keystore.list']({ path: stores[type], storePassword: PASS }));
    const keytoolSays = await oracle(stores[type]);
    expect(listing.entries).toHaveLength(keytoolSays.size);
    expect(listing.entries.map((e) => [e.alias, e.kind, e.secretAlgorithm]).sort()).toEqual([
      ['ca', 'trustedCert', undefined],
      ['h1', 'secretKey', 'HmacSHA256'],
      ['k1', 'privateKey', undefined],
      ['s1', 'secretKey', 'AES'],
    ]);
    expect(keytoolSays.get('s1')?.entryType).toBe('SecretKeyEntry');
  });
});

describe('every change carries every other entry', () => {
  it.each(TYPES)('%s: trust, rename, delete, import-pfx keep the rest, secret blobs byte for byte', async (type) => {
    const path = await copyOf(type);
    const before = await oracle(path);
    const sealedBefore = load(await readFile(path));

    value(await core.services['keystore.trust']({ path, storePassword: PASS, certPath: certFile, alias: 'ca2' }));
    let after = await oracle(path);
    expectCarried(before, after);
    expect(after.get('ca2')?.entryType).toBe('trustedCertEntry');

    value(await core.services['keystore.rename']({ path, storePassword: PASS, alias: 'ca2', newAlias: 'ca3' }));
    value(await core.services['keystore.importPfx']({ path, storePassword: PASS, pfxPath: pfx, pfxPassword: PASS, alias: 'imp' }));
    value(await core.services['keystore.delete']({ path, storePassword: PASS, alias: 'ca3' }));
    after = await oracle(path);
    expectCarried(before, after);
    expect(after.get('imp')?.entryType).toBe('PrivateKeyEntry');
    expect(after.size).toBe(before.size + 1);

    // Untouched keys and secrets were not re-encrypted.
    const now = load(await readFile(path));
    for (const alias of ['k1', 's1', 'h1']) {
      const was = sealedOf(sealedBefore, alias);
      if (was) expect(sealedOf(now, alias)?.equals(was), alias).toBe(true);
    }
  }, 60_000);

  it.each(TYPES)('%s: passwd keeps every entry and keytool opens each with the new password only', async (type) => {
    const path = await copyOf(type);
    const before = await oracle(path);
    const r = value(await core.services['keystore.changePassword']({ path, storePassword: PASS, newStorePassword: NEW_PASS }));
    expect(r.summary).toContain(
      type === 'JKS'
        ? 'Store password changed; 1 private key re-protected with it; 1 trusted certificate needs no password'
        : 'Store password changed; 1 private key and 2 secret keys re-protected with it; 1 trusted certificate needs no password',
    );
    expectCarried(before, await oracle(path, NEW_PASS));
    // Copying the whole store, keytool opens every key and secret with the store password.
    const out = join(dir, `passwd-check-${++copies}.p12`);
    const withNew = await keytoolRaw(['-importkeystore', '-srckeystore', path, '-srcstorepass', NEW_PASS, '-destkeystore', out, '-deststoretype', 'PKCS12', '-deststorepass', NEW_PASS, '-noprompt']);
    expect(withNew.code, withNew.stdout + withNew.stderr).toBe(0);
    expect((await oracle(out, NEW_PASS)).size).toBe(before.size);
    // And none of them opens with the old password any more (keytool ignores -srckeypass for PKCS12).
    for (const alias of { JKS: ['k1'], JCEKS: ['k1', 's1'], PKCS12: [] }[type]) {
      const old = await keytoolRaw(['-importkeystore', '-srckeystore', path, '-srcstorepass', NEW_PASS, '-srcalias', alias, '-srckeypass', PASS, '-destkeystore', join(dir, `old-${++copies}.p12`), '-deststoretype', 'PKCS12', '-deststorepass', NEW_PASS, '-noprompt']);
      expect(old.code, `${alias} still opens with the old password`).not.toBe(0);
    }
  }, 60_000);

  it('converting refuses, naming the entry, when the target cannot hold a secret key', async () => {
    for (const [type, to] of [['PKCS12', 'jks'], ['JCEKS', 'jks'], ['JCEKS', 'pkcs12']] as const) {
      const path = await copyOf(type);
      const original = await readFile(path);
      const r = await core.services['keystore.convert']({ path, storePassword: PASS, to, outPath: path });
      expect(errorCode(r)).toBe('UNSUPPORTED_FORMAT');
      expect(r.ok ? '' : r.error.message).toMatch(/secret key '(s1|h1)'/);
      expect((await readFile(path)).equals(original)).toBe(true);
    }
  });

  it('converting JKS to PKCS12 and a PKCS12 copy keep every entry', async () => {
    for (const type of ['JKS', 'PKCS12'] as const) {
      const path = await copyOf(type);
      const before = await oracle(path);
      const out = join(dir, `converted-${++copies}.p12`);
      value(await core.services['keystore.convert']({ path, storePassword: PASS, to: 'pkcs12', outPath: out }));
      expectCarried(before, await oracle(out));
      expect((await oracle(out)).size).toBe(before.size);
    }
  }, 60_000);
});

describe('PKCS#12 content that is not an entry', () => {
  it('keeps a certificate that belongs to no entry through a change, and refuses to drop it in a conversion', async () => {
    const [, stray] = await Promise.all([opensslKeyPair(dir, 'own', 'ec'), opensslKeyPair(dir, 'stray', 'rsa')]);
    const path = join(dir, 'with-stray.p12');
    await runOk('openssl', ['pkcs12', '-export', '-inkey', join(dir, 'own.key'), '-in', join(dir, 'own.crt'), '-certfile', join(dir, 'stray.crt'), '-name', 'own', '-out', path, '-passout', `pass:${PASS}`]);
    const certsIn = async (): Promise<number> =>
      ((await runOk('openssl', ['pkcs12', '-in', path, '-nokeys', '-passin', `pass:${PASS}`])).match(/BEGIN CERTIFICATE/g) ?? []).length;
    expect(await certsIn()).toBe(2);

    value(await core.services['keystore.trust']({ path, storePassword: PASS, certPath: certFile, alias: 'ca' }));
    expect(await certsIn()).toBe(3);
    const pem = await runOk('openssl', ['pkcs12', '-in', path, '-nokeys', '-passin', `pass:${PASS}`]);
    expect(pem.replace(/\s/g, '')).toContain(stray.certPem.replace(/-----[^-]+-----/g, '').replace(/\s/g, ''));

    const r = await core.services['keystore.convert']({ path, storePassword: PASS, to: 'jks', outPath: join(dir, 'with-stray.jks') });
    expect(errorCode(r)).toBe('UNSUPPORTED_FORMAT');
    expect(r.ok ? '' : r.error.message).toMatch(/CN=stray\.localhost.*belongs to no entry/);
  }, 60_000);
});
