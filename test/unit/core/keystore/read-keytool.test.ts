import { createPrivateKey, createPublicKey, sign, verify, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertdeskError } from '../../../../electron/core/errors.js';
import { loadKeystore, saveKeystore } from '../../../../electron/core/keystore/keystore.js';
import type { Keystore, KeystoreType } from '../../../../electron/core/keystore/model.js';
import { type KeytoolEntry, fingerprint, keytool, keytoolList, opensslKeyPair, tempDir } from './helpers.js';

/** Keystores made by keytool, read by Certdesk, compared with what `keytool -list -v` says. */

const STOREPASS = 'alarmpoint';
const ADMIN_KEYPASS = 'admin-only';
// keytool lower-cases JKS/JCEKS aliases; the supplementary character tests surrogate encoding.
const FANCY_ALIAS = 'zertifikat-ü€😀';

interface Made {
  path: string;
  bytes: Buffer;
  listing: KeytoolEntry[];
}

let dir: string;
let cleanup: () => Promise<void>;
const made = new Map<KeystoreType, Made>();

const KIND_NAMES = { privateKey: 'PrivateKeyEntry', trustedCert: 'trustedCertEntry', secretKey: 'SecretKeyEntry' } as const;

async function makeStore(type: KeystoreType): Promise<void> {
  const path = join(dir, `store.${type.toLowerCase()}`);
  const base = ['-keystore', path, '-storetype', type, '-storepass', STOREPASS];
  const gen = (alias: string, alg: string[], keypass = STOREPASS): Promise<string> =>
    keytool(['-genkeypair', '-alias', alias, ...alg, '-dname', `CN=${alias}.example.com, O=Agent`, '-validity', '400', '-keypass', keypass, ...base]);
  await gen('server', ['-keyalg', 'RSA', '-keysize', '2048', '-ext', 'SAN=dns:agent.example.com,ip:127.0.0.1']);
  if (type === 'PKCS12') {
    await gen('admin-tool', ['-keyalg', 'EC', '-groupname', 'secp384r1']);
  } else {
    await gen('admin-tool', ['-keyalg', 'EC', '-groupname', 'secp384r1'], ADMIN_KEYPASS);
    await gen(FANCY_ALIAS.toUpperCase(), ['-keyalg', 'EC', '-groupname', 'secp256r1']);
  }
  await keytool(['-importcert', '-noprompt', '-alias', 'partner-ca', '-file', join(dir, 'ca.crt'), ...base]);
  if (type === 'JCEKS') await keytool(['-genseckey', '-alias', 'hmac-secret', '-keyalg', 'AES', '-keysize', '128', '-keypass', STOREPASS, ...base]);
  const { entries } = await keytoolList(path, STOREPASS, type);
  made.set(type, { path, bytes: await readFile(path), listing: entries });
}

function byAlias(ks: Keystore): Map<string, Keystore['entries'][number]> {
  return new Map(ks.entries.map((e) => [e.alias, e]));
}

function expectMatchesKeytool(ks: Keystore, listing: KeytoolEntry[]): void {
  const entries = byAlias(ks);
  expect([...entries.keys()].sort()).toEqual(listing.map((e) => e.alias).sort());
  for (const want of listing) {
    const e = entries.get(want.alias)!;
    expect(KIND_NAMES[e.kind]).toBe(want.entryType);
    expect(e.chainDer.map(fingerprint)).toEqual(want.sha256);
  }
}

function expectKeyFitsCert(keyPkcs8Der: Buffer | undefined, certDer: Buffer | undefined): void {
  const key = createPrivateKey({ key: keyPkcs8Der!, format: 'der', type: 'pkcs8' });
  const data = Buffer.from('proof of possession');
  const sig = sign('sha256', data, key);
  expect(verify('sha256', data, new X509Certificate(certDer!).publicKey, sig)).toBe(true);
  expect(createPublicKey(key).export({ type: 'spki', format: 'der' })).toEqual(new X509Certificate(certDer!).publicKey.export({ type: 'spki', format: 'der' }));
}

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof CertdeskError) return `${err.code}: ${err.message}`;
    throw err;
  }
  return 'no error';
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('read'));
  const ca = await opensslKeyPair(dir, 'ca', 'ec');
  await import('node:fs/promises').then((fs) => fs.writeFile(join(dir, 'ca.crt'), ca.certPem));
  await Promise.all((['JKS', 'JCEKS', 'PKCS12'] as const).map(makeStore));
}, 90_000);

afterAll(async () => cleanup?.());

