import { CertdeskError } from '../errors.js';
import { TAG, isUniversal, parseDer, seqOf } from '../pki/der.js';
import { isWrongPfxPassword } from '../pki/pkcs12.js';
import { detectKeystoreType } from './detect.js';
import { lockedKey, wrongKeyPassword } from './key-errors.js';
import { resealSecretKey, unsealSecretKey } from './jceks-secret.js';
import { type JavaStoreFormat, type RawEntry, readJavaKeystore, writeJavaKeystore, wrongStorePassword } from './jks.js';
import { WrongKeyPassword, protectJceKey, protectJksKey, recoverJceKey, recoverJksKey } from './key-protector.js';
import { type Keystore, type KeystoreEntry, type KeystoreType, storedAlias } from './model.js';
import { readP12Keystore, writeP12Keystore } from './p12-store.js';

/** Key passwords per alias; undefined means "the store password", as keytool assumes. */
export type KeyPasswords = (alias: string) => string | undefined;

export interface LoadOptions {
  keyPasswords?: KeyPasswords;
  /**
   * 'error' (default): a private key that does not unlock is BAD_PASSWORD.
   * 'keep': leave it sealed, so changing other entries never needs its password.
   */
  lockedKeys?: 'error' | 'keep';
}

export interface SaveOptions {
  /** Defaults to the keystore's own type. */
  type?: KeystoreType;
  keyPasswords?: KeyPasswords;
}

/** Parses keystore bytes of any supported type into the model. */
export function loadKeystore(bytes: Buffer, storePassword: string, opts: LoadOptions = {}): Keystore {
  const type = detectKeystoreType(bytes);
  switch (type) {
    case 'JKS':
    case 'JCEKS': {
      const raw = readJavaKeystore(bytes, storePassword);
      return { type, entries: raw.entries.map((e) => fromRaw(e, raw.format, storePassword, opts)) };
    }
    case 'PKCS12':
      try {
        return readP12Keystore(bytes, storePassword);
      } catch (err) {
        // The same PKCS#12 reader opens .pfx files; here the file is the keystore, so say which password.
        if (isWrongPfxPassword(err)) throw wrongStorePassword();
        throw err;
      }
    default: {
      const never: never = type;
      return never;
    }
  }
}

/** Serializes the model as a keystore file of the requested type. */
export function saveKeystore(ks: Keystore, storePassword: string, opts: SaveOptions = {}): Buffer {
  const type = opts.type ?? ks.type;
  switch (type) {
    case 'JKS':
    case 'JCEKS': {
      const [extra] = ks.extraBags ?? [];
      if (extra)
        throw new CertdeskError(
          'UNSUPPORTED_FORMAT',
          `The keystore holds ${extra.what}; a ${type} keystore cannot keep it, so the change was not made.`,
          'Keep the keystore as PKCS12, or remove that content first.',
        );
      const entries = ks.entries.map((e) => toRaw(e, type, storePassword, opts));
      const seen = new Set<string>();
      for (const e of entries) {
        if (seen.has(e.alias)) throw new CertdeskError('ALIAS_EXISTS', `Two entries would both be called '${e.alias}' in a ${type} keystore (aliases ignore case there).`);
        seen.add(e.alias);
      }
      return writeJavaKeystore({ format: type, entries }, storePassword);
    }
    case 'PKCS12':
      return writeP12Keystore(ks, storePassword);
    default: {
      const never: never = type;
      return never;
    }
  }
}

export { lockedKey, wrongKeyPassword } from './key-errors.js';

function fromRaw(e: RawEntry, format: JavaStoreFormat, storePassword: string, opts: LoadOptions): KeystoreEntry {
  const explicit = opts.keyPasswords?.(e.alias);
  const password = explicit ?? storePassword;
  const own = explicit !== undefined && explicit !== storePassword ? { keyPassword: explicit } : {};
  switch (e.kind) {
    case 'trustedCert':
      return { alias: e.alias, kind: 'trustedCert', created: e.created, chainDer: [x509Der(e.cert.type, e.cert.der, e.alias)] };
    case 'privateKey': {
      const entry: KeystoreEntry = {
        alias: e.alias,
        kind: 'privateKey',
        created: e.created,
        chainDer: e.chain.map((c) => x509Der(c.type, c.der, e.alias)),
        sealed: { format, bytes: e.protectedKey },
      };
      const key = unlock(() => (format === 'JKS' ? recoverJksKey : recoverJceKey)(e.protectedKey, password), e.alias, opts);
      return key ? { ...entry, ...own, keyPkcs8Der: key } : entry;
    }
    case 'secretKey': {
      const entry: KeystoreEntry = { alias: e.alias, kind: 'secretKey', created: e.created, chainDer: [], sealed: { format, bytes: e.sealed } };
      const secret = unlock(() => unsealSecretKey(e.sealed, password), e.alias, opts);
      return secret ? { ...entry, ...own, secretAlgorithm: secret.algorithm, secretPlain: secret.plain } : entry;
    }
    default: {
      const never: never = e;
      return never;
    }
  }
}

