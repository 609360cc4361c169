import { z } from 'zod';
import { Finding } from '../findings.js';
import { CertificateFacts } from './certificate.js';
import { op } from './define.js';
import { ExpiringCertificate, ExpiryStatus } from './expiry.js';
import { WrittenFile } from './files.js';

/**
 * Java keystores and trust stores. Inputs carry paths and passwords (renderer → main only); outputs
 * never carry a key or a password.
 */

/** Error codes the keystore domain adds (it also returns the pki codes for the files it reads). */
export const KEYSTORE_ERROR_CODES = ['KEYSTORE_CORRUPT', 'ALIAS_NOT_FOUND', 'ALIAS_EXISTS', 'CHOICE_REQUIRED', 'CERT_EXPIRED'] as const;

export const KeystoreType = z.enum(['JKS', 'PKCS12', 'JCEKS']);
export type KeystoreType = z.infer<typeof KeystoreType>;

/** The types Certdesk writes (JCEKS is read only). */
export const WritableStoreType = z.enum(['jks', 'pkcs12']);
export type WritableStoreType = z.infer<typeof WritableStoreType>;

/** What to do when the alias is taken: fail (ask the person), replace the entry, or pick a free alias. */
export const OnClash = z.enum(['error', 'replace', 'rename']);
export type OnClash = z.infer<typeof OnClash>;

export const EntryKind = z.enum(['privateKey', 'trustedCert', 'secretKey']);
export type EntryKind = z.infer<typeof EntryKind>;

const FilePath = z.string().min(1, 'A path is required').max(4096);
/** A password to open something that exists (any length; Java's own stores may have short ones). */
const Password = z.string().max(1024);
/** keytool refuses store and key passwords under 6 characters, and so does Certdesk for new ones. */
const NewPassword = z.string().min(6, 'Use at least 6 characters (keytool requires it)').max(1024);
const Alias = z.string().trim().min(1, 'An alias is required').max(255);

/** One keystore entry as shown: never its key. */
export const KeystoreEntryInfo = z.object({
  alias: z.string(),
  kind: EntryKind,
  /** ISO date; PKCS#12 keeps none, so it is the time the store was read (as keytool shows). */
  created: z.string(),
  chainLength: z.number().int(),
  /** A private key with its own key password, which Certdesk was not given. */
  locked: z.boolean(),
  /** Leaf first, then the chain; empty for a secret key. */
  certificates: z.array(CertificateFacts),
  secretAlgorithm: z.string().optional(),
});
export type KeystoreEntryInfo = z.infer<typeof KeystoreEntryInfo>;

/** A listed entry with the core's expiry judgement of its soonest-ending certificate (null: it holds none). */
export const KeystoreListedEntry = KeystoreEntryInfo.extend({
  status: ExpiryStatus.nullable(),
  daysLeft: z.number().int().nullable(),
  /** The entry as a whole: a private-key entry whose chain stops at the leaf, without its intermediate (`chain-incomplete`, warning). */
  findings: z.array(Finding),
});
export type KeystoreListedEntry = z.infer<typeof KeystoreListedEntry>;

export const KeystoreListing = z.object({
  path: z.string(),
  type: KeystoreType,
  entries: z.array(KeystoreListedEntry),
  /** With `withinDays`: every certificate (chains included) ending within that many days, not yet ended. */
  expiring: z.array(ExpiringCertificate).optional(),
  /** With `withinDays`: the certificates that have already expired (kept apart from `expiring`). */
  expired: z.array(ExpiringCertificate).optional(),
  /** The vault credential whose password opened the keystore, when none was given. */
  passwordFrom: z.string().optional(),
});
export type KeystoreListing = z.infer<typeof KeystoreListing>;

