/**
 * The keystore port for pki, loaded on first use: a process that creates certificates into files
 * (most `certdesk cert create` runs) never evaluates the keystore code.
 */
import type { KeystoreTargetPort } from '../pki/keystore-port.js';

const load = () => import('./key-pair-target.js').then((m) => m.keystoreKeyPairTarget);

/** keystoreKeyPairTarget, imported when a keystore is first checked or written. */
export const lazyKeystoreKeyPairTarget: KeystoreTargetPort = {
  check: async (target, overwrite, inputs) => (await load()).check(target, overwrite, inputs),
  write: async (target, keyPkcs8Der, chainDer, overwrite) => (await load()).write(target, keyPkcs8Der, chainDer, overwrite),
};
