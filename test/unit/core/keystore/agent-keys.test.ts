/** Which key an agent serves: Java's own KeyStore.aliases() is the oracle for the order; none or several are said. */
import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { keytool, runOk, tempDir } from './helpers.js';
import { value } from './service-fixtures.js';

const FIXTURES = fileURLToPath(new URL('../../../fixtures/agent/', import.meta.url));
const PASS = 'alarmpoint';
// Insertion order differs from both sorted and Java's hash-table order, and forces one rehash (> 8 entries).
const ALIASES = ['zulu', 'Alpha', 'mike', 'bravo', 'yankee', 'kilo', 'delta', 'echo', 'x-ray', 'golf'];
const ALIAS_ORDER_JAVA = `
import java.io.FileInputStream;
import java.security.KeyStore;
import java.util.Collections;
public class AliasOrder {
  public static void main(String[] a) throws Exception {
    KeyStore ks = KeyStore.getInstance(a[0]);
    try (FileInputStream in = new FileInputStream(a[1])) { ks.load(in, System.getenv("SP").toCharArray()); }
    StringBuilder sb = new StringBuilder();
    for (String alias : Collections.list(ks.aliases())) if (ks.isKeyEntry(alias)) sb.append(alias).append(' ');
    System.out.println(sb.toString().trim());
  }
}
`;

let dir: string;
let cleanup: () => Promise<void>;
let core: TestCore;

/** What Java's KeyStore.aliases() lists, key entries only. */
async function javaOrder(type: string, store: string): Promise<string[]> {
  const out = await runOk('env', [`SP=${PASS}`, 'java', join(dir, 'AliasOrder.java'), type, store]);
  return out.trim().split(/\s+/);
}

async function agentHome(name: string): Promise<string> {
  const home = join(dir, name);
  await cp(join(FIXTURES, 'linux'), home, { recursive: true });
  return home;
}

async function addKeys(store: string, type: string, aliases: string[]): Promise<void> {
  for (const alias of aliases)
    await keytool(['-genkeypair', '-alias', alias, '-keyalg', 'EC', '-dname', `CN=${alias}.example.com`, '-ext', `SAN=dns:${alias}.example.com`, '-keystore', store, '-storetype', type, '-storepass', PASS]);
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('agent-keys'));
  await writeFile(join(dir, 'AliasOrder.java'), ALIAS_ORDER_JAVA);
  core = createTestCore();
}, 60_000);
afterAll(async () => {
  core?.cleanup();
  await cleanup?.();
});

describe('the key an agent serves', () => {
  it.each(['JKS', 'PKCS12'])('lists the private keys of a %s store in the order Java does, serving the first, and warns about several', async (type) => {
    const home = await agentHome(`home-${type}`);
    const store = join(home, 'conf', '.keystore');
    await addKeys(store, type, ALIASES);
    await keytool(['-exportcert', '-rfc', '-alias', 'zulu', '-file', join(dir, `z-${type}.pem`), '-keystore', store, '-storetype', type, '-storepass', PASS]);
    await keytool(['-importcert', '-noprompt', '-alias', 'partner-ca', '-file', join(dir, `z-${type}.pem`), '-keystore', store, '-storetype', type, '-storepass', PASS]);
    const java = await javaOrder(type, store);
    const status = value(await core.services['agent.status']({ home, storePassword: PASS }));
    expect(status.serverKeys?.map((k) => k.alias.toLowerCase())).toEqual(java.map((a) => a.toLowerCase()));
    expect(status.servedAlias?.toLowerCase()).toBe(java[0]?.toLowerCase());
    expect(status.serverKeys?.[0]).toMatchObject({ subject: expect.stringMatching(/^CN=.*\.example\.com$/), san: [expect.stringMatching(/^dns:/)], expired: false });
    expect(status.findings).toEqual([expect.objectContaining({ code: 'several-server-keys', severity: 'warning', message: expect.stringContaining(`serves '${status.servedAlias}'`) })]);
    if (type === 'JKS') expect(java).not.toEqual(ALIASES.map((a) => a.toLowerCase()));
  }, 120_000);

  it('says when there is no key, refuses Enable HTTPS then, and is quiet with exactly one', async () => {
    const home = await agentHome('home-none');
    const store = join(home, 'conf', '.keystore');
    await keytool(['-importcert', '-noprompt', '-alias', 'ca', '-file', join(dir, 'z-JKS.pem'), '-keystore', store, '-storetype', 'JKS', '-storepass', PASS]);
    const status = value(await core.services['agent.status']({ home, storePassword: PASS }));
    expect(status).toMatchObject({ serverKeys: [], servedAlias: null, findings: [expect.objectContaining({ code: 'no-server-key', severity: 'error', fix: expect.stringMatching(/\.pfx.*self-signed/) })] });
    const config = join(home, 'conf', 'IAConfig.xml');
    const before = await readFile(config);
    const refused = await core.services['agent.enableHttps']({ configPath: config, storePassword: PASS });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'NO_SERVER_KEY', hint: expect.stringContaining('.pfx') });
    expect(await readFile(config)).toEqual(before);
    await addKeys(store, 'JKS', ['server']);
    const one = value(await core.services['agent.status']({ home, storePassword: PASS }));
    expect(one).toMatchObject({ servedAlias: 'server', findings: [] });
    expect(value(await core.services['agent.enableHttps']({ configPath: config, storePassword: PASS })).changed).toBe(true);
  }, 60_000);

  it('refuses to save a profile whose folder has no conf/', async () => {
    const bare = join(dir, 'not-an-agent');
    await mkdir(bare);
    const r = await core.services['agent.save']({ name: 'Bare', home: bare });
    expect(r.ok ? null : r.error).toMatchObject({ code: 'CONFIG_NOT_FOUND', message: expect.stringContaining('no conf/ folder') });
  });
});
