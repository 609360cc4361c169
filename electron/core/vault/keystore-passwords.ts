/**
 * The vault's keystore-password credentials as the keystore domain's StoredPasswordPort: a keystore
 * operation called without a store password uses the one kept for that keystore (matched on the real
 * path of the credential's keystorePath), so the Keystores screen and the CLI open it without asking.
 */
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { realPathOf, type StoredPasswordPort } from '../keystore/stored-password.js';
import { credentialStore, secretAccount } from './credentials.js';

export function vaultKeystorePasswords(deps: CoreDeps): StoredPasswordPort {
  const store = credentialStore(deps);
  return {
    async passwordFor(realPath) {
      const { records } = await store.read();
      for (const r of records) {
        const path = r.kind === 'keystore-password' ? r.fields['keystorePath'] : undefined;
        if (path === undefined || !r.secretFields.includes('password') || (await realPathOf(path)) !== realPath) continue;
        const password = await deps.keychain.get(secretAccount(r.id, 'password'));
        if (password === null)
          throw new CertdeskError('SECRET_MISSING', `The keystore password kept as "${r.name}" is not in the keychain.`, `Give the password, or enter it again with \`certdesk vault rotate "${r.name}"\`.`);
        deps.log.addSecret(password);
        return { password, source: r.name };
      }
      return null;
    },
  };
}
