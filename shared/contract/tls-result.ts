import { z } from 'zod';
import { Finding } from '../findings.js';
import { CertificateFacts } from './certificate.js';

/** The finding codes a TLS check gives (besides the per-certificate ones it passes on). */
export const TLS_FINDING_CODES = [
  'ok', 'hostname-mismatch', 'self-signed', 'untrusted-root', 'incomplete-chain', 'chain-order', 'expired', 'not-yet-valid',
  'expiring-soon', 'weak-signature', 'weak-key', 'legacy-protocol', 'plaintext-server', 'client-cert-required', 'revoked',
  'handshake-failure', 'connection-refused', 'dns-failure', 'timeout', 'proxy-failure', 'starttls-failure', 'untrusted',
  'network-error', 'revocation-not-checked', 'https-not-enabled', 'serves-expected-certificate', 'serves-other-certificate',
  // A batch line that is not a target.
  'invalid-target',
] as const;
export type TlsFindingCode = (typeof TLS_FINDING_CODES)[number];

export const TLS_VERSIONS = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'] as const;
export const TlsVersion = z.enum(TLS_VERSIONS);
export type TlsVersion = z.infer<typeof TlsVersion>;

export const ProtocolSupport = z.enum(['accepted', 'refused', 'not-tried']);
export type ProtocolSupport = z.infer<typeof ProtocolSupport>;

/** Milliseconds of each step; absent when the step did not happen (no DNS for an IP or through a proxy). */
export const TlsTimings = z.object({
  dns: z.number().optional(),
  connect: z.number().optional(),
  tls: z.number().optional(),
  firstByte: z.number().optional(),
  total: z.number(),
});
export type TlsTimings = z.infer<typeof TlsTimings>;

/** The path from the served leaf to a trusted root, or where it breaks. */
export const TlsPath = z.object({
  /** Subjects leaf first, ending at the trust anchor when one was reached. */
  subjects: z.array(z.string()),
  trusted: z.boolean(),
  /** Issuer name of the certificate nobody had, when the path breaks. */
  missingIssuer: z.string().optional(),
  /** Where a missing intermediate was fetched from (the leaf's AIA "CA Issuers" URL). */
  fetchedFrom: z.string().optional(),
  /** Served chain completed with the fetched intermediate(s), PEM, leaf first: offered to save. */
  completedChainPem: z.string().optional(),
});
export type TlsPath = z.infer<typeof TlsPath>;

export const Revocation = z.enum(['good', 'revoked', 'unknown', 'not-checked']);
export type Revocation = z.infer<typeof Revocation>;

/** Everything one TLS check found out about one endpoint. */
export const TlsCheckResult = z.object({
  /** The target as checked, `host:port`. */
  target: z.string(),
  /** True when no finding is an error. */
  ok: z.boolean(),
  /** Most severe first. */
  findings: z.array(Finding),
  protocol: z.string().nullable(),
  cipher: z.string().nullable(),
  alpn: z.string().optional(),
  /** The chain as the server sent it, in its order. */
  chain: z.array(CertificateFacts),
  /** The served chain as PEM (for "save the chain"). */
  chainPem: z.string().optional(),
  /** Whether the served order is leaf first, each followed by its issuer; unknown when it could not be read (TLS 1.3 only). */
  chainOrder: z.enum(['ok', 'wrong', 'unknown']),
  path: TlsPath.optional(),
  /** Which trust source decided, in words ("Node's bundled Mozilla roots", "CA file (2 certificates)"). */
  trustUsed: z.string(),
  timings: TlsTimings,
  addresses: z.array(z.string()),
  /** The proxy the connection went through, when one did (without credentials). */
  proxy: z.string().optional(),
  clientCertRequested: z.boolean(),
  /** Distinguished names of the CAs the server accepts client certificates from. */
  acceptableCAs: z.array(z.string()),
  protocols: z.record(TlsVersion, ProtocolSupport).optional(),
  httpStatus: z.number().int().optional(),
  revocation: Revocation,
});
export type TlsCheckResult = z.infer<typeof TlsCheckResult>;
