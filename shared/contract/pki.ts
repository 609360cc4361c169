import { z } from 'zod';
import { Finding } from '../findings.js';
import { CertificateFacts } from './certificate.js';

/** Key algorithms Certdesk can generate. */
export const KeySpec = z.enum(['rsa:2048', 'rsa:3072', 'rsa:4096', 'ec:p256', 'ec:p384']);
export type KeySpec = z.infer<typeof KeySpec>;

/** PKCS#12 encryption profile: modern = AES-256/SHA-256 (OpenSSL 3 default), legacy = 3DES/SHA-1 (old Windows/Java). */
export const Pkcs12Profile = z.enum(['modern', 'legacy']);
export type Pkcs12Profile = z.infer<typeof Pkcs12Profile>;

export const KeyType = CertificateFacts.shape.keyType;
export type KeyType = z.infer<typeof KeyType>;

/** What can be said about a key without revealing it. */
export const KeyFacts = z.object({
  keyType: KeyType,
  /** Bits: RSA/DSA modulus, EC field size. */
  keySize: z.number().int().optional(),
  /** NIST name for the usual curves (P-256, P-384, P-521), else OpenSSL's name. */
  curve: z.string().optional(),
});
export type KeyFacts = z.infer<typeof KeyFacts>;

/** A subjectAltName entry as Certdesk writes it: `dns:host`, `ip:1.2.3.4`, `ip:::1` (also `email:`, `uri:` on output). */
export const SanEntry = z.string().regex(/^(dns|ip|email|uri):.+$/, 'Use dns:name, ip:address, email:address or uri:url');
export type SanEntry = z.infer<typeof SanEntry>;

export const CertUsage = z.enum(['serverAuth', 'clientAuth']);
export type CertUsage = z.infer<typeof CertUsage>;

/** Options for a self-signed certificate (the CN is added to the SANs when missing). */
export const SelfSignedOptions = z.object({
  cn: z.string().min(1).max(64),
  sans: z.array(SanEntry).default([]),
  key: KeySpec.default('rsa:2048'),
  days: z.number().int().min(1).max(3650),
  usages: z.array(CertUsage).default(['serverAuth']),
});
export type SelfSignedOptions = z.infer<typeof SelfSignedOptions>;

/** Options for a certificate signing request. */
export const CsrOptions = z.object({
  cn: z.string().min(1).max(64),
  o: z.string().min(1).max(64).optional(),
  ou: z.string().min(1).max(64).optional(),
  l: z.string().min(1).max(128).optional(),
  st: z.string().min(1).max(128).optional(),
  c: z.string().regex(/^[A-Za-z]{2}$/, 'Country is a two-letter code such as US').optional(),
  sans: z.array(SanEntry).default([]),
  key: KeySpec.default('rsa:2048'),
});
export type CsrOptions = z.infer<typeof CsrOptions>;

/** What a certificate signing request says. */
export const CsrFacts = z.object({
  subject: z.string(),
  san: z.array(z.string()),
  key: KeyFacts,
  signatureAlgorithm: z.string(),
  /** The request is signed by the key it carries (proves possession; a CA checks the same). */
  signatureValid: z.boolean(),
});
export type CsrFacts = z.infer<typeof CsrFacts>;

export const InspectCertificateItem = z.object({
  kind: z.literal('certificate'),
  facts: CertificateFacts,
  /** PKCS#12 friendlyName (the Java alias), when present. */
  alias: z.string().optional(),
  /** PKCS#12: marked as a trust anchor for Java (trustedCertEntry). */
  trusted: z.boolean().optional(),
});

export const InspectPrivateKeyItem = z.object({
  kind: z.literal('privateKey'),
  encrypted: z.boolean(),
  /** Encrypted and no password given, so nothing more is known. */
  locked: z.boolean(),
  key: KeyFacts.nullable(),
  /** Index in `items` of the certificate that carries this key's public half. */
  matchesCertificate: z.number().int().nullable(),
  alias: z.string().optional(),
});

export const InspectCsrItem = z.object({
  kind: z.literal('csr'),
  facts: CsrFacts,
});

export const InspectItem = z.discriminatedUnion('kind', [InspectCertificateItem, InspectPrivateKeyItem, InspectCsrItem]);
export type InspectItem = z.infer<typeof InspectItem>;

/** How the certificates in a file link up, from the leaf to the top. */
export const ChainAnalysis = z.object({
  /** Indices into `items`, leaf first. */
  order: z.array(z.number().int()),
  /** The top of the chain is self-signed (a root is present). */
  complete: z.boolean(),
  /** Who issued the top certificate, when that issuer is not in the file. */
  missingIssuer: z.string().optional(),
  /** Certificates (indices into `items`) that are not part of this chain. */
  unrelated: z.array(z.number().int()),
  /** Where the missing issuer can be fetched: the top certificate's AIA "CA Issuers" URLs (only when incomplete). */
  missingIssuerUrls: z.array(z.string()).optional(),
  /**
   * A self-signed CA in the file that is taken as the root above the gap (index into `items`): the
   * chain stops short below it, so the intermediate between them is missing. Not in `unrelated`.
   */
  rootBeyondGap: z.number().int().optional(),
});
export type ChainAnalysis = z.infer<typeof ChainAnalysis>;

export const InspectFormat = z.enum(['pem', 'der', 'pkcs7', 'pkcs12']);
export type InspectFormat = z.infer<typeof InspectFormat>;

/** Everything `pki.inspect` finds in one file. */
export const InspectReport = z.object({
  format: InspectFormat,
  encoding: z.enum(['pem', 'der']),
  items: z.array(InspectItem),
  chain: ChainAnalysis.nullable(),
  /** For PKCS#12: the encryption profile found. */
  pkcs12Profile: z.enum(['modern', 'legacy', 'unknown']).optional(),
  /** For PKCS#12: the algorithms, by OpenSSL's names. Modern as soon as any part uses PBES2; legacy when all use the PKCS#12 PBEs (3DES, RC2). */
  pkcs12Encryption: z.object({ keys: z.array(z.string()), certificates: z.array(z.string()), mac: z.string().nullable() }).optional(),
  /** What the core judges a problem in this file (expired, key mismatch, incomplete chain …), most severe first. */
  findings: z.array(Finding),
});
export type InspectReport = z.infer<typeof InspectReport>;

/** What went into a .pfx Certdesk built. */
export const PfxSummary = z.object({
  leaf: CertificateFacts,
  /** Issuer certificates included, leaf's issuer first. */
  chainLength: z.number().int(),
  chainComplete: z.boolean(),
  missingIssuer: z.string().optional(),
  /** Certificates supplied that do not belong to the leaf's chain and were left out. */
  ignoredCertificates: z.number().int(),
  profile: Pkcs12Profile,
});
export type PfxSummary = z.infer<typeof PfxSummary>;
