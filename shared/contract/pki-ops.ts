import { z } from 'zod';
import { CertificateFacts } from './certificate.js';
import { op } from './define.js';
import { WrittenFile } from './files.js';
import { CsrFacts, CsrOptions, InspectReport, PfxSummary, Pkcs12Profile, SelfSignedOptions } from './pki.js';

/**
 * The pki domain's contract: the certificate and key operations and their error codes (the fact
 * schemas they share with other domains live in pki.ts). Inputs carry paths and passwords
 * (renderer → main only); outputs carry facts and the files written, never a key or a password.
 */

/** Error codes the pki domain adds: what can be wrong with a certificate, key or container file. */
export const PKI_ERROR_CODES = ['KEY_CERT_MISMATCH', 'UNSUPPORTED_FORMAT', 'CORRUPT_FILE', 'NO_CERTIFICATE', 'NO_PRIVATE_KEY'] as const;

const Path = z.string().min(1, 'Give a file path.').max(4096);
/** Passwords are not trimmed or otherwise touched: a space may be part of one. */
const Password = z.string().max(1024);
const NewPassword = z.string().min(1, 'A password is required.').max(1024);
const Alias = z.string().min(1, 'Give an alias.').max(255);
/** Replace an existing output file (a backup of it is kept); otherwise FILE_EXISTS. */
const Overwrite = z.boolean().default(false);

/** Where a file to inspect comes from: a path (CLI, Browse…), dropped bytes, or pasted PEM text. */
export const InspectSource = z.union([
  z.object({ path: Path }).strict(),
  // 16 MB of base64 is far beyond any certificate file; the cap keeps a stray drop from eating memory.
  z.object({ base64: z.string().max(16 * 1024 * 1024), name: z.string().max(255) }).strict(),
  z.object({ text: z.string().min(1, 'Paste some PEM text.').max(4 * 1024 * 1024) }).strict(),
]);
export type InspectSource = z.infer<typeof InspectSource>;

export const KeystoreStoreType = z.enum(['jks', 'pkcs12']);

const PemOutput = z
  .object({ kind: z.literal('pem'), certPath: Path, keyPath: Path, keyPassword: Password.min(1).optional() })
  .strict();
const PfxOutput = z
  .object({ kind: z.literal('pfx'), path: Path, password: NewPassword, friendlyName: Alias.optional(), profile: Pkcs12Profile.default('modern') })
  .strict();
const KeystoreOutput = z
  .object({
    kind: z.literal('keystore'),
    path: Path,
    storePassword: NewPassword,
    /** Defaults to the common name made alias-safe (`keystore.describeTarget` suggests the same). */
    alias: Alias.optional(),
    /** For a new keystore only (an existing one keeps its type); defaults from the extension: .jks → jks, else pkcs12. */
    storeType: KeystoreStoreType.optional(),
  })
  .strict();

/** Where a new key pair goes: PEM files, a .pfx, or an entry in a (new or existing) keystore. */
export const KeyPairOutput = z.discriminatedUnion('kind', [PemOutput, PfxOutput, KeystoreOutput]);
export type KeyPairOutput = z.infer<typeof KeyPairOutput>;

/** Where a CA reply + saved key goes. */
export const ReplyOutput = z.discriminatedUnion('kind', [PfxOutput, KeystoreOutput]);
export type ReplyOutput = z.infer<typeof ReplyOutput>;

export const InspectResult = InspectReport.extend({
  /** The file name (or "pasted text"). */
  name: z.string(),
  size: z.number().int(),
});
export type InspectResult = z.infer<typeof InspectResult>;

export const CreateSelfSignedInput = SelfSignedOptions.extend({ output: KeyPairOutput, overwrite: Overwrite }).strict();
export const CreateSelfSignedResult = z.object({
  facts: CertificateFacts,
  written: z.array(WrittenFile),
  /** The keystore alias the entry was stored under. */
  alias: z.string().optional(),
});
export type CreateSelfSignedResult = z.infer<typeof CreateSelfSignedResult>;

export const CreateCsrInput = CsrOptions.extend({
  csrPath: Path,
  keyPath: Path,
  keyPassword: Password.min(1).optional(),
  overwrite: Overwrite,
}).strict();
export const CreateCsrResult = z.object({ csr: CsrFacts, written: z.array(WrittenFile) });
export type CreateCsrResult = z.infer<typeof CreateCsrResult>;

export const ImportReplyInput = z
  .object({
    /** The certificate the CA issued (PEM, DER or PKCS#7; may hold the chain too). */
    certPath: Path,
    chainPaths: z.array(Path).max(20).default([]),
    /** The key saved when the CSR was made. */
    keyPath: Path,
    keyPassword: Password.optional(),
    output: ReplyOutput,
    overwrite: Overwrite,
  })
  .strict();
export const ImportReplyResult = PfxSummary.omit({ profile: true }).extend({
  profile: Pkcs12Profile.optional(),
  written: z.array(WrittenFile),
  alias: z.string(),
});
export type ImportReplyResult = z.infer<typeof ImportReplyResult>;

