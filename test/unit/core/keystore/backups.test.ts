import { access, copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keystoreBackups } from '../../../../electron/core/keystore/backups.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { keytool, keytoolList, keytoolRaw, tempDir } from './helpers.js';
import { errorCode, value } from './service-fixtures.js';

/** Backups that still hold what a change removed are named in the result, and can be removed. */

const PASS = 'changeit';
let dir: string;
let cleanup: () => Promise<void>;
let core: TestCore;
let jceks: string;
let certFile: string;
let copies = 0;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('backups'));
  core = createTestCore();
  jceks = join(dir, 'store.jceks');
  const kt = (args: string[]): Promise<string> => keytool([...args, '-keystore', jceks, '-storetype', 'JCEKS', '-storepass', PASS, '-keypass', PASS]);
  await kt(['-genkeypair', '-alias', 'k1', '-keyalg', 'EC', '-dname', 'CN=k1']);
  await kt(['-genseckey', '-alias', 's1', '-keyalg', 'AES', '-keysize', '128']);
  certFile = join(dir, 'k1.crt');
  await kt(['-exportcert', '-rfc', '-alias', 'k1', '-file', certFile]);
}, 60_000);

afterAll(async () => {
  core?.cleanup();
  await cleanup?.();
});

async function copy(): Promise<string> {
  const path = join(dir, `copy-${++copies}.jceks`);
  await copyFile(jceks, path);
  return path;
}

const gone = (p: string): Promise<boolean> => access(p).then(() => false, () => true);

describe('backups holding secrets', () => {
  it('delete names every backup still holding the deleted key; removing them leaves no copy of it', async () => {
    const path = await copy();
    value(await core.services['keystore.trust']({ path, storePassword: PASS, certPath: certFile, alias: 'ca' }));
    const r = value(await core.services['keystore.delete']({ path, storePassword: PASS, alias: 's1' }));
    // .orig (before the trust) and the timestamped backup (before the delete) both still hold s1.
    expect(r.secretBackups).toHaveLength(2);
    expect(r.secretBackups.some((p) => p.endsWith('.orig'))).toBe(true);
    expect(r.summary).toMatch(/2 backups still hold the deleted secret key 's1'/);
    for (const b of r.secretBackups) expect((await keytoolList(b, PASS, 'JCEKS')).entries.map((e) => e.alias)).toContain('s1');

    // Deleting a trusted certificate takes nothing secret away.
    const trusted = value(await core.services['keystore.delete']({ path, storePassword: PASS, alias: 'ca' }));
    expect(trusted.secretBackups).toEqual([]);

    const removed = value(await core.services['keystore.removeBackups']({ path, backupPaths: r.secretBackups }));
    expect(removed.removed.sort()).toEqual([...r.secretBackups].sort());
    for (const b of r.secretBackups) expect(await gone(b)).toBe(true);
    // Whatever backups remain (the one made before deleting 'ca') hold no s1.
    const remaining = await keystoreBackups(path);
    expect(remaining).toHaveLength(1);
    for (const b of remaining) expect((await keytoolList(b, PASS, 'JCEKS')).entries.map((e) => e.alias)).not.toContain('s1');
  }, 60_000);

  it('passwd names the backups that still open with the old password', async () => {
    const path = await copy();
    const r = value(await core.services['keystore.changePassword']({ path, storePassword: PASS, newStorePassword: 'brand-new-9' }));
    expect(r.secretBackups).toEqual([`${path}.orig`]);
    expect(r.summary).toMatch(/A backup still holds keys that open with the old password/);
    expect((await keytoolRaw(['-list', '-keystore', `${path}.orig`, '-storetype', 'JCEKS', '-storepass', PASS])).code).toBe(0);
    value(await core.services['keystore.removeBackups']({ path, backupPaths: r.secretBackups }));
    expect(await gone(`${path}.orig`)).toBe(true);
  }, 60_000);

  it('removes only Certdesk backups of that keystore, and nothing when one path is wrong', async () => {
    const path = await copy();
    value(await core.services['keystore.delete']({ path, storePassword: PASS, alias: 'k1' }));
    const orig = `${path}.orig`;
    for (const wrong of [path, jceks, join(dir, 'other.jceks.orig'), `${path}.orig.txt`]) {
      expect(errorCode(await core.services['keystore.removeBackups']({ path, backupPaths: [orig, wrong] }))).toBe('VALIDATION_FAILED');
      expect(await gone(orig)).toBe(false);
    }
    expect(await gone(path)).toBe(false);
  });
});
