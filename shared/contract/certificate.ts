import { z } from 'zod';

/** A warning about a certificate, with a stable code and a sentence for the person. */
export const CertWarning = z.object({
  code: z.enum(['EXPIRED', 'NOT_YET_VALID', 'EXPIRING_SOON', 'SHA1_SIGNATURE', 'WEAK_RSA_KEY', 'NO_SAN']),
  message: z.string(),
});
export type CertWarning = z.infer<typeof CertWarning>;

/** Everything Certdesk shows about one X.509 certificate (shared by inspect, keystores and TLS). */
export const CertificateFacts = z.object({
  subject: z.string(),
  issuer: z.string(),
  /** Serial number, lower-case hex without separators (as keytool prints it). */
  serial: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  /** Whole days until notAfter (negative when expired). */
  daysLeft: z.number().int(),
  /** subjectAltName entries as `dns:`, `ip:`, `email:`, `uri:` strings. */
  san: z.array(z.string()),
  keyType: z.enum(['RSA', 'EC', 'Ed25519', 'Ed448', 'DSA', 'unknown']),
  keySize: z.number().int().optional(),
  curve: z.string().optional(),
  signatureAlgorithm: z.string(),
  keyUsage: z.array(z.string()),
  extKeyUsage: z.array(z.string()),
  basicConstraints: z.object({ ca: z.boolean(), pathLen: z.number().int().optional() }).nullable(),
  subjectKeyId: z.string().optional(),
  authorityKeyId: z.string().optional(),
  ocspUrls: z.array(z.string()),
  caIssuerUrls: z.array(z.string()),
  crlUrls: z.array(z.string()),
  /** Fingerprints as upper-case colon hex, as keytool prints them. */
  sha1: z.string(),
  sha256: z.string(),
  selfSigned: z.boolean(),
  /** OIDs of critical extensions that neither Certdesk nor common TLS stacks understand: clients must reject the certificate. */
  unknownCriticalExtensions: z.array(z.string()).optional(),
  warnings: z.array(CertWarning),
});
export type CertificateFacts = z.infer<typeof CertificateFacts>;
