import { X509Certificate } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCertdesk, type CliRun } from '../../helpers/cli.js';
import { fingerprint, keytool, keytoolList, tempDir } from '../core/keystore/helpers.js';
import { ADMIN_KEYPASS, KEYFILE_PASS, PFX_PASS, STOREPASS, type ServiceFixtures, freshJks, makeFixtures } from '../core/keystore/service-fixtures.js';

/** The built `certdesk keystore …` CLI, as a user runs it, with keytool as the oracle. */

let f: ServiceFixtures;
let cleanup: () => Promise<void>;
let home: string;
const SECRETS = { SP: STOREPASS, PP: PFX_PASS, KP: KEYFILE_PASS, NEWPASS: 'brand-new-pass' };

function cd(args: string[], extra: NodeJS.ProcessEnv = {}, input?: string): Promise<CliRun> {
  return runCertdesk(args, { env: { CERTDESK_HOME: home, ...SECRETS, ...extra }, ...(input !== undefined ? { input } : {}) });
}

function expectClean(r: CliRun): void {
  for (const s of [STOREPASS, PFX_PASS, KEYFILE_PASS, ADMIN_KEYPASS, 'brand-new-pass']) {
    expect(r.stdout).not.toContain(s);
    expect(r.stderr).not.toContain(s);
  }
  expect(r.stdout).not.toContain('PRIVATE KEY');
}

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await tempDir('cli-ks'));
  f = await makeFixtures(dir);
  home = join(dir, 'home');
}, 120_000);
afterAll(async () => cleanup?.());

