/**
 * The lower domains plugged into the overview's ports: the vault's credentials (and a
 * `keystore-password` credential's password for a watched keystore) and the saved auth tests with
 * their last verdicts. The app's core and the CLI's overview bundle both build the overview with these.
 */
import { savedTests } from '../auth/saved-tests.js';
import { resolve } from 'node:path';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { credentialStore } from '../vault/credentials.js';
import { createVault } from '../vault/service.js';
import type { OverviewPorts } from './ports.js';

/** The vault's side of the overview. */
export function vaultPorts(deps: CoreDeps): Pick<OverviewPorts, 'credentials' | 'credentialSecret' | 'keystoreCredential'> {
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
    async keystoreCredential(path) {
      const full = resolve(path);
      const found = (await credentialStore(deps).read()).records.find((r) => r.kind === 'keystore-password' && r.fields['keystorePath'] && resolve(r.fields['keystorePath']) === full);
      return found?.name ?? null;
    },
  };
}

/** A saved URL as the overview shows it: without its query, where a token could sit. */
function withoutQuery(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.split(/[?#]/)[0] ?? '';
  }
}

/** The auth tests' side: each saved test and its last verdict (read from the metadata store, nothing is run). */
export function authTestPorts(deps: CoreDeps): Pick<OverviewPorts, 'authTests'> {
  return {
    async authTests() {
      return (await savedTests(deps).read()).records.map((t) => ({
        id: t.name,
        name: t.name,
        url: withoutQuery(t.request.url),
        credential: t.credentialName ?? undefined,
        last: t.lastResult ? { at: t.lastResult.at, verdict: t.lastResult.verdict, summary: t.lastResult.summary } : null,
      }));
    },
  };
}

/** Every port the core plugs in. */
export function overviewPorts(deps: CoreDeps): OverviewPorts {
  return { ...vaultPorts(deps), ...authTestPorts(deps) };
}
