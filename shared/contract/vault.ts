import { z } from 'zod';
import { CREDENTIAL_KIND_NAMES } from '../credential-kinds.js';
import { Finding } from '../findings.js';
import { op } from './define.js';
import { WrittenFile } from './files.js';

/**
 * The credential vault: secrets in the OS keychain, everything else about a credential in the data
 * folder (kinds and fields: shared/credential-kinds.ts). Outputs never carry a secret, except
 * `vault.reveal` (one field, on a deliberate request) and `token.generate` (a fresh value, shown once).
 */

/** Error codes the vault adds (SECRET_STORE_UNAVAILABLE is the app's: the keychain is shared). */
export const VAULT_ERROR_CODES = ['CREDENTIAL_NOT_FOUND', 'CREDENTIAL_EXISTS', 'SECRET_MISSING', 'NOT_A_JWT'] as const;

export const CredentialKindName = z.enum(CREDENTIAL_KIND_NAMES);

const FilePath = z.string().min(1, 'A path is required').max(4096);
/** A credential's name: what people and scripts call it (`certdesk vault show NAME`). */
export const CredentialName = z
  .string()
  .trim()
  .min(1, 'A name is required')
  .max(120)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._@-]*$/u, 'Use letters, digits, spaces, dots, dashes, underscores and @ (starting with a letter or digit)');
const FieldName = z.string().min(1).max(64).regex(/^[A-Za-z][A-Za-z0-9]*$/, 'A field name is letters and digits');
/** Non-secret field values, by field name. */
const FieldValues = z.record(FieldName, z.string().max(4096));
/** Secret field values, by field name (renderer/CLI → core only; never in an output). */
const SecretValues = z.record(FieldName, z.string().min(1, 'A secret cannot be empty').max(1 << 20));
const Host = z.string().trim().min(1).max(253);
/** An expiry as the person gives it: an ISO date/time, "never", or "jwt" (read from a JWT field's `exp`). */
const ExpiresInput = z.union([z.literal('never'), z.literal('jwt'), z.iso.date(), z.iso.datetime({ offset: true })]);

/** The last auth test of a credential (written by the auth tests). */
export const CredentialTestResult = z.object({
  at: z.string(),
  verdict: z.enum(['authenticated', 'forbidden', 'rejected', 'error']),
  summary: z.string(),
  url: z.string().optional(),
});
export type CredentialTestResult = z.infer<typeof CredentialTestResult>;

/** A credential as every output shows it: metadata and which fields are secret, never a secret value. */
export const Credential = z.object({
  id: z.string(),
  name: z.string(),
  kind: CredentialKindName,
  description: z.string(),
  tags: z.array(z.string()),
  /** The account it acts as (a user, a service account, an integration user). */
  account: z.string(),
  /** The endpoint URL(s) it is for. */
  endpoints: z.array(z.string()),
  /** A secret is never sent to a host outside this list (enforced by the auth tests). */
  allowedHosts: z.array(z.string()),
  /** Non-secret field values. */
  fields: z.record(z.string(), z.string()),
  /** The fields held in the keychain (the kind's secret fields, plus any the person chose to keep secret). */
  secretFields: z.array(z.string()),
  created: z.string(),
  updated: z.string(),
  /** ISO date/time, or null for "never". */
  expires: z.string().nullable(),
  expiresSource: z.enum(['date', 'never', 'jwt']),
  lastUsed: z.string().nullable(),
  lastTest: CredentialTestResult.nullable(),
  /** When the secret was replaced (dates only, never values), oldest first. */
  rotations: z.array(z.string()),
  /** Expired, expiring-soon (the shared threshold), long-lifetime, secret-missing. */
  findings: z.array(Finding),
  daysLeft: z.number().int().nullable(),
});
export type Credential = z.infer<typeof Credential>;

/** Where the keychain stands. */
export const KeychainState = z.object({
  available: z.boolean(),
  backend: z.string(),
  service: z.string(),
  reason: z.string().optional(),
});

/** Metadata and keychain out of step: a credential without (part of) its secret, or a Certdesk secret without metadata. */
export const VaultDrift = z.object({
  missingSecrets: z.array(z.object({ name: z.string(), fields: z.array(z.string()) })),
  orphanAccounts: z.array(z.string()),
});
export type VaultDrift = z.infer<typeof VaultDrift>;

const MetadataEdits = {
  description: z.string().max(2000).optional(),
  tags: z.array(z.string().trim().min(1).max(64)).max(32).optional(),
  account: z.string().max(256).optional(),
  endpoints: z.array(z.string().trim().min(1).max(2048)).max(16).optional(),
  allowedHosts: z.array(Host).max(32).optional(),
  expires: ExpiresInput.optional(),
};

