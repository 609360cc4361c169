/**
 * The PKCS#12 model shared by pfx conversion (pki) and PKCS#12 keystores (keystore).
 * Keys travel as unencrypted PKCS#8 DER and certificates as DER; only the codec touches encryption.
 */
export type Pkcs12Profile = 'modern' | 'legacy';

export interface Pkcs12KeyEntry {
  /** friendlyName bag attribute (Java uses it as the alias). */
  alias: string;
  /** PKCS#8 PrivateKeyInfo DER (RSA or EC). */
  keyPkcs8Der: Buffer;
  /** Leaf first, then the chain towards the root. */
  chainDer: Buffer[];
  localKeyId?: Buffer;
  /** False when the key bag was stored without encryption (`-keypbe NONE`); set on read. */
  encrypted?: boolean;
}

export interface Pkcs12CertEntry {
  /** friendlyName bag attribute, when present. */
  alias: string | undefined;
  certDer: Buffer;
  /** True when the bag carries Java's trusted-key-usage attribute (OID 2.16.840.1.113894.746875.1.1). */
  trusted: boolean;
}

export interface Pkcs12Contents {
  keys: Pkcs12KeyEntry[];
  /** Certificates not belonging to any key's chain (trusted entries, stray certificates). */
  certs: Pkcs12CertEntry[];
  /** Encryption detected on read, for display. */
  profile: Pkcs12Profile | 'unknown';
  /** The algorithms found on read, by OpenSSL's names (distinct, in file order). */
  encryption?: Pkcs12Encryption;
  /** Secret-key bags (only Java writes them); counted on read, not otherwise carried. */
  secretKeys?: number;
}

/** How a PKCS#12 file is protected, as `openssl pkcs12 -info` names it. */
export interface Pkcs12Encryption {
  /** Shrouded key bags' algorithms; empty when no key is encrypted. */
  keys: string[];
  /** The encrypted certificate safes' algorithms; empty when certificates are in the clear. */
  certificates: string[];
  /** The integrity MAC's hash (SHA-1, SHA-256 …), null without a MAC. */
  mac: string | null;
}