function unlock<T>(open: () => T, alias: string, opts: LoadOptions): T | undefined {
  try {
    return open();
  } catch (err) {
    if (!(err instanceof WrongKeyPassword)) throw err;
    if (opts.lockedKeys === 'keep') return undefined;
    throw wrongKeyPassword(alias);
  }
}

function toRaw(e: KeystoreEntry, format: JavaStoreFormat, storePassword: string, opts: SaveOptions): RawEntry {
  const certs = e.chainDer.map((der) => ({ type: 'X.509', der }));
  const alias = storedAlias(format, e.alias);
  switch (e.kind) {
    case 'trustedCert': {
      const [cert] = certs;
      if (!cert) throw new CertdeskError('NO_CERTIFICATE', `The trusted entry '${e.alias}' has no certificate.`);
      return { kind: 'trustedCert', alias, created: e.created, cert };
    }
    case 'privateKey': {
      if (certs.length === 0) throw new CertdeskError('NO_CERTIFICATE', `The key entry '${e.alias}' has no certificate chain.`);
      const password = e.keyPassword ?? opts.keyPasswords?.(e.alias) ?? storePassword;
      return { kind: 'privateKey', alias, created: e.created, protectedKey: protectKey(e, format, password), chain: certs };
    }
    case 'secretKey': {
      if (!e.sealed || e.sealed.format !== 'JCEKS' || format !== 'JCEKS')
        throw new CertdeskError(
          'UNSUPPORTED_FORMAT',
          format === 'JKS'
            ? `The secret key '${e.alias}' cannot be kept in a JKS keystore (JKS holds only private keys and certificates); the change was not made.`
            : `The secret key '${e.alias}' comes from a PKCS12 keystore; Certdesk cannot convert it to JCEKS.`,
          format === 'JKS' ? 'Save as PKCS12 or JCEKS, or delete the secret key entry first.' : 'Use keytool -importkeystore, or delete the secret key entry first.',
        );
      const password = e.keyPassword ?? opts.keyPasswords?.(e.alias) ?? storePassword;
      return { kind: 'secretKey', alias, created: e.created, sealed: sealSecret(e, e.sealed.bytes, password) };
    }
    default: {
      const never: never = e.kind;
      return never;
    }
  }
}

/**
 * Reuses the entry's original protected bytes when they still open with the password it will be
 * saved under, so untouched entries are written back byte for byte; otherwise protects afresh.
 */
function protectKey(e: KeystoreEntry, format: JavaStoreFormat, password: string): Buffer {
  // JCEKS reads JKS-protected keys, but JKS cannot read JCEKS-protected ones.
  const reusable = e.sealed && (e.sealed.format === format || format === 'JCEKS') ? e.sealed : undefined;
  if (!e.keyPkcs8Der) {
    if (reusable) return reusable.bytes;
    throw lockedKey(e.alias);
  }
  if (reusable) {
    try {
      const recover = reusable.format === 'JKS' ? recoverJksKey : recoverJceKey;
      if (recover(reusable.bytes, password).equals(e.keyPkcs8Der)) return reusable.bytes;
    } catch (err) {
      if (!(err instanceof WrongKeyPassword)) throw err;
    }
  }
  return format === 'JKS' ? protectJksKey(e.keyPkcs8Der, password) : protectJceKey(e.keyPkcs8Der, password);
}

/** Keeps a JCEKS secret's sealed bytes when they open with `password`; reseals the content otherwise. */
function sealSecret(e: KeystoreEntry, sealed: Buffer, password: string): Buffer {
  if (!e.secretPlain) return sealed; // its own key password, unknown: it keeps it
  try {
    if (unsealSecretKey(sealed, password).plain.equals(e.secretPlain)) return sealed;
  } catch (err) {
    if (!(err instanceof WrongKeyPassword)) throw err;
  }
  return resealSecretKey(sealed, e.secretPlain, password);
}

function x509Der(type: string, der: Buffer, alias: string): Buffer {
  if (type !== 'X.509') throw new CertdeskError('UNSUPPORTED_FORMAT', `Entry '${alias}' holds a ${type} certificate; only X.509 is supported.`);
  // The shape check (tbsCertificate, algorithm, signature) is enough here: describing the entry parses
  // it fully, and a full X.509 parse of every certificate on every load doubled the cost of listing.
  try {
    const parts = seqOf(parseDer(der), 'a certificate');
    if (parts.length === 3 && isUniversal(parts[0], TAG.SEQUENCE) && isUniversal(parts[2], TAG.BIT_STRING)) return der;
  } catch {
    // reported below
  }
  throw new CertdeskError('KEYSTORE_CORRUPT', `The certificate in entry '${alias}' cannot be parsed.`);
}
