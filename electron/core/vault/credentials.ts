/**
 * The credentials' metadata (`credentials.json` in the data folder, through the metadata store) and
 * the rules a credential's fields follow. Secrets are never in a record: each secret field is one
 * keychain entry under the account `<credential id>/<field>`.
 */
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { Credential, type VaultDrift } from '../../../shared/contract/vault.js';
import { CREDENTIAL_KINDS, type CredentialField, type CredentialKind, LONG_LIFETIME_DAYS } from '../../../shared/credential-kinds.js';
import type { Finding } from '../../../shared/findings.js';
import { hasControl } from '../../../shared/text-safety.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { daysLeftUntil } from '../pki/expiry.js';
import type { Collection } from '../store/metadata-store.js';

const DAY_MS = 86_400_000;

/** A credential as stored: everything an output shows except what is judged at read time. */
export const CredentialRecord = Credential.omit({ findings: true, daysLeft: true }).extend({
  id: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/),
});
export type CredentialRecord = z.infer<typeof CredentialRecord>;

/** The collection of credential records. */
export function credentialStore(deps: CoreDeps): Collection<CredentialRecord> {
  return deps.metadata.collection<CredentialRecord>({
    file: 'credentials.json',
    version: 1,
    record: CredentialRecord,
    sort: (a, b) => a.name.localeCompare(b.name),
  });
}

/** The keychain account of one secret field of a credential. */
/** The rotation dates kept per credential (the newest). */
export const MAX_ROTATIONS = 200;

export function secretAccount(id: string, field: string): string {
  return `${id}/${field}`;
}

/** True for an account shaped like the vault's own (`<uuid>/<field>`). */
export function isVaultAccount(account: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/[A-Za-z][A-Za-z0-9]*$/.test(account);
}

/** The record named `name` (names are unique ignoring case), or undefined. */
export function findByName(records: readonly CredentialRecord[], name: string): CredentialRecord | undefined {
  const key = name.trim().toLowerCase();
  return records.find((r) => r.name.toLowerCase() === key);
}

/** The record named `name`, or CREDENTIAL_NOT_FOUND. */
export function needByName(records: readonly CredentialRecord[], name: string): CredentialRecord {
  const found = findByName(records, name);
  if (!found) throw new CertdeskError('CREDENTIAL_NOT_FOUND', `There is no credential named "${name.trim()}".`, 'List them with `certdesk vault list`.');
  return found;
}

function fieldsOf(kind: CredentialKind): readonly CredentialField[] {
  return CREDENTIAL_KINDS[kind].fields;
}

function invalid(message: string, hint?: string): CertdeskError {
  return new CertdeskError('VALIDATION_FAILED', message, hint);
}

/** Checks one non-secret value against its field's type; returns the value to store. */
function checkValue(kind: CredentialKind, field: CredentialField, raw: string): string {
  const value = raw.trim();
  if (hasControl(value)) throw invalid(`${field.label} (${field.name}) holds control characters.`);
  switch (field.type) {
    case 'url': {
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        url = undefined;
      }
      if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw invalid(`${field.label} (${field.name}) must be an http(s) URL.`);
      return value;
    }
    case 'port':
      if (!/^\d{1,5}$/.test(value) || Number(value) < 1 || Number(value) > 65535) throw invalid(`${field.label} (${field.name}) must be a port from 1 to 65535.`);
      return value;
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw invalid(`${field.label} (${field.name}) must be true or false.`);
      return value;
    case 'choice':
      if (!(field.choices ?? []).includes(value)) throw invalid(`${field.label} (${field.name}) must be one of: ${(field.choices ?? []).join(', ')}.`);
      return value;
    case 'path':
      return isAbsolute(value) ? value : resolve(value);
    default:
      void kind;
      return value;
  }
}

/**
 * Checks the fields given for a credential of `kind`: every name is one of the kind's fields, a secret
 * field never comes as a plain value, non-secret values have their field's type, and (when `complete`)
 * every required field is there. Returns the non-secret values to store (defaults filled in) and the
 * names of the secret fields given (a non-secret field given as a secret is kept secret).
 */
