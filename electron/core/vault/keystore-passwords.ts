/**
 * The vault's keystore-password credentials as the keystore domain's StoredPasswordPort: a keystore
 * operation called without a store password uses the one kept for that keystore (matched on the real
 * path of the credential's keystorePath), so the Keystores screen and the CLI open it without asking.
 */
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { realPathOf, type StoredPasswordPort } from '../keystore/stored-password.js';
import { type CredentialRecord, credentialStore, MAX_ROTATIONS, secretAccount } from './credentials.js';

export function vaultKeystorePasswords(deps: CoreDeps): StoredPasswordPort {
  const store = credentialStore(deps);
  /** The keystore-password credential kept for the keystore at `realPath`, if any. */
  const credentialFor = async (realPath: string): Promise<CredentialRecord | undefined> => {
    const { records } = await store.read();
    for (const r of records) {
      const path = r.kind === 'keystore-password' ? r.fields['keystorePath'] : undefined;
      if (path !== undefined && r.secretFields.includes('password') && (await realPathOf(path)) === realPath) return r;
    }
    return undefined;
  };
  return {
    async passwordChanged(realPath, password) {
      const r = await credentialFor(realPath);
      if (!r) return null;
      deps.log.addSecret(password);
      await deps.keychain.set(secretAccount(r.id, 'password'), password);
      const at = deps.clock.now().toISOString();
      await store.update((list) => ({
        records: list.map((x) => (x.id === r.id ? { ...x, updated: at, rotations: [...x.rotations, at].slice(-MAX_ROTATIONS) } : x)),
        value: undefined,
      }));
      return r.name;
    },
    async passwordFor(realPath) {
      const r = await credentialFor(realPath);
      if (!r) return null;
      const password = await deps.keychain.get(secretAccount(r.id, 'password'));
      if (password === null)
        throw new CertdeskError('SECRET_MISSING', `The keystore password kept as "${r.name}" is not in the keychain.`, `Give the password, or enter it again with \`certdesk vault rotate "${r.name}"\`.`);
      deps.log.addSecret(password);
      return { password, source: r.name };
    },
  };
}
