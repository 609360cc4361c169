/**
 * Where the auth tests meet the vault (auth composes it: the vault sits below in the domain order):
 * a credential by name with its secrets read from the keychain, and its lastUsed / lastTest written
 * after a call.
 */
import type { CredentialTestResult } from '../../../shared/contract/vault.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { credentialStore } from '../vault/credentials.js';
import { createVault } from '../vault/service.js';
import type { CallCredential } from './credential.js';

/** A vault credential as a call uses it: its secrets, and the hosts they may go to (allowed hosts, else its endpoints' hosts). */
export async function vaultCredential(deps: CoreDeps, name: string): Promise<CallCredential & { id: string }> {
  const vault = createVault(deps);
  const r = await vault.byName(name);
  if (r.kind === 'client-certificate' || r.kind === 'keystore-password')
    throw new CertdeskError('VALIDATION_FAILED', `"${r.name}" is a ${r.kind} credential, not an HTTP auth scheme.`, 'Choose a credential of an HTTP scheme (basic, bearer, digest, …).');
  const secrets: Record<string, string> = {};
  for (const field of r.secretFields) secrets[field] = await vault.secretOf(r, field);
  const endpointHosts = r.endpoints.flatMap((e) => {
    try {
      return [new URL(e).host];
    } catch {
      return [];
    }
  });
  return { id: r.id, scheme: r.kind, name: r.name, fields: r.fields, secrets, allowedHosts: r.allowedHosts.length ? r.allowedHosts : endpointHosts };
}

/** Writes a call's outcome to the credential (lastUsed, lastTest); a failure is logged, never the call's. */
export async function recordCredentialTest(deps: CoreDeps, id: string, result: CredentialTestResult): Promise<void> {
  try {
    await credentialStore(deps).update((list) => ({ records: list.map((x) => (x.id === id ? { ...x, lastUsed: result.at, lastTest: result } : x)), value: undefined }));
  } catch (err) {
    deps.log.warn(`The last test result of a credential could not be written: ${err instanceof Error ? err.message : String(err)}`);
  }
}
