import { X509Certificate } from 'node:crypto';
import { CertdeskError } from '../errors.js';
import { readPkcs12, writePkcs12 } from '../pki/pkcs12.js';
import type { Pkcs12Contents } from '../pki/pkcs12-types.js';
import { declaredDerLength, detectKeystoreType } from './detect.js';
import { corrupt } from './java-data.js';
import { unsealSecretKey } from './jceks-secret.js';
import { type JavaStoreFormat, type RawEntry, readJavaKeystore, writeJavaKeystore } from './jks.js';
import { WrongKeyPassword, protectJceKey, protectJksKey, recoverJceKey, recoverJksKey } from './key-protector.js';
import { type Keystore, type KeystoreEntry, type KeystoreType, storedAlias } from './model.js';

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
      return { type, entries: fromPkcs12(readKeystorePkcs12(bytes, storePassword)) };
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
      const entries = ks.entries.map((e) => toRaw(e, type, storePassword, opts));
      const seen = new Set<string>();
      for (const e of entries) {
        if (seen.has(e.alias)) throw new CertdeskError('ALIAS_EXISTS', `Two entries would both be called '${e.alias}' in a ${type} keystore (aliases ignore case there).`);
        seen.add(e.alias);
      }
      return writeJavaKeystore({ format: type, entries }, storePassword);
    }
    case 'PKCS12':
      return writePkcs12(toPkcs12(ks), storePassword, { profile: 'modern' });
    default: {
      const never: never = type;
      return never;
    }
  }
}

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
      return secret ? { ...entry, ...own, secretAlgorithm: secret.algorithm } : entry;
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
    case 'secretKey':
      if (!e.sealed || format !== 'JCEKS')
        throw new CertdeskError(
          'UNSUPPORTED_FORMAT',
          `The secret key '${e.alias}' can only be kept in a JCEKS keystore.`,
          'Save as JCEKS, or delete the secret key entry first.',
        );
      return { kind: 'secretKey', alias, created: e.created, sealed: e.sealed.bytes };
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

function readKeystorePkcs12(bytes: Buffer, storePassword: string): Pkcs12Contents {
  // Tell a cut-off file apart from a foreign one before the PKCS#12 reader looks at it.
  const declared = declaredDerLength(bytes);
  if (declared !== null && declared !== Infinity && declared > bytes.length) throw corrupt('the file is truncated');
  try {
    return readPkcs12(bytes, storePassword);
  } catch (err) {
    // In a keystore context a damaged PKCS#12 is a damaged keystore.
    if (err instanceof CertdeskError && err.code === 'CORRUPT_FILE') throw new CertdeskError('KEYSTORE_CORRUPT', err.message, err.hint);
    throw err;
  }
}

function fromPkcs12(p12: Pkcs12Contents): KeystoreEntry[] {
  // PKCS#12 keeps no entry dates; Java shows the load time, and so do we.
  const now = new Date();
  const keys: KeystoreEntry[] = p12.keys.map((k) => ({
    alias: k.alias,
    kind: 'privateKey',
    created: now,
    chainDer: k.chainDer,
    keyPkcs8Der: k.keyPkcs8Der,
  }));
  // Java lists only certificates carrying its trusted-key-usage attribute as trusted entries.
  const certs: KeystoreEntry[] = p12.certs
    .filter((c) => c.trusted)
    .map((c, i) => ({ alias: c.alias ?? `cert-${i + 1}`, kind: 'trustedCert', created: now, chainDer: [c.certDer] }));
  return [...keys, ...certs];
}

function toPkcs12(ks: Keystore): Pick<Pkcs12Contents, 'keys' | 'certs'> {
  const out: Pick<Pkcs12Contents, 'keys' | 'certs'> = { keys: [], certs: [] };
  for (const e of ks.entries) {
    switch (e.kind) {
      case 'privateKey':
        if (!e.keyPkcs8Der) throw lockedKey(e.alias);
        out.keys.push({ alias: e.alias, keyPkcs8Der: e.keyPkcs8Der, chainDer: e.chainDer });
        break;
      case 'trustedCert': {
        const [certDer] = e.chainDer;
        if (certDer) out.certs.push({ alias: e.alias, certDer, trusted: true });
        break;
      }
      case 'secretKey':
        throw new CertdeskError('UNSUPPORTED_FORMAT', `The secret key '${e.alias}' can only be kept in a JCEKS keystore.`);
      default: {
        const never: never = e.kind;
        return never;
      }
    }
  }
  return out;
}

function x509Der(type: string, der: Buffer, alias: string): Buffer {
  if (type !== 'X.509') throw new CertdeskError('UNSUPPORTED_FORMAT', `Entry '${alias}' holds a ${type} certificate; only X.509 is supported.`);
  try {
    new X509Certificate(der);
  } catch {
    throw new CertdeskError('KEYSTORE_CORRUPT', `The certificate in entry '${alias}' cannot be parsed.`);
  }
  return der;
}
