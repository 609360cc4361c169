/**
 * The keystore model every keystore operation works on, whatever the file format.
 * Keys travel as unencrypted PKCS#8 DER and certificates as DER; only the codecs see encryption.
 */
export type KeystoreType = 'JKS' | 'JCEKS' | 'PKCS12';
export const KEYSTORE_TYPES: readonly KeystoreType[] = ['JKS', 'JCEKS', 'PKCS12'];

export type EntryKind = 'privateKey' | 'trustedCert' | 'secretKey';

/** How a key sits protected in the file it was read from (written back unchanged when possible). */
export interface SealedKey {
  format: 'JKS' | 'JCEKS';
  /** The EncryptedPrivateKeyInfo (private keys) or serialized SealedObject (JCEKS secret keys). */
  bytes: Buffer;
}

export interface KeystoreEntry {
  alias: string;
  kind: EntryKind;
  created: Date;
  /** privateKey: leaf first, then the chain; trustedCert: the one certificate; secretKey: empty. */
  chainDer: Buffer[];
  /** The private key, when it was unlocked (or imported). */
  keyPkcs8Der?: Buffer;
  /** The key as protected in its source file; lets untouched entries survive without their password. */
  sealed?: SealedKey;
  /** JCEKS secret keys: the algorithm, when the entry could be unsealed. */
  secretAlgorithm?: string;
  /** A key password for this entry other than the store password (JKS/JCEKS only). */
  keyPassword?: string;
}

export interface Keystore {
  type: KeystoreType;
  entries: KeystoreEntry[];
}

/** What to do when an alias is already taken. */
export type ClashPolicy = 'error' | 'replace' | 'rename';

/** Java compares aliases case-insensitively (it lower-cases them with Locale.ENGLISH). */
export function sameAlias(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * The alias as it must be stored. Java's JKS and JCEKS look entries up by the lower-cased alias
 * (Locale.ENGLISH) but load them under the alias as written, so a mixed-case alias in the file
 * would be listed yet never found: keytool therefore always writes them lower-cased, and so do we.
 */
export function storedAlias(type: KeystoreType, alias: string): string {
  return type === 'PKCS12' ? alias : alias.toLowerCase();
}

/** Finds an entry by alias, Java-style (case-insensitive). */
export function findEntry(ks: Keystore, alias: string): KeystoreEntry | undefined {
  return ks.entries.find((e) => e.alias === alias) ?? ks.entries.find((e) => sameAlias(e.alias, alias));
}

/** True when a private-key entry's key could not be unlocked (its key password is unknown). */
export function isLocked(e: KeystoreEntry): boolean {
  return e.kind === 'privateKey' && e.keyPkcs8Der === undefined;
}
