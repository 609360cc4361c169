/**
 * What pki needs to put a new key pair "straight into a keystore". Keystores are a higher domain,
 * so pki only declares the port; the keystore domain implements it and services.ts plugs it in.
 */
import type { WrittenFile } from '../../../shared/contract/files.js';
import type { KeyPairOutput } from '../../../shared/contract/pki-ops.js';

/** A keystore output with its alias decided (the handler defaults it from the common name). */
export type KeystoreTarget = Omit<Extract<KeyPairOutput, { kind: 'keystore' }>, 'alias'> & { alias: string };

export interface KeystoreTargetPort {
  /** Checks before any work: the keystore opens, the alias is free (unless overwrite), the folder exists. */
  check(target: KeystoreTarget, overwrite: boolean, inputs: string[]): Promise<void>;
  /** Adds the key and its chain (leaf first) as an entry; returns the file written and the alias used. */
  write(target: KeystoreTarget, keyPkcs8Der: Buffer, chainDer: Buffer[], overwrite: boolean): Promise<{ written: WrittenFile; alias: string }>;
}