export const PfxCreateInput = z
  .object({
    certPath: Path,
    /** Omit when the certificate file holds the key as well. */
    keyPath: Path.optional(),
    keyPassword: Password.optional(),
    chainPaths: z.array(Path).max(20).default([]),
    outPath: Path,
    password: NewPassword,
    friendlyName: Alias.optional(),
    profile: Pkcs12Profile.default('modern'),
    overwrite: Overwrite,
  })
  .strict();
export const PfxCreateResult = PfxSummary.extend({ friendlyName: z.string(), written: z.array(WrittenFile) });
export type PfxCreateResult = z.infer<typeof PfxCreateResult>;

export const PfxExtractInput = z
  .object({
    pfxPath: Path,
    password: Password,
    outCert: Path,
    outKey: Path,
    /** The issuer certificates; when omitted they are not written (the result says how many there were). */
    outChain: Path.optional(),
    /** Encrypt the key file (PKCS#8, AES-256); otherwise it is written unencrypted, owner-only. */
    keyPassword: Password.min(1).optional(),
    overwrite: Overwrite,
  })
  .strict();
export const PfxExtractResult = z.object({
  alias: z.string(),
  leaf: CertificateFacts,
  chainLength: z.number().int(),
  keyEncrypted: z.boolean(),
  written: z.array(WrittenFile),
});
export type PfxExtractResult = z.infer<typeof PfxExtractResult>;

export const PfxConvertInput = z
  .object({
    pfxPath: Path,
    password: Password,
    /** The profile to write: modern (PBES2, PBKDF2, AES-256-CBC, SHA-256 MAC) or legacy (pbeWithSHA1And3-KeyTripleDES-CBC, SHA-1 MAC). */
    to: Pkcs12Profile,
    /** The new file's password; the source's password when omitted. */
    newPassword: NewPassword.optional(),
    outPath: Path,
    overwrite: Overwrite,
  })
  .strict();
const Pkcs12Encryption = z.object({ keys: z.array(z.string()), certificates: z.array(z.string()), mac: z.string().nullable() });
export const PfxConvertResult = z.object({
  from: z.enum(['modern', 'legacy', 'unknown']),
  to: Pkcs12Profile,
  /** The algorithms of the file written, as read back (OpenSSL's names). */
  encryption: Pkcs12Encryption,
  /** Key entries carried, by friendly name, with their chain length (leaf included). */
  keys: z.array(z.object({ alias: z.string(), chainLength: z.number().int() })),
  /** Certificates carried that belong to no key (trusted entries, stray certificates). */
  otherCertificates: z.number().int(),
  passwordChanged: z.boolean(),
  written: z.array(WrittenFile),
});
export type PfxConvertResult = z.infer<typeof PfxConvertResult>;

export const ExportCertInput = z
  .object({
    source: InspectSource,
    password: Password.optional(),
    /** Index into the inspect report's `items`; defaults to the chain's leaf. */
    index: z.number().int().min(0).optional(),
    format: z.enum(['pem', 'der']),
    outPath: Path,
    overwrite: Overwrite,
  })
  .strict();
export const ExportCertResult = z.object({ facts: CertificateFacts, index: z.number().int(), written: z.array(WrittenFile) });
export type ExportCertResult = z.infer<typeof ExportCertResult>;

/** Certificate and key operations. */
export const pkiOps = {
  'pki.inspect': op({
    input: z.object({ source: InspectSource, password: Password.optional() }).strict(),
    output: InspectResult,
    summary: 'Everything in a certificate, key, CSR, PKCS#7 or PKCS#12 file, detected by content.',
  }),
  'pki.createSelfSigned': op({
    input: CreateSelfSignedInput,
    output: CreateSelfSignedResult,
    summary: 'Create a self-signed certificate and key as PEM files, a .pfx or a keystore entry.',
    writes: ['output.certPath', 'output.keyPath', 'output.path'],
    long: true,
  }),
  'pki.createCsr': op({
    input: CreateCsrInput,
    output: CreateCsrResult,
    summary: 'Create a certificate signing request and its private key.',
    writes: ['csrPath', 'keyPath'],
    long: true,
  }),
  'pki.importReply': op({
    input: ImportReplyInput,
    output: ImportReplyResult,
    summary: "Join the CA's reply with the saved key into a .pfx or a keystore entry.",
    writes: ['output.path'],
  }),
  'pki.pfxCreate': op({
    input: PfxCreateInput,
    output: PfxCreateResult,
    summary: 'Convert a certificate + key (+ chain) into a .pfx.',
    writes: ['outPath'],
  }),
  'pki.pfxExtract': op({
    input: PfxExtractInput,
    output: PfxExtractResult,
    summary: 'Take the certificate, key and chain out of a .pfx as PEM files.',
    writes: ['outCert', 'outKey', 'outChain'],
  }),
  'pki.pfxConvert': op({
    input: PfxConvertInput,
    output: PfxConvertResult,
    summary: 'Re-encrypt a .pfx to the modern or legacy profile (same or new password), checked by reading it back.',
    writes: ['outPath'],
  }),
  'pki.exportCert': op({
    input: ExportCertInput,
    output: ExportCertResult,
    summary: 'Save one certificate of a file as PEM or DER.',
    writes: ['outPath'],
  }),
};
