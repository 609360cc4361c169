import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ListedActivity } from '../../../../shared/contract/activity.js';
import type { TestCore } from '../../../helpers/core.js';
import { keytool, keytoolList } from '../keystore/helpers.js';
import { ADMIN_KEYPASS, PFX_PASS, STOREPASS, type ServiceFixtures, errorCode, freshJks, setUpServiceSuite, value } from '../keystore/service-fixtures.js';

/**
 * The activity log through the real core: changes made by the keystore, agent, pki and tls operations
 * are listed with their backups (recorded by the composition layer, not by those domains), restore puts
 * a backup back byte for byte (keytool reads it), and refuses when the backup or the file changed.
 */

let f: ServiceFixtures;
let core: TestCore;
setUpServiceSuite('svc-activity', (fx, c) => {
  f = fx;
  core = c;
});

const FIXTURES = fileURLToPath(new URL('../../../fixtures/agent/', import.meta.url));
const NEW_PASS = 'new-store-pass-42';

async function listed(filter: { file?: string; kind?: ListedActivity['kind'] } = {}): Promise<ListedActivity[]> {
  return value(await core.services['activity.list'](filter)).entries;
}

describe('activity across the domains', () => {
  it('lists a keystore import with its backup, newest first, from the app', async () => {
    const ks = await freshJks(f);
    value(await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: f.chainPfx, pfxPassword: PFX_PASS, alias: 'https' }));
    value(await core.services['keystore.trust']({ path: ks, storePassword: STOREPASS, certPath: f.rootCert, alias: 'root-again' }));
    const [trust, imported] = await listed({ file: ks });
    expect(imported).toMatchObject({ op: 'keystore.importPfx', kind: 'keystore', source: 'app', files: [{ path: ks, role: 'keystore', backupPath: `${ks}.orig`, backupExists: true, restorable: true }] });
    expect(imported?.summary).toContain("'https'");
    expect(trust).toMatchObject({ op: 'keystore.trust', kind: 'trust', files: [{ path: ks, backupKind: 'timestamped' }] });
    expect((await listed({ kind: 'trust' })).map((e) => e.id)).toContain(trust?.id);
    expect(value(await core.services['activity.list']({ file: join(f.dir, 'untouched.jks') })).total).toBe(0);
  });

  it('restore puts the recorded backup back byte for byte, backs up the current state, and is recorded itself', async () => {
    const ks = await freshJks(f);
    const pristine = await readFile(ks);
    value(await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: f.chainPfx, pfxPassword: PFX_PASS, alias: 'https' }));
    const changed = await readFile(ks);
    const [entry] = await listed({ file: ks });
    const r = value(await core.services['activity.restore']({ id: entry!.id }));
    expect(r.from).toBe(`${ks}.orig`);
    const restored = await readFile(ks);
    expect(restored.equals(await readFile(`${ks}.orig`))).toBe(true);
    expect(restored.equals(pristine)).toBe(true);
    expect((await readFile(r.write.backupPath!)).equals(changed)).toBe(true);
    expect((await keytoolList(ks, STOREPASS)).entries.map((e) => e.alias).sort()).toEqual(['admin-tool', 'partner-ca', 'server']);
    const [again] = await listed({ file: ks });
    expect(again).toMatchObject({ op: 'activity.restore', kind: 'restore', files: [{ path: ks, backupPath: r.write.backupPath }] });
  });

  it('refuses to restore when the backup is gone, the file is no longer a keystore, or the change kept no backup', async () => {
    const ks = await freshJks(f);
    value(await core.services['keystore.importPfx']({ path: ks, storePassword: STOREPASS, pfxPath: f.chainPfx, pfxPassword: PFX_PASS, alias: 'https' }));
    const [entry] = await listed({ file: ks });
    await writeFile(ks, 'not a keystore any more');
    expect(errorCode(await core.services['activity.restore']({ id: entry!.id }))).toBe('NOT_RESTORABLE');
    expect(await readFile(ks, 'utf8')).toBe('not a keystore any more');
    await writeFile(`${ks}.orig`, '<html>replaced</html>');
    expect(errorCode(await core.services['activity.restore']({ id: entry!.id }))).toBe('NOT_RESTORABLE');
    await rm(`${ks}.orig`);
    expect(errorCode(await core.services['activity.restore']({ id: entry!.id }))).toBe('BACKUP_MISSING');
    expect((await listed({ file: ks }))[0]?.files[0]).toMatchObject({ backupExists: false, restorable: false });

    const fresh = join(f.dir, 'brand-new.p12');
    value(await core.services['keystore.trust']({ path: fresh, storePassword: STOREPASS, certPath: f.rootCert, alias: 'root' }));
    const [created] = await listed({ file: fresh });
    expect(errorCode(await core.services['activity.restore']({ id: created!.id }))).toBe('NOT_RESTORABLE');
    expect(errorCode(await core.services['activity.restore']({ id: 'no-such-id' }))).toBe('ACTIVITY_NOT_FOUND');
  });

  it('marks backups that still hold a deleted key or open with the old password, and removes them from here', async () => {
    const ks = await freshJks(f);
    value(await core.services['keystore.delete']({ path: ks, storePassword: STOREPASS, alias: 'server' }));
    value(await core.services['keystore.changePassword']({ path: ks, storePassword: STOREPASS, newStorePassword: NEW_PASS }));
    const [passwd, deleted] = await listed({ file: ks });
    expect(deleted?.secretBackups).toEqual({ paths: [`${ks}.orig`], holds: "the deleted key 'server'" });
    expect(deleted?.secretBackupsLeft).toEqual([`${ks}.orig`]);
    expect(passwd?.secretBackups?.holds).toBe('keys that open with the old store password');
    expect(passwd?.secretBackupsLeft.length).toBe(2);
    const removed = value(await core.services['activity.removeBackups']({ id: passwd!.id }));
    expect(removed.removed.sort()).toEqual(passwd!.secretBackupsLeft.sort());
    const [cleanup, afterPasswd, afterDelete] = await listed({ file: ks });
    expect(cleanup).toMatchObject({ op: 'activity.removeBackups', kind: 'backup', removed: removed.removed });
    expect(afterPasswd?.secretBackupsLeft).toEqual([]);
    expect(afterDelete?.secretBackupsLeft).toEqual([]);
    expect(errorCode(await core.services['activity.removeBackups']({ id: cleanup!.id }))).toBe('VALIDATION_FAILED');
  });

  it('records the agent config switch and profile, pki files and tls saves; restores the config', async () => {
    const home = join(f.dir, 'agent-home');
    await cp(join(FIXTURES, 'linux'), home, { recursive: true });
    const config = join(home, 'conf', 'IAConfig.xml');
    const original = await readFile(config);
    await keytool(['-genkeypair', '-alias', 'agent', '-keyalg', 'EC', '-dname', 'CN=agent.example.com', '-keystore', join(home, 'conf', '.keystore'), '-storetype', 'JKS', '-storepass', STOREPASS]);
    value(await core.services['agent.enableHttps']({ configPath: config, storePassword: STOREPASS }));
    value(await core.services['agent.save']({ name: 'Plant B', home }));
    const csr = value(await core.services['pki.createCsr']({ cn: 'plant-b.example.com', csrPath: join(f.dir, 'b.csr'), keyPath: join(f.dir, 'b.key') }));
    value(await core.services['tls.saveChain']({ chainPem: f.root.certPem, outPath: join(f.dir, 'served.pem') }));

    const [chain, request, profile, https] = await listed();
    expect(https).toMatchObject({ op: 'agent.enableHttps', kind: 'agent-config', files: [{ path: config, role: 'config', backupPath: `${config}.orig`, restorable: true }] });
    expect(profile).toMatchObject({ op: 'agent.save', kind: 'agent-profile', summary: `Saved the agent profile 'Plant B' (${home}).` });
    expect(request).toMatchObject({ op: 'pki.createCsr', kind: 'file' });
    expect(request?.files.map((x) => x.path).sort()).toEqual(csr.written.map((x) => x.path).sort());
    expect(chain).toMatchObject({ op: 'tls.saveChain', kind: 'file', files: [{ path: join(f.dir, 'served.pem'), created: true, backupPath: null, restorable: false }] });

    value(await core.services['activity.restore']({ id: https!.id }));
    expect((await readFile(config)).equals(original)).toBe(true);
  });

  it('activity.jsonl holds no password used and keeps no backups of itself', async () => {
    const text = await readFile(join(core.dataDir, 'activity.jsonl'), 'utf8');
    for (const secret of [STOREPASS, PFX_PASS, ADMIN_KEYPASS, NEW_PASS]) expect(text).not.toContain(secret);
    await expect(readFile(join(core.dataDir, 'activity.jsonl.orig'))).rejects.toThrow();
  });
});

describe('what is not a change', () => {
  it('a decoded token whose claims look like a written file records nothing (only an output the contract says holds a written file is read for one)', async () => {
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const forged = { path: '/etc/passwd', role: 'keystore', created: false, backupPath: '/etc/passwd.orig', backupKind: 'orig' };
    const jwt = `${b64({ alg: 'none' })}.${b64({ sub: 'x', exp: 4102444800, note: forged, list: [forged] })}.`;
    const before = value(await core.services['activity.list']({})).total;
    const decoded = value(await core.services['token.decode']({ jwt }));
    expect(decoded.claims['note']).toEqual(forged);
    expect(value(await core.services['activity.list']({})).total).toBe(before);
    expect(await listed({ file: '/etc/passwd' })).toEqual([]);
  });
});
