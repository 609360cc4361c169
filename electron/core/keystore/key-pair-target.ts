/**
 * "Straight into a keystore": a new key pair (self-signed, or a CA reply joined with its key) added
 * as a private-key entry to a new or existing JKS / PKCS#12 keystore, through the keystore core's
 * safe update (backup first, verify by re-reading). The keystore domain owns this composition and
 * hands it to pki as its `KeystoreTargetPort`.
 */
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { WrittenFile } from '../../../shared/contract/files.js';
import { CertdeskError } from '../errors.js';
import type { KeystoreTarget, KeystoreTargetPort } from '../pki/keystore-port.js';
import { readBoundedOrNull } from '../store/read-file.js';
import { loadKeystore } from './keystore.js';
import { updateKeystoreFile } from './keystore-file.js';
import { findEntry } from './model.js';
import { importKeyPair } from './operations.js';
import { storeTypeForNewFile } from './target.js';

/**
 * Checks before any work: an existing keystore opens with the password and does not hold the alias
 * yet (unless `overwrite`, which replaces that one entry); a new one has a folder to go in.
 */
export async function checkKeystoreTarget(target: KeystoreTarget, overwrite: boolean, inputs: string[]): Promise<void> {
  const full = resolve(target.path);
  if (inputs.some((p) => resolve(p) === full)) {
    throw new CertdeskError('VALIDATION_FAILED', `The keystore would be written over one of the input files: ${full}`);
  }
  const bytes = await readBoundedOrNull(full, { kind: 'keystore', what: 'keystore' });
  if (bytes === null) {
    try {
      if (!(await fs.stat(dirname(full))).isDirectory()) throw new Error('not a folder');
    } catch {
      throw new CertdeskError('FILE_NOT_FOUND', `The folder does not exist: ${dirname(full)}`, 'Create the folder first, or choose another place.');
    }
    if (target.storePassword.length < 6) {
      throw new CertdeskError('VALIDATION_FAILED', 'A new keystore needs a password of at least 6 characters.', 'keytool refuses shorter keystore passwords.');
    }
    return;
  }
  const ks = loadKeystore(bytes, target.storePassword, { lockedKeys: 'keep' });
  const existing = findEntry(ks, target.alias);
  if (existing && !overwrite) {
    throw new CertdeskError('ALIAS_EXISTS', `The keystore already has an entry named '${existing.alias}'.`,
      'Choose another alias, or allow replacing (--force on the command line); the keystore is backed up first.');
  }
}

/** Adds the key and its chain (leaf first) as an entry; returns the file written and the alias used. */
export async function writeToKeystore(
  target: KeystoreTarget,
  keyPkcs8Der: Buffer,
  chainDer: Buffer[],
  overwrite: boolean,
): Promise<{ written: WrittenFile; alias: string }> {
  let alias = target.alias;
  const { write } = await updateKeystoreFile(
    resolve(target.path),
    target.storePassword,
    (ks) => {
      const added = importKeyPair(ks, keyPkcs8Der, chainDer, { alias: target.alias, onClash: overwrite ? 'replace' : 'error' });
      alias = added.alias;
      return added.keystore;
    },
    { createType: (target.storeType ?? storeTypeForNewFile(target.path)) === 'jks' ? 'JKS' : 'PKCS12' },
  );
  if (!write) throw new CertdeskError('INTERNAL', 'The keystore did not change.');
  return { written: write, alias };
}

/** The keystore domain's implementation of pki's port. */
export const keystoreKeyPairTarget: KeystoreTargetPort = { check: checkKeystoreTarget, write: writeToKeystore };