export const vaultOps = {
  'vault.list': op({
    input: z
      .object({
        query: z.string().max(200).optional(),
        kind: CredentialKindName.optional(),
        /** Only credentials that expire within this many days (expired included). */
        expiringWithin: z.number().int().min(0).max(36500).optional(),
      })
      .strict(),
    output: z.object({ credentials: z.array(Credential), keychain: KeychainState, drift: VaultDrift }),
    summary: 'The credentials (metadata only, never a secret), the keychain state and any drift.',
  }),
  'vault.show': op({
    input: z.object({ name: CredentialName }).strict(),
    output: z.object({ credential: Credential }),
    summary: 'One credential: its metadata, never a secret.',
  }),
  'vault.add': op({
    input: z
      .object({
        name: CredentialName,
        kind: CredentialKindName,
        fields: FieldValues.default({}),
        secrets: SecretValues.default({}),
        ...MetadataEdits,
      })
      .strict(),
    output: z.object({ credential: Credential }),
    summary: 'Add a credential: secret fields to the OS keychain, the rest to the data folder.',
    records: { kind: 'credential', summary: (i) => `Added the credential '${i.name}' (${i.kind}).` },
  }),
  'vault.update': op({
    input: z.object({ name: CredentialName, rename: CredentialName.optional(), fields: FieldValues.optional(), ...MetadataEdits }).strict(),
    output: z.object({ credential: Credential }),
    summary: "Change a credential's metadata or non-secret fields (secrets change with vault.rotate).",
    records: { kind: 'credential', summary: (i) => `Updated the credential '${i.name}'${i.rename ? `, now '${i.rename}'` : ''} (no secret changed).` },
  }),
  'vault.rotate': op({
    input: z.object({ name: CredentialName, secrets: SecretValues, expires: ExpiresInput.optional() }).strict(),
    output: z.object({ credential: Credential }),
    summary: 'Replace secret fields; the rotation date is kept, never the old value.',
    records: { kind: 'credential', summary: (i) => `Rotated ${Object.keys(i.secrets).join(', ') || 'the secrets'} of the credential '${i.name}'.` },
  }),
  'vault.remove': op({
    input: z.object({ name: CredentialName }).strict(),
    output: z.object({ removed: Credential }),
    summary: 'Remove a credential: its keychain entries and its metadata together.',
    records: { kind: 'credential', summary: (i) => `Removed the credential '${i.name}' and its keychain entries.` },
  }),
  'vault.reveal': op({
    input: z.object({ name: CredentialName, field: FieldName }).strict(),
    output: z.object({ name: z.string(), field: z.string(), value: z.string() }),
    summary: 'One secret field, on a deliberate request (the only output that carries a secret).',
  }),
  'vault.copySecret': op({
    input: z.object({ name: CredentialName, field: FieldName, clearAfterSeconds: z.number().int().min(5).max(600).default(30) }).strict(),
    output: z.object({ copied: z.boolean(), clearsAt: z.string() }),
    summary: 'Put one secret field on the clipboard (in the main process) and clear it after 30 s.',
  }),
  'vault.export': op({
    input: z.object({ outPath: FilePath, overwrite: z.boolean().default(false) }).strict(),
    output: z.object({ write: WrittenFile, count: z.number().int() }),
    summary: 'Export every credential’s metadata as JSON (never a secret).',
    writes: ['outPath'],
  }),
  'vault.import': op({
    input: z.object({ path: FilePath }).strict(),
    output: z.object({
      added: z.array(z.string()),
      skipped: z.array(z.object({ name: z.string(), reason: z.string() })),
      /** The imported credentials whose secrets must now be entered (vault.rotate). */
      needSecrets: z.array(z.object({ name: z.string(), fields: z.array(z.string()) })),
    }),
    summary: 'Import exported metadata; each secret is then asked for.',
    records: { kind: 'credential', summary: (i, o) => `Imported ${o.added.length} credential(s) from ${i.path}${o.added.length ? `: ${o.added.join(', ')}` : ''}.` },
  }),
  'vault.repair': op({
    input: z
      .discriminatedUnion('action', [
        z.object({ action: z.literal('remove-orphan'), account: z.string().min(1).max(512) }).strict(),
        z.object({ action: z.literal('remove-credential'), name: CredentialName }).strict(),
      ]),
    output: z.object({ drift: VaultDrift }),
    summary: 'Resolve drift: remove a keychain secret without metadata, or a credential whose secret is gone.',
    records: {
      kind: 'credential',
      summary: (i) => (i.action === 'remove-orphan' ? `Removed a keychain entry without a credential (${i.account}).` : `Removed the credential '${i.name}', whose secret was gone.`),
    },
  }),
  'vault.run': op({
    input: z
      .object({
        names: z.array(CredentialName).min(1).max(16),
        /** VAR → NAME.FIELD; unmapped fields get CERTDESK_<NAME>_<FIELD>. */
        env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string()).default({}),
        command: z.string().min(1).max(4096),
        args: z.array(z.string().max(1 << 16)).max(1024).default([]),
      })
      .strict(),
    output: z.object({ exitCode: z.number().int().nullable(), signal: z.string().nullable() }),
    summary: "Run a command with credentials' fields in its environment (never its argv); the CLI only.",
  }),
};

/** A decoded JWT, for display: nothing is verified or sent anywhere. */
export const DecodedJwt = z.object({
  header: z.record(z.string(), z.unknown()),
  claims: z.record(z.string(), z.unknown()),
  algorithm: z.string().nullable(),
  issuer: z.string().nullable(),
  subject: z.string().nullable(),
  audience: z.array(z.string()),
  issuedAt: z.string().nullable(),
  notBefore: z.string().nullable(),
  expires: z.string().nullable(),
  secondsLeft: z.number().int().nullable(),
  lifetimeDays: z.number().nullable(),
  /** expired, not-yet-valid, long-lifetime (over 90 days), no-expiry, unsigned. */
  findings: z.array(Finding),
});
export type DecodedJwt = z.infer<typeof DecodedJwt>;

export const tokenOps = {
  'token.decode': op({
    input: z.union([
      z.object({ jwt: z.string().min(1).max(64 * 1024) }).strict(),
      z.object({ fromVault: CredentialName, field: FieldName.optional() }).strict(),
    ]),
    output: DecodedJwt,
    summary: 'Decode a JWT for display (header, claims, expiry, time left) without sending it anywhere.',
  }),
  'token.generate': op({
    input: z
      .object({
        bytes: z.number().int().min(16).max(128).default(32),
        encoding: z.enum(['base64url', 'hex', 'alphanumeric']).default('base64url'),
      })
      .strict(),
    output: z.object({ value: z.string(), bits: z.number().int() }),
    summary: 'A strong random API key or secret, for systems that let you choose one (shown once).',
  }),
};
