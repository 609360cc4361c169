/**
 * The keystore model every keystore operation works on, whatever the file format.
 * Keys travel as unencrypted PKCS#8 DER and certificates as DER; only the codecs see encryption.
 */
export type KeystoreType = 'JKS' | 'JCEKS' | 'PKCS12';
export const KEYSTORE_TYPES: readonly KeystoreType[] = ['JKS', 'JCEKS', 'PKCS12'];

export type EntryKind = 'privateKey' | 'trustedCert' | 'secretKey';

/** How a key sits protected in the file it was read from (written back unchanged when possible). */
export interface SealedKey {
  format: 'JKS' | 'JCEKS' | 'PKCS12';
  /**
   * The EncryptedPrivateKeyInfo (private keys; PKCS#12 secret keys) or the serialized
   * SealedObject (JCEKS secret keys).
   */
  bytes: Buffer;
}

/**
 * A PKCS#12 bag that is not an entry Java lists (a stray certificate, a CRL, an unknown bag).
 * Kept so a change never drops it; `carriable` is false when Certdesk cannot write it back faithfully.
 */
export interface ExtraBag {
  /** For the person: what the bag is, e.g. "a certificate for CN=x not attached to any entry". */
  what: string;
  /** The SafeBag DER exactly as read. */
  der: Buffer;
  carriable: boolean;
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
  /** Secret keys: the algorithm (e.g. AES, HmacSHA256), when the entry could be unsealed. */
  secretAlgorithm?: string;
  /**
   * Secret keys, once unsealed: the protected content in its source format's encoding
   * (JCEKS: the serialized key object; PKCS#12: the key-info DER), so it can be re-protected.
   */
  secretPlain?: Buffer;
  /** PKCS#12: the localKeyId that pairs a key bag with its certificate, kept as read. */
  localKeyId?: Buffer;
  /** A key password for this entry other than the store password (JKS/JCEKS only). */
  keyPassword?: string;
}

export interface Keystore {
  type: KeystoreType;
  entries: KeystoreEntry[];
  /** PKCS#12 bags that are not entries; written back as they were. */
  extraBags?: ExtraBag[];
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

/** True when a key or secret entry could not be opened with the password it was read with. */
export function isSealedOnly(e: KeystoreEntry): boolean {
  return (e.kind === 'privateKey' && e.keyPkcs8Der === undefined) || (e.kind === 'secretKey' && e.secretPlain === undefined);
}

/** True when a private-key entry's key could not be unlocked (its key password is unknown). */
export function isLocked(e: KeystoreEntry): boolean {
  return e.kind === 'privateKey' && e.keyPkcs8Der === undefined;
}
