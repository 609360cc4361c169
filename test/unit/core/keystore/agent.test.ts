import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableAgentHttps, findAgentProfile } from '../../../../electron/core/keystore/agent.js';
import { enableHttps, readAgentGateway } from '../../../../electron/core/keystore/agent-config.js';
import { loadKeystore } from '../../../../electron/core/keystore/keystore.js';
import { updateKeystoreFile } from '../../../../electron/core/keystore/keystore-file.js';
import { importPfx } from '../../../../electron/core/keystore/operations.js';
import { fingerprint, keytool, keytoolList, opensslKeyPair, opensslPfx, tempDir, thrownCode } from './helpers.js';

/** The agent home fixtures: finding the keystore and config, and switching HTTPS on byte-exactly. */

const FIXTURES = fileURLToPath(new URL('../../../fixtures/agent/', import.meta.url));
let dir: string;
let cleanup: () => Promise<void>;
let linux: string;
let windows: string;

/** Positions where two buffers differ, assuming `b` replaced one run of `a`. */
function changedRegion(a: Buffer, b: Buffer): { before: string; after: string } {
  let start = 0;
  while (start < a.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  return { before: a.subarray(start, endA).toString('latin1'), after: b.subarray(start, endB).toString('latin1') };
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('agent'));
  linux = join(dir, 'linux');
  windows = join(dir, 'windows');
  await cp(join(FIXTURES, 'linux'), linux, { recursive: true });
  await cp(join(FIXTURES, 'windows'), windows, { recursive: true });
});
afterAll(async () => cleanup?.());

