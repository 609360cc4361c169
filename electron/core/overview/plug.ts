/**
 * The lower domains plugged into the overview's ports: the vault's credentials (and a
 * `keystore-password` credential's password for a watched keystore). The app's core and the CLI's
 * overview bundle both build the overview with these.
 */
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { credentialStore } from '../vault/credentials.js';
import { createVault } from '../vault/service.js';
import type { OverviewPorts } from './ports.js';

/** The vault's side of the overview. */
export function vaultPorts(deps: CoreDeps): Pick<OverviewPorts, 'credentials' | 'credentialSecret'> {
  const vault = createVault(deps);
  return {
    async credentials() {
      // No credential kept: nothing to ask the keychain (a server without one still gets its overview).
      if ((await credentialStore(deps).read()).records.length === 0) return [];
      return (await vault.list({})).credentials;
    },
    async credentialSecret(name, field) {
      const { credential } = await vault.show({ name });
      if (credential.kind !== 'keystore-password')
        throw new CertdeskError('VALIDATION_FAILED', `The credential '${name}' is a ${credential.kind} credential, not a keystore password.`, 'Name a credential of kind keystore-password.');
      return (await vault.reveal({ name, field })).value;
    },
  };
}

/** Every port the core can plug in today. */
export function overviewPorts(deps: CoreDeps): OverviewPorts {
  return { ...vaultPorts(deps) };
}