describe('reading keystores keytool made', () => {
  it.each(['JKS', 'JCEKS', 'PKCS12'] as const)('%s: same aliases, kinds and SHA-256 fingerprints as keytool -list -v', (type) => {
    const m = made.get(type)!;
    const ks = loadKeystore(m.bytes, STOREPASS, { keyPasswords: (a) => (a === 'admin-tool' && type !== 'PKCS12' ? ADMIN_KEYPASS : undefined) });
    expect(ks.type).toBe(type);
    expectMatchesKeytool(ks, m.listing);
    for (const e of ks.entries.filter((x) => x.kind === 'privateKey')) expectKeyFitsCert(e.keyPkcs8Der, e.chainDer[0]);
  });

  it('keeps a non-ASCII alias (with a supplementary character) exactly as stored', () => {
    for (const type of ['JKS', 'JCEKS'] as const) {
      const ks = loadKeystore(made.get(type)!.bytes, STOREPASS, { lockedKeys: 'keep' });
      expect(ks.entries.map((e) => e.alias)).toContain(FANCY_ALIAS);
    }
  });

  it('lists a JCEKS secret key entry with its algorithm', () => {
    const ks = loadKeystore(made.get('JCEKS')!.bytes, STOREPASS, { lockedKeys: 'keep' });
    const secret = ks.entries.find((e) => e.alias === 'hmac-secret')!;
    expect(secret).toMatchObject({ kind: 'secretKey', secretAlgorithm: 'AES', chainDer: [] });
    expect(secret.created.getTime()).toBeGreaterThan(Date.now() - 3_600_000);
  });

  it.each(['JKS', 'JCEKS'] as const)('%s: a key with its own key password is BAD_PASSWORD naming the KEY password, or kept locked', (type) => {
    const bytes = made.get(type)!.bytes;
    expect(codeOf(() => loadKeystore(bytes, STOREPASS))).toMatch(/^BAD_PASSWORD: The KEY password for entry 'admin-tool'/);
    const ks = loadKeystore(bytes, STOREPASS, { lockedKeys: 'keep' });
    const admin = ks.entries.find((e) => e.alias === 'admin-tool')!;
    expect(admin.keyPkcs8Der).toBeUndefined();
    expect(admin.sealed?.format).toBe(type);
    expect(ks.entries.find((e) => e.alias === 'server')!.keyPkcs8Der).toBeDefined();
    expect(codeOf(() => loadKeystore(bytes, STOREPASS, { keyPasswords: () => 'wrong' }))).toMatch(/^BAD_PASSWORD: The KEY password/);
  });

  it.each(['JKS', 'JCEKS'] as const)('%s: loading and saving unchanged gives back the very same bytes', (type) => {
    const bytes = made.get(type)!.bytes;
    const locked = loadKeystore(bytes, STOREPASS, { lockedKeys: 'keep' });
    expect(saveKeystore(locked, STOREPASS).equals(bytes)).toBe(true);
    const keyPasswords = (a: string): string | undefined => (a === 'admin-tool' ? ADMIN_KEYPASS : undefined);
    const open = loadKeystore(bytes, STOREPASS, { keyPasswords });
    expect(saveKeystore(open, STOREPASS, { keyPasswords }).equals(bytes)).toBe(true);
  });
});

describe('bad input', () => {
  it.each(['JKS', 'JCEKS', 'PKCS12'] as const)('%s: a wrong store password is BAD_PASSWORD', (type) => {
    expect(codeOf(() => loadKeystore(made.get(type)!.bytes, 'not-the-password'))).toMatch(/^BAD_PASSWORD/);
  });

  it.each(['JKS', 'JCEKS', 'PKCS12'] as const)('%s: every truncation is KEYSTORE_CORRUPT', (type) => {
    const bytes = made.get(type)!.bytes;
    const cuts = new Set([4, 8, 12, 13, 20, 40, 100, Math.floor(bytes.length / 2), bytes.length - 21, bytes.length - 20, bytes.length - 1]);
    for (const cut of cuts) expect(codeOf(() => loadKeystore(bytes.subarray(0, cut), STOREPASS, { lockedKeys: 'keep' })), `cut at ${cut}`).toMatch(/^KEYSTORE_CORRUPT/);
  });

  it('a flipped byte in a JKS body fails the integrity check, as in Java', () => {
    const bytes = Buffer.from(made.get('JKS')!.bytes);
    bytes[200] = (bytes[200] as number) ^ 0xff;
    expect(codeOf(() => loadKeystore(bytes, STOREPASS, { lockedKeys: 'keep' }))).toMatch(/^(BAD_PASSWORD|KEYSTORE_CORRUPT)/);
  });

  it('files that are not keystores are UNSUPPORTED_FORMAT', () => {
    const pem = Buffer.from('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n');
    for (const bytes of [Buffer.alloc(0), Buffer.from('hello world, not a keystore'), pem, Buffer.from('PK\x03\x04zipfile'), Buffer.from([0x30])])
      expect(codeOf(() => loadKeystore(bytes, STOREPASS))).toMatch(/^UNSUPPORTED_FORMAT/);
  });
});
