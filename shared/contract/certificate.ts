import { z } from 'zod';
import { Finding } from '../findings.js';

/**
 * The finding codes the core gives a single certificate. `no-san` is a warning, not info: a server
 * certificate without subjectAltName is rejected by every current browser and by Java's hostname
 * check, so it breaks the use the certificate was likely made for; CAs and client-only certificates
 * never get it.
 */
export const CERT_FINDING_CODES = ['expired', 'not-yet-valid', 'expiring-soon', 'weak-signature', 'weak-key', 'no-san'] as const;
export type CertFindingCode = (typeof CERT_FINDING_CODES)[number];

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
  /** What the core judges about it (validity, strength, names), most severe first. */
  findings: z.array(Finding),
});
export type CertificateFacts = z.infer<typeof CertificateFacts>;