/** The result of every keystore change. */
export const KeystoreChange = z.object({
  path: z.string(),
  type: KeystoreType,
  /** False when the file already held exactly this (nothing written, no backup). */
  changed: z.boolean(),
  write: WrittenFile.nullable(),
  /** Entries in the keystore after the change. */
  entryCount: z.number().int(),
  /** One sentence for the person: what happened. */
  summary: z.string(),
});
export type KeystoreChange = z.infer<typeof KeystoreChange>;

/** A change that placed an entry: where it ended up. */
export const KeystoreEntryChange = KeystoreChange.extend({
  /** The alias the entry ended up under (differs from the one asked for after onClash 'rename'). */
  alias: z.string(),
  /** An entry with that alias was replaced. */
  replaced: z.boolean(),
  entry: KeystoreEntryInfo,
});
export type KeystoreEntryChange = z.infer<typeof KeystoreEntryChange>;

/** The keystore and its password; without one, a keystore-password credential for that keystore (the vault) is used. */
const StoreRef = { path: FilePath, storePassword: Password.optional() };
/** For changes that may create the keystore: its type when the file does not exist yet. */
const NewStore = { storeType: WritableStoreType.optional() };
const Placement = { onClash: OnClash.optional(), keyPassword: NewPassword.optional() };

/** One key entry inside a .pfx. */
export const PfxKeyInfo = z.object({
  alias: z.string(),
  chainLength: z.number().int(),
  certificate: CertificateFacts,
});

export const PfxContents = z.object({
  keys: z.array(PfxKeyInfo),
  /** Certificates not belonging to a key's chain. */
  otherCertificates: z.number().int(),
});
export type PfxContents = z.infer<typeof PfxContents>;

const Import = KeystoreEntryChange.extend({
  /** The chain reaches a self-signed root. */
  chainComplete: z.boolean(),
  /** Who issued the top of the chain, when that certificate was not given. */
  missingIssuer: z.string().optional(),
  /** Certificates given that do not belong to the key's chain and were left out. */
  ignoredCertificates: z.number().int(),
});

/**
 * Certdesk backups of the keystore (`.orig`, timestamped `.bak`) that still hold what the change
 * removed: the deleted key, or keys that open with the old store password.
 */
const SecretBackups = z.array(z.string());

