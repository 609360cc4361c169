import { CertdeskError } from '../errors.js';

/** The errors for a key password (as opposed to the store password), shared by every keystore codec. */

/** The BAD_PASSWORD error for a key (not store) password. */
export function wrongKeyPassword(alias: string): CertdeskError {
  return new CertdeskError(
    'BAD_PASSWORD',
    `The KEY password for entry '${alias}' is wrong (the keystore password itself was accepted).`,
    'In JKS keystores a private key can have its own key password; by default it is the store password. Give the key password for this alias.',
  );
}

/** BAD_PASSWORD for a key that stayed sealed but is needed in the clear (converting to another format). */
export function lockedKey(alias: string): CertdeskError {
  return new CertdeskError(
    'BAD_PASSWORD',
    `Entry '${alias}' is protected by its own KEY password, which Certdesk does not have (none was given, or it is wrong).`,
    'Give the key password for this alias; keytool calls it -keypass.',
  );
}
