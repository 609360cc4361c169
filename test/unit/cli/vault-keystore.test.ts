import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCertdesk } from '../../helpers/cli.js';
import { hasSecretService, secretTool, secretToolAccounts, uniqueService } from '../../helpers/vault.js';

// A keystore-password credential: `certdesk keystore …` opens that keystore without being given the password.
const dir = mkdtempSync(join(tmpdir(), 'certdesk-vault-ks-'));
const service = uniqueService('ks');
afterAll(() => {
  for (const a of secretToolAccounts(service)) secretTool(['clear', 'service', service, 'account', a]);
  rmSync(dir, { recursive: true, force: true });
});

describe.runIf(hasSecretService)('keystore commands with the password kept in the vault', () => {
  it('lists a keytool-made keystore (also through a symlink) without a password given, naming the credential used', async () => {
    const ks = join(dir, 'agent.p12');
    const env = { CERTDESK_HOME: join(dir, 'home'), CERTDESK_KEYCHAIN_SERVICE: service, SP: 'kept-store-pw-77' };
    execFileSync('keytool', ['-genkeypair', '-keystore', ks, '-storetype', 'PKCS12', '-storepass:env', 'SP', '-alias', 'https', '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', 'CN=agent.example', '-validity', '30'], { env: { ...process.env, SP: env.SP }, stdio: 'ignore' });
    const before = await runCertdesk(['keystore', 'list', ks, '--json'], { env });
    expect(before.code).toBe(2);
    expect(before.stderr).toContain('keystore-password credential');
    const added = await runCertdesk(['vault', 'add', 'agent keystore', '--kind', 'keystore-password', '--field', `keystorePath=${ks}`, '--secret-env', 'password=SP'], { env });
    expect(added.code, added.stderr).toBe(0);
    const link = join(dir, 'link.p12');
    symlinkSync(ks, link);
    for (const path of [ks, link]) {
      const listed = await runCertdesk(['keystore', 'list', path, '--json'], { env });
      expect(listed.code, listed.stderr).toBe(0);
      expect(JSON.parse(listed.stdout)).toMatchObject({ passwordFrom: 'agent keystore', entries: [{ alias: 'https' }] });
    }
    // A password given still wins (a wrong one is refused, not replaced by the kept one).
    const wrong = await runCertdesk(['keystore', 'list', ks, '--storepass-env', 'BAD', '--json'], { env: { ...env, BAD: 'wrong-pw' } });
    expect(wrong.code).toBe(2);
  }, 60_000);

  it('changing the store password with Certdesk updates the kept password: keytool opens the store with the new one, and so does the next command', async () => {
    const ks = join(dir, 'rotated.jks');
    const env = { CERTDESK_HOME: join(dir, 'home-passwd'), CERTDESK_KEYCHAIN_SERVICE: service, SP: 'old-store-pw-31', NEW: 'new-store-pw-62' };
    execFileSync('keytool', ['-genkeypair', '-keystore', ks, '-storetype', 'JKS', '-storepass:env', 'SP', '-keypass:env', 'SP', '-alias', 'https', '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', 'CN=agent.example', '-validity', '30'], { env: { ...process.env, SP: env.SP }, stdio: 'ignore' });
    const added = await runCertdesk(['vault', 'add', 'rotating keystore', '--kind', 'keystore-password', '--field', `keystorePath=${ks}`, '--secret-env', 'password=SP'], { env });
    expect(added.code, added.stderr).toBe(0);
    // No --storepass-env: the kept password opens it; the new one replaces it in the keychain.
    const changed = await runCertdesk(['keystore', 'passwd', ks, '--new-storepass-env', 'NEW'], { env });
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.stdout).toContain('The password kept as "rotating keystore" in Credentials now holds the new one.');
    execFileSync('keytool', ['-list', '-keystore', ks, '-storepass:env', 'NEW'], { env: { ...process.env, NEW: env.NEW }, stdio: 'ignore' });
    const listed = await runCertdesk(['keystore', 'list', ks, '--json'], { env });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toMatchObject({ passwordFrom: 'rotating keystore', entries: [{ alias: 'https' }] });
    const shown = await runCertdesk(['vault', 'show', 'rotating keystore', '--json'], { env });
    expect((JSON.parse(shown.stdout) as { credential: { rotations: string[] } }).credential.rotations).toHaveLength(1);
  }, 60_000);
});
