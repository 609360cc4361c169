import { z } from 'zod';
import { Finding, Severity } from '../findings.js';
import { CertificateFacts } from './certificate.js';
import { op } from './define.js';
import { WrittenFile } from './files.js';
import { TlsCheckResult } from './tls-result.js';

/**
 * TLS check: one endpoint, a batch of them, the fixes (save the served chain or leaf, export a batch)
 * and the agent check. Inputs carry paths and passwords (renderer → main only); outputs never a secret.
 */

/**
 * Error codes the TLS domain adds: none. Bad targets and options are VALIDATION_FAILED, files and
 * passwords use the common codes, and what the network says becomes findings, not errors.
 */
export const TLS_ERROR_CODES = [] as const;

const FilePath = z.string().min(1, 'A path is required').max(4096);
const Secret = z.string().max(1024);
const PemText = z.string().min(1, 'No certificate text was given').max(1 << 20);

/** What the check trusts. */
export const TlsTrustInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bundled') }).strict(),
  z.object({ kind: z.literal('system') }).strict(),
  z.object({ kind: z.literal('caFiles'), paths: z.array(FilePath).min(1, 'Choose at least one CA file').max(32) }).strict(),
  z.object({ kind: z.literal('javaTrustStore'), path: FilePath, storePassword: Secret }).strict(),
]);
export type TlsTrustInput = z.infer<typeof TlsTrustInput>;

/** A client certificate for mutual TLS: a .pfx with its password, or a certificate and its key. */
export const TlsClientCertInput = z.union([
  z.object({ pfxPath: FilePath, password: Secret }).strict(),
  z.object({ certPath: FilePath, keyPath: FilePath, keyPassword: Secret.optional() }).strict(),
]);
export type TlsClientCertInput = z.infer<typeof TlsClientCertInput>;

export const StartTls = z.enum(['smtp', 'imap', 'pop3']);
export type StartTls = z.infer<typeof StartTls>;

/** The default deadline of one check, and its bounds. */
export const TLS_TIMEOUT = { default: 10_000, min: 100, max: 120_000 } as const;
export const TLS_SCAN_CONCURRENCY = { default: 8, min: 1, max: 64 } as const;

const TimeoutMs = z.number().int().min(TLS_TIMEOUT.min).max(TLS_TIMEOUT.max).default(TLS_TIMEOUT.default);
const Target = z.string().trim().min(1, 'A target is required (host:port or https://…)').max(2048);

/** Options shared by a single check and a batch. */
const SharedOptions = {
  timeoutMs: TimeoutMs,
  trust: TlsTrustInput.default({ kind: 'bundled' }),
  /** An HTTP proxy URL, 'none' for a direct connection, or absent for HTTPS_PROXY / NO_PROXY. */
  proxy: z.string().trim().min(1).max(2048).optional(),
  allowNetworkLookups: z.boolean().default(false),
};

export const TlsCheckInput = z
  .object({
    target: Target,
    servername: z.string().trim().min(1).max(253).optional(),
    alpn: z.array(z.string().min(1).max(255)).max(8).optional(),
    clientCert: TlsClientCertInput.optional(),
    starttls: StartTls.optional(),
    scanProtocols: z.boolean().default(false),
    ...SharedOptions,
  })
  .strict();

/** One finished target of a batch: the check, or why the line is not a target. */
export const TlsScanRow = z.object({
  /** Line of the list it came from (1-based). */
  line: z.number().int(),
  /** The target as checked (`host:port`), or the line's text when it is not a target. */
  target: z.string(),
  severity: Severity,
  /** The worst finding (or `invalid-target`), for the table. */
  code: z.string(),
  message: z.string(),
  fix: z.string().optional(),
  /** Days until the served leaf ends; null when no certificate was reached. */
  daysLeft: z.number().int().nullable(),
  /** The full check; absent for a line that is not a target. */
  result: TlsCheckResult.optional(),
});
export type TlsScanRow = z.infer<typeof TlsScanRow>;

export const TlsScanOutput = z.object({
  /** Sorted: errors first, then warnings, then the rest; within each, fewest days to expiry first. */
  rows: z.array(TlsScanRow),
  checked: z.number().int(),
  errors: z.number().int(),
  warnings: z.number().int(),
});
export type TlsScanOutput = z.infer<typeof TlsScanOutput>;

export const TlsAgentCheckOutput = z.object({
  endpoint: z.string(),
  keystorePath: z.string(),
  /** The verdict of the comparison (serves-expected-certificate, serves-other-certificate, https-not-enabled) or the check's worst finding. */
  verdict: Finding,
  /** The certificates of the keystore's key entries (what the agent should serve). */
  expected: z.array(CertificateFacts),
  check: TlsCheckResult,
});
export type TlsAgentCheckOutput = z.infer<typeof TlsAgentCheckOutput>;

export const tlsOps = {
  'tls.check': op({
    input: TlsCheckInput,
    output: TlsCheckResult,
    summary: 'Check one TLS endpoint: the way there, the handshake, the chain as served, and a verdict with the fix.',
    long: true,
  }),
  'tls.scan': op({
    input: z
      .object({
        /** One target a line; `#` starts a comment. */
        targets: z.string().max(1 << 20).optional(),
        targetsPath: FilePath.optional(),
        concurrency: z.number().int().min(TLS_SCAN_CONCURRENCY.min).max(TLS_SCAN_CONCURRENCY.max).default(TLS_SCAN_CONCURRENCY.default),
        ...SharedOptions,
      })
      .strict()
      .refine((v) => (v.targets === undefined) !== (v.targetsPath === undefined), 'Give the targets as text or as a file path (one of them).'),
    output: TlsScanOutput,
    item: TlsScanRow,
    summary: 'Check a list of endpoints with bounded concurrency; each row arrives as its check ends.',
    long: true,
  }),
  'tls.saveChain': op({
    input: z
      .object({
        /** The served (or completed) chain as a check returned it; only its certificates are written. */
        chainPem: PemText,
        part: z.enum(['chain', 'leaf']).default('chain'),
        format: z.enum(['pem', 'der']).default('pem'),
        outPath: FilePath,
        overwrite: z.boolean().default(false),
      })
      .strict()
      .refine((v) => v.part === 'leaf' || v.format === 'pem', 'A chain is saved as PEM (DER holds one certificate).'),
    output: z.object({ write: WrittenFile, certificates: z.array(CertificateFacts) }),
    summary: 'Save the chain a server sent (PEM) or its leaf (.cer, PEM or DER).',
    writes: ['outPath'],
  }),
  'tls.exportScan': op({
    input: z.object({ rows: z.array(TlsScanRow).max(100_000), format: z.enum(['csv', 'json']), outPath: FilePath, overwrite: z.boolean().default(false) }).strict(),
    output: z.object({ write: WrittenFile, rows: z.number().int() }),
    summary: 'Save a batch check as CSV or JSON.',
    writes: ['outPath'],
  }),
  'tls.agentCheck': op({
    input: z
      .object({
        agentId: z.string().min(1).max(64).optional(),
        home: FilePath.optional(),
        /** Overrides the profile's endpoint (https://host:port or host:port). */
        endpoint: z.string().trim().min(1).max(2048).optional(),
        storePassword: Secret,
        timeoutMs: TimeoutMs,
      })
      .strict()
      .refine((v) => (v.agentId === undefined) !== (v.home === undefined), 'Give a saved agent profile or an agent home folder (one of them).'),
    output: TlsAgentCheckOutput,
    summary: "Compare the certificate an agent's endpoint serves with the one in its keystore.",
    long: true,
  }),
};