describe('enableHttps on the fixture configs', () => {
  it('the fixtures are what they claim: LF vs CRLF+BOM, HTTP on', async () => {
    const l = await readFile(join(FIXTURES, 'linux/conf/IAConfig.xml'));
    const w = await readFile(join(FIXTURES, 'windows/conf/IAConfig.xml'));
    expect(l.includes('\r\n')).toBe(false);
    expect(w.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(w.toString('latin1').split('\n').length).toBe(w.toString('latin1').split('\r\n').length);
    expect(readAgentGateway(l)).toEqual({ https: false, port: 8081 });
    expect(readAgentGateway(w)).toEqual({ https: false, port: 8443 });
  });

  it.each(['linux', 'windows'])('%s: only the gateway ssl value changes; decoys, comments, BOM and line endings stay', async (name) => {
    const before = await readFile(join(FIXTURES, name, 'conf/IAConfig.xml'));
    const r = enableHttps(before);
    expect(r).toMatchObject({ changed: true, alreadyEnabled: false });
    expect(changedRegion(before, r.bytes)).toEqual({ before: 'fals', after: 'tru' });
    expect(r.bytes.length).toBe(before.length - 1);
    expect(readAgentGateway(r.bytes).https).toBe(true);
    // Exactly one ssl="false" (the gateway's) went away; the decoys are still there.
    const count = (b: Buffer, re: RegExp): number => (b.toString('latin1').match(re) ?? []).length;
    expect(count(r.bytes, /ssl\s*=\s*["']false["']/g)).toBe(count(before, /ssl\s*=\s*["']false["']/g) - 1);
    const again = enableHttps(r.bytes);
    expect(again).toMatchObject({ changed: false, alreadyEnabled: true });
    expect(again.bytes).toBe(r.bytes);
  });

  it('handles attribute order, quotes, whitespace, a missing ssl attribute and namespaces', () => {
    const cases: Array<[string, string]> = [
      [`<c><service-gateway port="1" ssl='FALSE'/></c>`, `<c><service-gateway port="1" ssl='true'/></c>`],
      [`<c>\r\n<service-gateway\r\n\tssl\r\n=\r\n"false"\r\n></service-gateway></c>`, `<c>\r\n<service-gateway\r\n\tssl\r\n=\r\n"true"\r\n></service-gateway></c>`],
      [`<c><service-gateway port='8081'/></c>`, `<c><service-gateway ssl='true' port='8081'/></c>`],
      [`<c><service-gateway/></c>`, `<c><service-gateway ssl="true"/></c>`],
      [`<x:c xmlns:x="u"><x:service-gateway a=">" ssl="false"/></x:c>`, `<x:c xmlns:x="u"><x:service-gateway a=">" ssl="true"/></x:c>`],
      [`<!DOCTYPE c [<!ENTITY e "<service-gateway ssl='false'/>">]><c><service-gateway ssl="false"/></c>`, `<!DOCTYPE c [<!ENTITY e "<service-gateway ssl='false'/>">]><c><service-gateway ssl="true"/></c>`],
    ];
    for (const [input, output] of cases) expect(enableHttps(Buffer.from(input)).bytes.toString()).toBe(output);
  });

  it('refuses configs it cannot change safely', () => {
    const bad = [
      '<c><service-gateways ssl="false"/></c>', // no element (only a longer name)
      '<c><!-- <service-gateway ssl="false"/> --></c>', // only in a comment
      '<c><service-gateway ssl="false"/><service-gateway ssl="false"/></c>', // which one?
      '<c><service-gateway ssl="maybe"/></c>',
      '<c><service-gateway ssl=false/></c>',
      '<c><!-- never closed <service-gateway ssl="false"/></c>',
    ];
    for (const xml of bad) expect(thrownCode(() => enableHttps(Buffer.from(xml))), xml).toBe('CONFIG_INVALID');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<c><service-gateway ssl="false"/></c>', 'utf16le')]);
    expect(thrownCode(() => enableHttps(utf16))).toBe('CONFIG_INVALID');
  });
});

describe('an agent home end to end', () => {
  it('finds the profile, imports a .pfx beside the admin entry, switches HTTPS on, with backups first', async () => {
    const keystorePath = join(linux, 'conf/.keystore');
    const before = await findAgentProfile(linux);
    expect(before).toEqual({ home: linux, keystorePath, keystoreExists: false, configPath: join(linux, 'conf/IAConfig.xml'), https: false, port: 8081 });

    await keytool(['-genkeypair', '-alias', 'admin-tool', '-keyalg', 'EC', '-dname', 'CN=ia-admin', '-keystore', keystorePath, '-storetype', 'JKS', '-storepass', 'alarmpoint', '-keypass', 'alarmpoint']);
    const originalKeystore = await readFile(keystorePath);
    const pair = await opensslKeyPair(dir, 'agent-https', 'rsa');
    const pfx = await opensslPfx(dir, 'agent-https', pair, 'export-pass');

    await updateKeystoreFile(keystorePath, 'alarmpoint', (ks) => importPfx(ks, pfx, 'export-pass', { alias: 'https-cert' }).keystore);
    const originalConfig = await readFile(join(linux, 'conf/IAConfig.xml'));
    const enabled = await enableAgentHttps(join(linux, 'conf/IAConfig.xml'));
    expect(enabled).toMatchObject({ changed: true, restartRequired: true, write: { backupKind: 'orig' } });
    expect(await readFile(join(linux, 'conf/IAConfig.xml.orig'))).toEqual(originalConfig);
    expect(await readFile(`${keystorePath}.orig`)).toEqual(originalKeystore);
    expect(await findAgentProfile(linux)).toMatchObject({ keystoreExists: true, https: true, port: 8081 });
    expect(await enableAgentHttps(join(linux, 'conf/IAConfig.xml'))).toMatchObject({ changed: false, alreadyEnabled: true, write: null });

    const listing = await keytoolList(keystorePath, 'alarmpoint', 'JKS');
    const admin = loadKeystore(originalKeystore, 'alarmpoint').entries[0]!;
    expect(listing.entries.map((e) => [e.alias, e.entryType, e.sha256[0]]).sort()).toEqual([
      ['admin-tool', 'PrivateKeyEntry', fingerprint(admin.chainDer[0]!)],
      ['https-cert', 'PrivateKeyEntry', fingerprint(pair.certDer)],
    ]);
    expect(loadKeystore(await readFile(keystorePath), 'alarmpoint').entries.find((e) => e.alias === 'admin-tool')).toEqual(admin);
  });

  it('works on the Windows fixture (CRLF, BOM) and reports a folder that is not an agent', async () => {
    const r = await enableAgentHttps(join(windows, 'conf/IAConfig.xml'));
    expect(r.changed).toBe(true);
    const after = await readFile(join(windows, 'conf/IAConfig.xml'));
    expect(after.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(changedRegion(await readFile(join(FIXTURES, 'windows/conf/IAConfig.xml')), after)).toEqual({ before: 'fals', after: 'tru' });
    expect(await findAgentProfile(windows)).toMatchObject({ https: true, port: 8443, keystoreExists: false });

    await expect(findAgentProfile(join(dir, 'nowhere'))).rejects.toMatchObject({ code: 'CONFIG_NOT_FOUND' });
    const noGateway = join(dir, 'plain');
    await cp(join(FIXTURES, 'linux'), noGateway, { recursive: true });
    await rm(join(noGateway, 'conf/IAConfig.xml'));
    await writeFile(join(noGateway, 'conf/other.xml'), '<c><!-- <service-gateway ssl="false"/> --></c>');
    await expect(findAgentProfile(noGateway)).rejects.toMatchObject({ code: 'CONFIG_NOT_FOUND' });
  });
});
