import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { Result } from '../../../../shared/errors.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { type KeyPair, keytool, opensslChain, opensslKeyPair, opensslPfxWithChain, runOk, tempDir } from './helpers.js';

/**
 * Files the service tests share, all made by keytool and openssl at test time:
 * an agent-like JKS (RSA server key, EC admin-tool key with its own key password, a trusted CA),
 * a .pfx with a chain, a .pfx with two keys, and an encrypted PKCS#8 key file with its certificate and chain.
 */
export const STOREPASS = 'alarmpoint';
export const ADMIN_KEYPASS = 'admin-only';
export const PFX_PASS = 'pfx-secret-9';
export const KEYFILE_PASS = 'keyfile-secret-7';

export interface ServiceFixtures {
  dir: string;
  /** The pristine agent keystore; copy it with `freshJks` before changing it. */
  jks: string;
  leaf: KeyPair;
  root: KeyPair;
  other: KeyPair;
  chainPfx: string;
  twoKeyPfx: string;
  leafCert: string;
  rootCert: string;
  encryptedKey: string;
  otherCert: string;
  otherKey: string;
}

/** Builds every fixture in `dir`. */
export async function makeFixtures(dir: string): Promise<ServiceFixtures> {
  const [{ leaf, root }, other] = await Promise.all([opensslChain(dir, 'web'), opensslKeyPair(dir, 'other', 'rsa')]);
  const jks = join(dir, 'agent.keystore');
  const kt = (args: string[]): Promise<string> => keytool([...args, '-keystore', jks, '-storetype', 'JKS', '-storepass', STOREPASS]);
  await kt(['-genkeypair', '-alias', 'server', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=agent.example.com', '-keypass', STOREPASS]);
  await kt(['-genkeypair', '-alias', 'admin-tool', '-keyalg', 'EC', '-dname', 'CN=Agent Admin Tool', '-keypass', ADMIN_KEYPASS]);
  await writeFile(join(dir, 'root.crt'), root.certPem);
  await kt(['-importcert', '-noprompt', '-alias', 'partner-ca', '-file', join(dir, 'root.crt')]);

  const chainPfx = join(dir, 'web.pfx');
  await writeFile(chainPfx, await opensslPfxWithChain(dir, 'web', leaf, [root], PFX_PASS));
  const twoKeyPfx = join(dir, 'two.p12');
  for (const alias of ['first', 'second'])
    await keytool(['-genkeypair', '-alias', alias, '-keyalg', 'EC', '-dname', `CN=${alias}`, '-keystore', twoKeyPfx, '-storetype', 'PKCS12', '-storepass', PFX_PASS]);

  const leafCert = join(dir, 'web-leaf.crt');
  const encryptedKey = join(dir, 'web-leaf.enc.key');
  await writeFile(leafCert, leaf.certPem);
  await runOk('openssl', ['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', join(dir, 'web-leaf.key'), '-out', encryptedKey, '-passout', `pass:${KEYFILE_PASS}`]);
  return {
    dir, jks, leaf, root, other, chainPfx, twoKeyPfx, leafCert, rootCert: join(dir, 'root.crt'), encryptedKey,
    otherCert: join(dir, 'other.crt'), otherKey: join(dir, 'other.key'),
  };
}

/**
 * Sets up a service test file: the fixtures in a fresh temp folder and a real test core, made once
 * before its tests (handed to `use`) and removed after them.
 */
export function setUpServiceSuite(prefix: string, use: (f: ServiceFixtures, core: TestCore) => void): void {
  let cleanup: (() => Promise<void>) | undefined;
  let core: TestCore | undefined;
  beforeAll(async () => {
    let dir: string;
    ({ dir, cleanup } = await tempDir(prefix));
    const f = await makeFixtures(dir);
    core = createTestCore();
    use(f, core);
  }, 120_000);
  afterAll(async () => {
    core?.cleanup();
    await cleanup?.();
  });
}

let copies = 0;
/** A private copy of the pristine agent keystore. */
export async function freshJks(f: ServiceFixtures): Promise<string> {
  const path = join(f.dir, `copy-${++copies}.keystore`);
  await copyFile(f.jks, path);
  return path;
}

/** The value of an ok Result, failing the test with the error otherwise. */
export function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The error code of a failed Result. */
export function errorCode(r: Result<unknown>): string {
  return r.ok ? 'ok' : r.error.code;
}

/** Asserts that serialised output holds none of the secrets and no key material. */
export function expectNoSecrets(out: unknown, secrets: string[], keys: Buffer[] = []): void {
  const text = JSON.stringify(out);
  for (const s of secrets) expect(text).not.toContain(s);
  for (const k of keys) {
    expect(text).not.toContain(k.toString('base64').slice(20, 80));
    expect(text).not.toContain(k.toString('hex').slice(40, 120));
  }
  expect(text).not.toMatch(/PRIVATE KEY/);
}

/** Reads a file's bytes (to prove a failed change left it alone). */
export function bytes(path: string): Promise<Buffer> {
  return readFile(path);
}