export const keystoreOps = {
  'keystore.list': op({
    input: z.object({ ...StoreRef, withinDays: z.number().int().min(0).max(99_999).optional() }).strict(),
    output: KeystoreListing,
    summary: 'Open a keystore (JKS, PKCS#12, JCEKS) and describe every entry.',
    long: true,
  }),
  'keystore.pfxAliases': op({
    input: z.object({ pfxPath: FilePath, pfxPassword: Password }).strict(),
    output: PfxContents,
    summary: 'The key entries in a .pfx, so the person can pick one.',
  }),
  'keystore.importPfx': op({
    input: z
      .object({ ...StoreRef, ...NewStore, ...Placement, pfxPath: FilePath, pfxPassword: Password, sourceAlias: z.string().optional(), alias: Alias.optional() })
      .strict(),
    output: Import,
    summary: 'Import a key and its chain from a .pfx (creates the keystore if missing).',
    writes: ['path'],
    long: true,
  }),
  'keystore.importKey': op({
    input: z
      .object({
        ...StoreRef,
        ...NewStore,
        ...Placement,
        certPath: FilePath,
        /** Omit when the certificate file holds the key too. */
        keyPath: FilePath.optional(),
        /** For an encrypted key file. */
        keyFilePassword: Password.optional(),
        chainPaths: z.array(FilePath).max(20).default([]),
        alias: Alias,
      })
      .strict(),
    output: Import,
    summary: 'Import a certificate and its private key (any form, + chain) as a key entry.',
    writes: ['path'],
    long: true,
  }),
  'keystore.trust': op({
    input: z
      .object({
        ...StoreRef,
        ...NewStore,
        onClash: OnClash.optional(),
        certPath: FilePath.optional(),
        certPem: z.string().max(1 << 20).optional(),
        alias: Alias,
        /** Trust it even though it has expired (the person was warned); without it an expired certificate is CERT_EXPIRED. */
        acceptExpired: z.boolean().optional(),
      })
      .strict()
      .refine((v) => (v.certPath === undefined) !== (v.certPem === undefined), 'Give the certificate as a file path or as pasted PEM text (one of them).'),
    output: KeystoreEntryChange.extend({
      ignoredCertificates: z.number().int(),
      /** The trusted certificate's own findings (expired, not yet valid, weak …), most severe first. */
      findings: z.array(Finding),
    }),
    summary: 'Add a certificate as a trusted entry (from a file or pasted PEM).',
    writes: ['path'],
    long: true,
  }),
  'keystore.exportCert': op({
    input: z
      .object({ ...StoreRef, alias: Alias, outPath: FilePath, format: z.enum(['pem', 'der']).default('pem'), overwrite: z.boolean().default(false) })
      .strict(),
    output: z.object({ alias: z.string(), format: z.enum(['pem', 'der']), certificate: CertificateFacts, write: WrittenFile }),
    summary: "Save an entry's certificate as .cer (PEM or DER).",
    writes: ['outPath'],
  }),
  'keystore.delete': op({
    input: z.object({ ...StoreRef, alias: Alias }).strict(),
    output: KeystoreChange.extend({ alias: z.string(), secretBackups: SecretBackups }),
    summary: 'Delete an entry (a backup is kept).',
    writes: ['path'],
    long: true,
  }),
  'keystore.rename': op({
    input: z.object({ ...StoreRef, alias: Alias, newAlias: Alias, onClash: OnClash.optional() }).strict(),
    output: KeystoreChange.extend({ alias: z.string(), newAlias: z.string(), replaced: z.boolean() }),
    summary: 'Give an entry a new alias.',
    writes: ['path'],
    long: true,
  }),
  'keystore.changePassword': op({
    input: z.object({ ...StoreRef, newStorePassword: NewPassword }).strict(),
    output: KeystoreChange.extend({ secretBackups: SecretBackups }),
    summary: 'Change the store password (keys that used it follow it).',
    writes: ['path'],
    long: true,
  }),
  'keystore.convert': op({
    input: z
      .object({
        ...StoreRef,
        to: WritableStoreType,
        outPath: FilePath,
        overwrite: z.boolean().default(false),
        /** Key passwords for entries that have their own (JKS), by alias. */
        keyPasswords: z.record(z.string(), Password).optional(),
      })
      .strict(),
    output: KeystoreChange.extend({ from: KeystoreType }),
    summary: 'Write the keystore as JKS or PKCS#12 (to a new file, or in place).',
    writes: ['outPath'],
    long: true,
  }),
  'keystore.describeTarget': op({
    input: z.object({ path: FilePath, cn: z.string().max(256).optional() }).strict(),
    output: z.object({
      path: z.string(),
      exists: z.boolean(),
      /** An existing file's type, read from its bytes (no password needed); it keeps that type. Null when new. */
      type: KeystoreType.nullable(),
      /** For a new file: the type its name suggests (.jks/.ks → jks, else pkcs12). Null when it exists. */
      storeType: WritableStoreType.nullable(),
      /** An alias from `cn` (lower case, alias-safe), the one used when none is given; null without cn. */
      suggestedAlias: z.string().nullable(),
    }),
    summary: 'Prefill for a keystore target: its type (from the file, or the name when new) and an alias from the common name.',
  }),
  'keystore.removeBackups': op({
    input: z.object({ path: FilePath, backupPaths: z.array(FilePath).min(1).max(1000) }).strict(),
    output: z.object({ removed: z.array(z.string()) }),
    summary: "Delete Certdesk's backups of a keystore (only its .orig and timestamped .bak files), e.g. those still holding a removed key.",
    writes: ['path', 'backupPaths'],
  }),
};