export function checkFields(kind: CredentialKind, fields: Record<string, string>, secrets: Record<string, string>, complete: boolean): { fields: Record<string, string>; secretFields: string[] } {
  const defs = fieldsOf(kind);
  const names = defs.map((f) => f.name).join(', ');
  for (const name of [...Object.keys(fields), ...Object.keys(secrets)]) {
    if (!defs.some((f) => f.name === name)) throw invalid(`A ${kind} credential has no field "${name}".`, `Its fields: ${names}.`);
  }
  const out: Record<string, string> = {};
  for (const def of defs) {
    const given = fields[def.name];
    if (given !== undefined && def.secret)
      throw invalid(`${def.name} is a secret field of ${kind}: it is never given as a plain value.`, 'Give it as a secret (the form’s secret box; on the command line --secret-env, --secret-file or --secret-stdin).');
    if (given !== undefined && secrets[def.name] !== undefined) throw invalid(`${def.name} was given both as a plain value and as a secret.`);
    if (def.secret || secrets[def.name] !== undefined) continue;
    if (given !== undefined && given.trim() !== '') out[def.name] = checkValue(kind, def, given);
    else if (def.default !== undefined) out[def.name] = def.default;
    else if (def.required && complete) throw invalid(`${def.label} (${def.name}) is required for a ${kind} credential.`);
  }
  const secretFields = defs.filter((f) => secrets[f.name] !== undefined).map((f) => f.name);
  if (complete) {
    const missing = defs.filter((f) => f.secret && f.required && secrets[f.name] === undefined).map((f) => f.name);
    if (missing.length) throw invalid(`A ${kind} credential needs its secret ${missing.length === 1 ? 'field' : 'fields'} ${missing.join(', ')}.`);
  }
  return { fields: out, secretFields };
}

/** The keychain accounts a record's secrets should be under. */
export function accountsOf(r: CredentialRecord): string[] {
  return r.secretFields.map((f) => secretAccount(r.id, f));
}

/**
 * Metadata and keychain out of step, from Certdesk's account index (no secret is read): a credential
 * whose secret is not there, and a vault-shaped account that no credential owns.
 */
export function driftOf(records: readonly CredentialRecord[], accounts: readonly string[]): VaultDrift {
  const have = new Set(accounts);
  const owned = new Set(records.flatMap(accountsOf));
  return {
    missingSecrets: records
      .map((r) => ({ name: r.name, fields: r.secretFields.filter((f) => !have.has(secretAccount(r.id, f))) }))
      .filter((m) => m.fields.length > 0),
    orphanAccounts: accounts.filter((a) => isVaultAccount(a) && !owned.has(a)),
  };
}

/** The record as outputs show it, with the core's judgements: expiry, lifetime and a missing secret. */
export function describeCredential(r: CredentialRecord, deps: CoreDeps, missing: readonly string[] = []): Credential {
  const now = deps.clock.now();
  const findings: Finding[] = [];
  const daysLeft = r.expires === null ? null : daysLeftUntil(new Date(r.expires), now);
  if (daysLeft !== null && daysLeft < 0)
    findings.push({ code: 'credential-expired', severity: 'error', message: `Expired on ${r.expires?.slice(0, 10)}.`, fix: 'Get a new secret from the issuing system and rotate it.' });
  else if (daysLeft !== null && daysLeft <= deps.settings.expiringSoonDays)
    findings.push({ code: 'credential-expiring-soon', severity: 'warning', message: `Expires in ${daysLeft} day${daysLeft === 1 ? '' : 's'} (${r.expires?.slice(0, 10)}).`, fix: 'Renew it at the issuing system, then rotate it here.' });
  const since = new Date(r.rotations.at(-1) ?? r.created);
  if (r.expires !== null) {
    const lifetime = Math.round((new Date(r.expires).getTime() - since.getTime()) / DAY_MS);
    if (lifetime > LONG_LIFETIME_DAYS)
      findings.push({ code: 'long-lifetime', severity: 'info', message: `Valid for ${lifetime} days from its last change, over ${LONG_LIFETIME_DAYS}.`, fix: 'Prefer a shorter lifetime where the issuing system allows it.' });
  } else {
    const age = Math.floor((now.getTime() - since.getTime()) / DAY_MS);
    if (age > LONG_LIFETIME_DAYS)
      findings.push({ code: 'long-lifetime', severity: 'info', message: `Never expires and unchanged for ${age} days, over ${LONG_LIFETIME_DAYS}.`, fix: 'Rotate it, and set an expiry date.' });
  }
  if (missing.length)
    findings.push({
      code: 'secret-missing',
      severity: 'error',
      message: `The keychain holds no secret for ${missing.join(', ')}.`,
      fix: 'Enter it again (rotate), or remove the credential.',
    });
  return { ...r, findings, daysLeft };
}

/** True when the record matches a free-text search (name, description, tags, account, endpoints, hosts, kind). */
export function matchesQuery(r: CredentialRecord, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === '') return true;
  return [r.name, r.kind, r.description, r.account, ...r.tags, ...r.endpoints, ...r.allowedHosts].some((t) => t.toLowerCase().includes(q));
}