describe('certdesk keystore list', () => {
  it('--json gives type and entries with the same aliases, serials and fingerprints as keytool -list -v', async () => {
    const r = await cd(['keystore', 'list', f.jks, '--storepass-env', 'SP', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expectClean(r);
    const out = JSON.parse(r.stdout) as {
      type: string;
      entries: Array<{ alias: string; kind: string; created: string; chainLength: number; certificates: Array<Record<string, unknown>> }>;
    };
    expect(out.type).toBe('JKS');
    const raw = await keytool(['-list', '-v', '-keystore', f.jks, '-storepass', STOREPASS]);
    const blocks = raw.split(/^Alias name: /m).slice(1);
    expect(out.entries.map((e) => e.alias).sort()).toEqual(blocks.map((b) => b.slice(0, b.indexOf('\n'))).sort());
    for (const block of blocks) {
      const alias = block.slice(0, block.indexOf('\n'));
      const entry = out.entries.find((e) => e.alias === alias)!;
      expect(entry.kind).toBe(/Entry type: PrivateKeyEntry/.test(block) ? 'privateKey' : 'trustedCert');
      expect(Number.isNaN(Date.parse(entry.created))).toBe(false);
      expect(entry.chainLength).toBe(entry.certificates.length);
      const cert = entry.certificates[0]!;
      expect(cert['sha256']).toBe(/^\s*SHA256: (\S+)/m.exec(block)?.[1]);
      expect(cert['sha1']).toBe(/^\s*SHA1: (\S+)/m.exec(block)?.[1]);
      expect(cert['serial']).toBe(/^Serial number: (\S+)/m.exec(block)?.[1]);
      for (const field of ['subject', 'issuer', 'notBefore', 'notAfter', 'san', 'keyType', 'selfSigned']) expect(cert).toHaveProperty(field);
      expect(cert['keySize'] ?? cert['curve']).toBeDefined();
    }
  });

  it('prints a readable table by default: alias, kind, subject, expiry, days left, short SHA-256', async () => {
    const r = await cd(['keystore', 'list', f.jks, '--storepass-env', 'SP']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Keystore ${f.jks} (JKS, 3 entries)`);
    expect(r.stdout).toMatch(/ALIAS\s+KIND\s+SUBJECT\s+EXPIRES\s+DAYS LEFT\s+SHA-256/);
    // Not a terminal: the table fits 100 columns, subjects cut with "…"; --wide shows them whole.
    expect(lines.every((l) => l.length <= 100)).toBe(true);
    expect(lines.find((l) => l.startsWith('server '))).toMatch(/private key\s+CN=agent\.\S*\s+\d{4}-\d\d-\d\d\s+\d+\s+[0-9A-F:]{23}…$/);
    const wide = await cd(['keystore', 'list', f.jks, '--storepass-env', 'SP', '--wide']);
    const server = wide.stdout.split('\n').find((l) => l.startsWith('server '))!;
    expect(server).toMatch(/private key\s+CN=agent\.example\.com\s+\d{4}-\d\d-\d\d\s+\d+\s+[0-9A-F:]{23}…$/);
    expect(r.stdout).toMatch(/admin-tool\s+private key \[locked\]/);
    expect(r.stdout).toMatch(/partner-ca\s+trusted cert/);
  });

  it('--expiring-within exits 1 when a certificate expires in time, 0 otherwise', async () => {
    const soon = await cd(['keystore', 'list', f.jks, '--storepass-env', 'SP', '--expiring-within', '60']);
    expect(soon.code).toBe(1);
    expect(soon.stdout).toMatch(/1 certificate expires within 60 days:\n {2}partner-ca: .*CN=web-root\.localhost/);
    const fine = await cd(['keystore', 'list', f.jks, '--storepass-env', 'SP', '--expiring-within', '5']);
    expect(fine.code).toBe(0);
    expect(fine.stdout).toContain('No certificate expires within 5 days.');
  });

  it('reads the password from a file or stdin, never from a plain flag', async () => {
    const pwFile = join(f.dir, 'storepass.txt');
    await writeFile(pwFile, `${STOREPASS}\n`, { mode: 0o600 });
    expect((await cd(['keystore', 'list', f.jks, '--storepass-file', pwFile])).code).toBe(0);
    expect((await cd(['keystore', 'list', f.jks, '--storepass-stdin'], {}, `${STOREPASS}\n`)).code).toBe(0);
    for (const args of [['--storepass', STOREPASS], [`--storepass=${STOREPASS}`]]) {
      const plain = await cd(['keystore', 'list', f.jks, ...args]);
      expect(plain.code).toBe(2);
      expect(plain.stderr).toContain('--storepass does not take a value on the command line');
      expect(plain.stderr).toContain('--storepass-env VAR');
      expect(plain.stdout).toBe('');
    }
    const pfxPlain = await cd(['keystore', 'import-pfx', join(f.dir, 'x.ks'), '--pfx', f.chainPfx, '--pfx-password', PFX_PASS, '--storepass-env', 'SP']);
    expect(pfxPlain.code).toBe(2);
    expect(pfxPlain.stderr).toContain('--pfx-password does not take a value');
  });

  it('a wrong password exits 2 with a clear message and hint on stderr', async () => {
    const r = await cd(['keystore', 'list', f.jks, '--storepass-env', 'WRONG'], { WRONG: 'not-the-password' });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('certdesk: The keystore password is wrong (or the file was altered).\nhint: Check the store password; for an agent keystore it is set in the agent configuration.\n');
    const unset = await cd(['keystore', 'list', f.jks, '--storepass-env', 'UNSET_VAR']);
    expect(unset.code).toBe(2);
    // The name is not repeated: it may be the password typed in its place.
    expect(unset.stderr).toContain('The environment variable named by --storepass-env is not set.');
    expect(unset.stderr).not.toContain('UNSET_VAR');
    const missing = await cd(['keystore', 'list', join(f.dir, 'nope.jks'), '--storepass-env', 'SP']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('The keystore does not exist');
    expect((await cd(['keystore', 'list', f.jks])).code).toBe(2);
  });
});

describe('certdesk keystore import-pfx', () => {
  it('creates a JKS keystore keytool lists, then asks before touching an alias that exists', async () => {
    const ks = join(f.dir, 'cli-new.keystore');
    const r = await cd(['keystore', 'import-pfx', ks, '--pfx', f.chainPfx, '--pfx-password-env', 'PP', '--alias', 'agent-https', '--storepass-env', 'SP', '--storetype', 'jks']);
    expect(r.code).toBe(0);
    expectClean(r);
    expect(r.stdout).toContain(`as 'agent-https'. Created ${ks}.`);
    expect(r.stdout).toContain(`SHA-256 ${fingerprint(f.leaf.certDer)}`);
    const oracle = await keytoolList(ks, STOREPASS);
    expect(oracle.type).toBe('JKS');
    expect(oracle.entries).toEqual([{ alias: 'agent-https', entryType: 'PrivateKeyEntry', sha256: [fingerprint(f.leaf.certDer), fingerprint(f.root.certDer)] }]);

    const before = await readFile(ks);
    const clash = await cd(['keystore', 'import-pfx', ks, '--pfx', f.chainPfx, '--pfx-password-env', 'PP', '--alias', 'agent-https', '--storepass-env', 'SP']);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain("already has an entry named 'agent-https'");
    expect(clash.stderr).toContain('--on-clash replace');
    expect(await readFile(ks)).toEqual(before);
    const renamed = await cd(['keystore', 'import-pfx', ks, '--pfx', f.chainPfx, '--pfx-password-env', 'PP', '--alias', 'agent-https', '--storepass-env', 'SP', '--on-clash', 'rename', '--json']);
    expect(renamed.code).toBe(0);
    expect(JSON.parse(renamed.stdout)).toMatchObject({ alias: 'agent-https-2', write: { backupPath: `${ks}.orig`, backupKind: 'orig' } });
  });

  it('imports into the agent keystore next to its entries, and wants --source-alias for a .pfx with several keys', async () => {
    const ks = await freshJks(f);
    const many = await cd(['keystore', 'import-pfx', ks, '--pfx', f.twoKeyPfx, '--pfx-password-env', 'PP', '--storepass-env', 'SP']);
    expect(many.code).toBe(2);
    expect(many.stderr).toContain("holds 2 keys: 'first', 'second'");
    expect(many.stderr).toContain('--source-alias');
    const r = await cd(['keystore', 'import-pfx', ks, '--pfx', f.twoKeyPfx, '--pfx-password-env', 'PP', '--source-alias', 'second', '--alias', 'server-2025', '--storepass-env', 'SP']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`backup of the previous version: ${ks}.orig`);
    expect((await keytoolList(ks, STOREPASS)).entries.map((e) => e.alias).sort()).toEqual(['admin-tool', 'partner-ca', 'server', 'server-2025']);
    const wrongPfx = await cd(['keystore', 'import-pfx', ks, '--pfx', f.chainPfx, '--pfx-password-env', 'SP', '--storepass-env', 'SP']);
    expect(wrongPfx.code).toBe(2);
    expect(wrongPfx.stderr).toContain('The .pfx password is wrong');
  });
});

describe('the other keystore commands', () => {
  it('import-key with an encrypted key and --chain, trust, export-cert, rename, delete, passwd, convert — keytool agrees at each step', async () => {
    const ks = await freshJks(f);
    const noPass = await cd(['keystore', 'import-key', ks, '--cert', f.leafCert, '--key', f.encryptedKey, '--alias', 'web', '--storepass-env', 'SP']);
    expect(noPass.code).toBe(2);
    expect(noPass.stderr).toContain('--key-password-env');
    const imported = await cd(['keystore', 'import-key', ks, '--cert', f.leafCert, '--key', f.encryptedKey, '--key-password-env', 'KP', '--chain', f.rootCert, '--alias', 'web', '--storepass-env', 'SP']);
    expect(imported.code).toBe(0);
    expectClean(imported);
    expect((await keytoolList(ks, STOREPASS)).entries.find((e) => e.alias === 'web')?.sha256).toEqual([fingerprint(f.leaf.certDer), fingerprint(f.root.certDer)]);

    expect((await cd(['keystore', 'trust', ks, '--cert', f.otherCert, '--alias', 'other-ca', '--storepass-env', 'SP'])).code).toBe(0);
    expect((await keytoolList(ks, STOREPASS)).entries.find((e) => e.alias === 'other-ca')).toMatchObject({ entryType: 'trustedCertEntry', sha256: [fingerprint(f.other.certDer)] });

    const der = join(f.dir, 'web.der');
    const exported = await cd(['keystore', 'export-cert', ks, '--alias', 'web', '--out', der, '--der', '--storepass-env', 'SP']);
    expect(exported.code).toBe(0);
    expect(await readFile(der)).toEqual(f.leaf.certDer);
    const noForce = await cd(['keystore', 'export-cert', ks, '--alias', 'web', '--out', der, '--storepass-env', 'SP']);
    expect(noForce.code).toBe(2);
    expect(noForce.stderr).toContain('--force');
    const pem = await cd(['keystore', 'export-cert', ks, '--alias', 'other-ca', '--out', der, '--force', '--storepass-env', 'SP']);
    expect(pem.code).toBe(0);
    expect(pem.stdout).toContain(`backup: ${der}.orig`);
    expect(new X509Certificate(await readFile(der)).raw).toEqual(f.other.certDer);

    expect((await cd(['keystore', 'rename', ks, '--alias', 'other-ca', '--new-alias', 'partner-ca', '--storepass-env', 'SP'])).code).toBe(2);
    expect((await cd(['keystore', 'rename', ks, '--alias', 'other-ca', '--new-alias', 'partner-2', '--storepass-env', 'SP'])).code).toBe(0);
    const del = await cd(['keystore', 'delete', ks, '--alias', 'partner-2', '--storepass-env', 'SP']);
    expect(del.stderr).toBe('');
    expect(del.code).toBe(0);
    expect(del.stdout).toContain("Deleted the entry 'partner-2'");
    expect((await cd(['keystore', 'delete', ks, '--alias', 'partner-2', '--storepass-env', 'SP'])).code).toBe(2);

    const pw = await cd(['keystore', 'passwd', ks, '--storepass-env', 'SP', '--new-storepass-env', 'NEWPASS']);
    expect(pw.code).toBe(0);
    expectClean(pw);
    expect((await keytoolList(ks, 'brand-new-pass')).entries.map((e) => e.alias).sort()).toEqual(['admin-tool', 'partner-ca', 'server', 'web']);

    const p12 = join(f.dir, 'cli-converted.p12');
    const locked = await cd(['keystore', 'convert', ks, '--to', 'pkcs12', '--out', p12, '--storepass-env', 'NEWPASS']);
    expect(locked.code).toBe(2);
    expect(locked.stderr).toContain("'admin-tool'");
    const conv = await cd(['keystore', 'convert', ks, '--to', 'pkcs12', '--out', p12, '--storepass-env', 'NEWPASS', '--keypass-env', 'ADMIN'], { ADMIN: ADMIN_KEYPASS });
    expect(conv.code).toBe(0);
    expect(conv.stdout).toContain('Converted the keystore from JKS to PKCS12');
    const [src, dst] = await Promise.all([keytoolList(ks, 'brand-new-pass'), keytoolList(p12, 'brand-new-pass')]);
    expect(dst.type).toBe('PKCS12');
    expect(dst.entries.map((e) => [e.alias, e.sha256]).sort()).toEqual(src.entries.map((e) => [e.alias, e.sha256]).sort());
    expect((await stat(p12)).mode & 0o777).toBe(0o600);
    expect((await cd(['keystore', 'convert', ks, '--to', 'jceks', '--out', p12, '--storepass-env', 'NEWPASS'])).code).toBe(2);
  });
});
