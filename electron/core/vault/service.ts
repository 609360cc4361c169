/**
 * The vault.* and token.* operations. Secrets go to the OS keychain (one entry per secret field,
 * long ones in parts), everything else to `credentials.json`. Adding writes the keychain first and
 * the metadata second, taking the keychain entries back if the metadata cannot be written; removing
 * takes both. Without a working keychain every vault operation fails with SECRET_STORE_UNAVAILABLE
 * before anything is written: there is no plaintext fallback.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { CredentialName, type tokenOps, type vaultOps } from '../../../shared/contract/vault.js';
import { isCredentialKind } from '../../../shared/credential-kinds.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { Handler } from '../handler.js';
import {
  accountsOf, checkFields, credentialStore, CredentialRecord, describeCredential, driftOf, findByName, MAX_ROTATIONS, matchesQuery, needByName, secretAccount,
} from './credentials.js';
import { decodeJwt, looksLikeJwt } from './jwt.js';
import { keychainHint } from './keychain.js';
import { defaultEnvName, runWithEnv } from './run.js';
import { generateSecret } from './generate.js';

type VaultOpName = keyof typeof vaultOps;
type TokenOpName = keyof typeof tokenOps;
export type VaultHandlers = { [N in VaultOpName]: Handler<N> };
export type TokenHandlers = { [N in TokenOpName]: Handler<N> };
type In<N extends VaultOpName | TokenOpName> = Parameters<Handler<N>>[0];

/** The export file's format marker. */
const EXPORT_FORMAT = 'certdesk-credentials';
/** Rotation dates kept per credential. */

/** The vault as the operations use it: the metadata, the keychain and the rules between them. */
export function createVault(deps: CoreDeps) {
  const store = credentialStore(deps);
  const kc = deps.keychain;
  let available = false;
  const now = (): string => deps.clock.now().toISOString();

  /** Fails with SECRET_STORE_UNAVAILABLE (reason and what to do) unless the keychain answers. */
  async function ready(): Promise<void> {
    if (available) return;
    const probe = await kc.probe();
    if (!probe.available)
      throw new CertdeskError('SECRET_STORE_UNAVAILABLE', `The ${probe.backend} is not available${probe.reason ? `: ${probe.reason}` : ''}.`, keychainHint());
    available = true;
  }

  async function records(): Promise<CredentialRecord[]> {
    await ready();
    return (await store.read()).records;
  }

  async function byName(name: string): Promise<CredentialRecord> {
    return needByName(await records(), name);
  }

  /** One secret field's value from the keychain, registered with the log's redaction. */
  async function secretOf(r: CredentialRecord, field: string): Promise<string> {
    if (!r.secretFields.includes(field)) {
      if (field in r.fields) throw new CertdeskError('VALIDATION_FAILED', `${field} of ${r.name} is not secret: \`vault show\` shows it.`);
      throw new CertdeskError('VALIDATION_FAILED', `${r.name} has no secret field "${field}".`, `Its secret fields: ${r.secretFields.join(', ') || 'none'}.`);
    }
    const value = await kc.get(secretAccount(r.id, field));
    if (value === null)
      throw new CertdeskError('SECRET_MISSING', `The keychain holds no secret for ${field} of ${r.name}.`, `Enter it again with \`certdesk vault rotate "${r.name}"\`, or remove the credential.`);
    deps.log.addSecret(value);
    return value;
  }

  /** Writes secrets under a credential's accounts; on a failure, takes back what it wrote and restores `previous`. */
  async function writeSecrets(id: string, secrets: Record<string, string>, previous: Record<string, string | null> = {}): Promise<() => Promise<void>> {
    const written: string[] = [];
    const undo = async (): Promise<void> => {
      for (const field of written.reverse()) {
        const before = previous[field];
        try {
          if (before === undefined || before === null) await kc.delete(secretAccount(id, field));
          else await kc.set(secretAccount(id, field), before);
        } catch (err) {
          deps.log.warn(`Taking back the secret ${field} of a credential failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    };
    try {
      for (const [field, value] of Object.entries(secrets)) {
        written.push(field);
        await kc.set(secretAccount(id, field), value);
      }
    } catch (err) {
      await undo();
      throw err;
    }
    return undo;
  }

  /** Writes the metadata change; if it fails, runs `undo` (the keychain writes) and rethrows. */
  async function commit<T>(fn: Parameters<typeof store.update<T>>[0], undo: () => Promise<void>): Promise<T> {
    try {
      return (await store.update(fn)).value;
    } catch (err) {
      await undo();
      throw err;
    }
  }

  /** An expiry as given (a date, never, or read from a JWT among `secrets`); undefined keeps the current one. */
  function expiryFrom(given: string | undefined, secrets: Record<string, string>, current?: Pick<CredentialRecord, 'expires' | 'expiresSource'>): Pick<CredentialRecord, 'expires' | 'expiresSource'> {
    const fromJwt = (): string | null => {
      for (const v of Object.values(secrets)) if (looksLikeJwt(v)) return decodeJwt(v, deps.clock.now()).expires;
      return null;
    };
    if (given === undefined) {
      if (current && current.expiresSource !== 'jwt') return current;
      const exp = fromJwt();
      if (exp !== null) return { expires: exp, expiresSource: 'jwt' };
      return current ?? { expires: null, expiresSource: 'never' };
    }
    if (given === 'never') return { expires: null, expiresSource: 'never' };
    if (given === 'jwt') {
      const exp = fromJwt();
      if (exp === null) throw new CertdeskError('NOT_A_JWT', 'None of the secrets given is a JWT with an expiry (exp).', 'Give the expiry as a date (YYYY-MM-DD) or never.');
      return { expires: exp, expiresSource: 'jwt' };
    }
    const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(given) ? `${given}T00:00:00Z` : given);
    if (Number.isNaN(date.getTime())) throw new CertdeskError('VALIDATION_FAILED', 'The expiry is not a valid date.');
    return { expires: date.toISOString(), expiresSource: 'date' };
  }

  async function describeAll(list: CredentialRecord[]) {
    const drift = driftOf(await records(), await kc.accounts());
    const missing = new Map(drift.missingSecrets.map((m) => [m.name, m.fields]));
    return { credentials: list.map((r) => describeCredential(r, deps, missing.get(r.name))), drift };
  }

  async function describeOne(r: CredentialRecord) {
    const { credentials } = await describeAll([r]);
    return credentials[0] ?? describeCredential(r, deps);
  }

  const uniqueName = (list: readonly CredentialRecord[], name: string, except?: string): void => {
    const clash = findByName(list, name);
    if (clash && clash.id !== except) throw new CertdeskError('CREDENTIAL_EXISTS', `A credential named "${clash.name}" exists already.`, 'Choose another name, or rotate or remove that one.');
  };

  return {
    ready,
    records,
    byName,
    secretOf,

    async list(input: In<'vault.list'>) {
      const all = await records();
      const { credentials, drift } = await describeAll(all);
      const shown = credentials.filter(
        (c) =>
          (input.kind === undefined || c.kind === input.kind) &&
          (input.query === undefined || matchesQuery(c as CredentialRecord, input.query)) &&
          (input.expiringWithin === undefined || (c.daysLeft !== null && c.daysLeft <= input.expiringWithin)),
      );
      return { credentials: shown, keychain: { available: true, backend: kc.backend, service: kc.service }, drift };
    },

    async show(input: In<'vault.show'>) {
      return { credential: await describeOne(await byName(input.name)) };
    },

    async add(input: In<'vault.add'>) {
      uniqueName(await records(), input.name);
      const { fields, secretFields } = checkFields(input.kind, input.fields, input.secrets, true);
      const at = now();
      const record: CredentialRecord = {
        id: randomUUID(),
        name: input.name,
        kind: input.kind,
        description: input.description ?? '',
        tags: input.tags ?? [],
        account: input.account ?? '',
        endpoints: input.endpoints ?? [],
        allowedHosts: input.allowedHosts ?? [],
        fields,
        secretFields,
        created: at,
        updated: at,
        ...expiryFrom(input.expires, input.secrets),
        lastUsed: null,
        lastTest: null,
        rotations: [],
      };
      const undo = await writeSecrets(record.id, input.secrets);
      await commit((list) => {
        uniqueName(list, record.name);
        return { records: [...list, record], value: undefined };
      }, undo);
      return { credential: await describeOne(record) };
    },

    async update(input: In<'vault.update'>) {
      const r = await byName(input.name);
      const placeholders = Object.fromEntries(r.secretFields.map((f) => [f, '*']));
      const merged = input.fields ? { ...r.fields, ...input.fields } : r.fields;
      const { fields } = checkFields(r.kind, Object.fromEntries(Object.entries(merged).filter(([k]) => !r.secretFields.includes(k))), placeholders, true);
      const jwtSecrets = input.expires === 'jwt' ? Object.fromEntries(await Promise.all(r.secretFields.map(async (f) => [f, await secretOf(r, f)] as const))) : {};
      const next: CredentialRecord = {
        ...r,
        name: input.rename ?? r.name,
        fields,
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.tags !== undefined ? { tags: input.tags } : {}),
        ...(input.account !== undefined ? { account: input.account } : {}),
        ...(input.endpoints !== undefined ? { endpoints: input.endpoints } : {}),
        ...(input.allowedHosts !== undefined ? { allowedHosts: input.allowedHosts } : {}),
        ...(input.expires !== undefined ? expiryFrom(input.expires, jwtSecrets) : {}),
        updated: now(),
      };
      await commit((list) => {
        const current = list.find((x) => x.id === r.id);
        if (!current) throw new CertdeskError('CREDENTIAL_NOT_FOUND', `The credential "${r.name}" was removed meanwhile.`);
        uniqueName(list, next.name, r.id);
        return { records: list.map((x) => (x.id === r.id ? next : x)), value: undefined };
      }, async () => undefined);
      return { credential: await describeOne(next) };
    },

    async rotate(input: In<'vault.rotate'>) {
      const r = await byName(input.name);
      for (const field of Object.keys(input.secrets))
        if (field in r.fields) throw new CertdeskError('VALIDATION_FAILED', `${field} of ${r.name} is not secret: change it with vault update.`);
      const { secretFields } = checkFields(r.kind, {}, input.secrets, false);
      const previous: Record<string, string | null> = {};
      for (const f of secretFields) {
        const old = await kc.get(secretAccount(r.id, f)).catch((err: unknown) => {
          if (err instanceof CertdeskError && err.code === 'SECRET_MISSING') return null;
          throw err;
        });
        if (old !== null) deps.log.addSecret(old);
        previous[f] = old;
      }
      const expiry = expiryFrom(input.expires, input.secrets, r);
      const undo = await writeSecrets(r.id, input.secrets, previous);
      const at = now();
      const next: CredentialRecord = {
        ...r,
        secretFields: [...new Set([...r.secretFields, ...secretFields])],
        ...expiry,
        updated: at,
        rotations: [...r.rotations, at].slice(-MAX_ROTATIONS),
      };
      await commit((list) => {
        if (!list.some((x) => x.id === r.id)) throw new CertdeskError('CREDENTIAL_NOT_FOUND', `The credential "${r.name}" was removed meanwhile.`);
        return { records: list.map((x) => (x.id === r.id ? next : x)), value: undefined };
      }, undo);
      return { credential: await describeOne(next) };
    },

    async remove(input: In<'vault.remove'>) {
      const r = await byName(input.name);
      const removed = await describeOne(r);
      // The secrets first: a failure then leaves metadata without a secret, which is shown and repairable.
      for (const account of accountsOf(r)) await kc.delete(account);
      await store.update((list) => ({ records: list.filter((x) => x.id !== r.id), value: undefined }));
      return { removed };
    },

    async reveal(input: In<'vault.reveal'>) {
      const r = await byName(input.name);
      return { name: r.name, field: input.field, value: await secretOf(r, input.field) };
    },

    async copySecret(input: In<'vault.copySecret'>) {
      const clipboard = deps.clipboard;
      if (!clipboard) throw new CertdeskError('VALIDATION_FAILED', 'There is no clipboard here.', `Print the secret instead: certdesk vault show NAME --reveal ${input.field}`);
      const r = await byName(input.name);
      const value = await secretOf(r, input.field);
      await clipboard.writeText(value);
      const clearsAt = new Date(deps.clock.now().getTime() + input.clearAfterSeconds * 1000).toISOString();
      // Cleared only if the clipboard still holds this secret: something copied since stays.
      setTimeout(() => {
        void (async () => {
          if ((await clipboard.readText()) === value) await clipboard.writeText('');
        })().catch((err: unknown) => deps.log.warn(`Clearing the clipboard failed: ${err instanceof Error ? err.message : String(err)}`));
      }, input.clearAfterSeconds * 1000).unref();
      return { copied: true, clearsAt };
    },

    async export(input: In<'vault.export'>) {
      const list = await records();
      const full = resolve(input.outPath);
      const exists = await fs.lstat(full).then(() => true, () => false);
      if (exists && !input.overwrite) throw new CertdeskError('FILE_EXISTS', `The file already exists: ${full}`, 'Choose another name, or allow replacing it (the old file is then kept as a backup).');
      const credentials = list.map(({ id: _id, lastUsed: _used, lastTest: _test, ...rest }) => rest);
      const bytes = Buffer.from(`${JSON.stringify({ format: EXPORT_FORMAT, version: 1, exported: now(), credentials }, null, 2)}\n`, 'utf8');
      const write = await deps.files.write(full, bytes, { role: 'metadata', ...(input.overwrite ? {} : { expectedOriginal: null }), now: () => deps.clock.now() });
      return { write, count: list.length };
    },

    async import(input: In<'vault.import'>) {
      await ready();
      const bytes = await deps.files.read(input.path, { kind: 'metadata', what: 'credentials export' });
      let json: unknown;
      try {
        json = JSON.parse(bytes.toString('utf8'));
      } catch {
        throw new CertdeskError('UNSUPPORTED_FORMAT', 'The file is not JSON: it is not a Certdesk credentials export.');
      }
      const doc = json as { format?: unknown; version?: unknown; credentials?: unknown };
      if (typeof json !== 'object' || json === null || doc.format !== EXPORT_FORMAT || !Array.isArray(doc.credentials))
        throw new CertdeskError('UNSUPPORTED_FORMAT', 'The file is not a Certdesk credentials export.', 'Export one with `certdesk vault export --out FILE`.');
      if (doc.version !== 1) throw new CertdeskError('UNSUPPORTED_FORMAT', 'The export was written by a newer Certdesk.', 'Update Certdesk to import it.');
      if (doc.credentials.length > 10_000) throw new CertdeskError('UNSUPPORTED_FORMAT', 'The export holds more than 10,000 credentials.');
      const added: string[] = [];
      const skipped: { name: string; reason: string }[] = [];
      const fresh: CredentialRecord[] = [];
      const at = now();
      for (const [i, item] of doc.credentials.entries()) {
        const nameOf = (v: unknown): string => {
          const n = (v as { name?: unknown } | null)?.name;
          return typeof n === 'string' ? n.slice(0, 120) : `#${i + 1}`;
        };
        const parsed = CredentialRecord.omit({ id: true, lastUsed: true, lastTest: true }).safeParse(item);
        const name = parsed.success ? CredentialName.safeParse(parsed.data.name) : undefined;
        if (!parsed.success || !name?.success || !isCredentialKind(parsed.data.kind)) {
          skipped.push({ name: nameOf(item), reason: 'not a credential record this version of Certdesk reads' });
          continue;
        }
        try {
          const placeholders = Object.fromEntries(parsed.data.secretFields.map((f) => [f, '*']));
          const { fields } = checkFields(parsed.data.kind, parsed.data.fields, placeholders, false);
          fresh.push({ ...parsed.data, name: name.data, fields, id: randomUUID(), lastUsed: null, lastTest: null, updated: at });
        } catch (err) {
          skipped.push({ name: name.data, reason: err instanceof Error ? err.message : 'its fields do not fit its kind' });
        }
      }
      await store.update((list) => {
        const kept = [...list];
        for (const r of fresh) {
          if (findByName(kept, r.name)) skipped.push({ name: r.name, reason: 'a credential with this name exists already' });
          else {
            kept.push(r);
            added.push(r.name);
          }
        }
        return { records: kept, value: undefined };
      });
      const needSecrets = fresh.filter((r) => added.includes(r.name) && r.secretFields.length > 0).map((r) => ({ name: r.name, fields: r.secretFields }));
      return { added, skipped, needSecrets };
    },

    async repair(input: In<'vault.repair'>) {
      if (input.action === 'remove-orphan') {
        const drift = driftOf(await records(), await kc.accounts());
        if (!drift.orphanAccounts.includes(input.account))
          throw new CertdeskError('VALIDATION_FAILED', `The keychain account ${input.account} is not a Certdesk secret without metadata.`, 'List the drift with `certdesk vault list`.');
        await kc.delete(input.account);
      } else {
        const r = await byName(input.name);
        for (const account of accountsOf(r)) await kc.delete(account);
        await store.update((list) => ({ records: list.filter((x) => x.id !== r.id), value: undefined }));
      }
      return { drift: driftOf(await records(), await kc.accounts()) };
    },

    async run(input: In<'vault.run'>, signal: AbortSignal) {
      const all = await records();
      const chosen = input.names.map((n) => needByName(all, n));
      const env: Record<string, string> = {};
      const values = new Map<string, string>();
      for (const r of chosen) {
        for (const [field, value] of Object.entries(r.fields)) values.set(`${r.id}.${field}`, value);
        for (const field of r.secretFields) values.set(`${r.id}.${field}`, await secretOf(r, field));
        for (const field of [...Object.keys(r.fields), ...r.secretFields]) env[defaultEnvName(r.name, field)] = values.get(`${r.id}.${field}`) ?? '';
      }
      for (const [variable, ref] of Object.entries(input.env)) {
        const dot = ref.lastIndexOf('.');
        const r = dot > 0 ? chosen.find((c) => c.name.toLowerCase() === ref.slice(0, dot).trim().toLowerCase()) : undefined;
        const value = r ? values.get(`${r.id}.${ref.slice(dot + 1)}`) : undefined;
        if (value === undefined)
          throw new CertdeskError('VALIDATION_FAILED', `${variable}=${ref} does not name a field of a credential given to run.`, 'Write VAR=NAME.FIELD, with NAME one of the credentials named before --.');
        env[variable] = value;
      }
      const at = now();
      await store.update((list) => ({ records: list.map((x) => (chosen.some((c) => c.id === x.id) ? { ...x, lastUsed: at } : x)), value: undefined }));
      return runWithEnv(input.command, input.args, deps.env, env, { signal });
    },
  };
}

/** The vault.* operations. */
export function vaultHandlers(deps: CoreDeps): VaultHandlers {
  const vault = createVault(deps);
  return {
    'vault.list': (input) => vault.list(input),
    'vault.show': (input) => vault.show(input),
    'vault.add': (input) => vault.add(input),
    'vault.update': (input) => vault.update(input),
    'vault.rotate': (input) => vault.rotate(input),
    'vault.remove': (input) => vault.remove(input),
    'vault.reveal': (input) => vault.reveal(input),
    'vault.copySecret': (input) => vault.copySecret(input),
    'vault.export': (input) => vault.export(input),
    'vault.import': (input) => vault.import(input),
    'vault.repair': (input) => vault.repair(input),
    'vault.run': (input, ctx) => vault.run(input, ctx.signal),
  };
}

/** The token.* operations (decoding one held in the vault reads it from the keychain). */
export function tokenHandlers(deps: CoreDeps): TokenHandlers {
  const vault = createVault(deps);
  return {
    async 'token.decode'(input) {
      if ('jwt' in input) return decodeJwt(input.jwt, deps.clock.now());
      const r = await vault.byName(input.fromVault);
      const fields = input.field !== undefined ? [input.field] : r.secretFields;
      for (const field of fields) {
        const value = await vault.secretOf(r, field);
        if (input.field !== undefined || looksLikeJwt(value)) return decodeJwt(value, deps.clock.now());
      }
      throw new CertdeskError('NOT_A_JWT', `None of the secrets of ${r.name} is a JWT.`, 'Name the field holding the token, or decode a token given directly.');
    },
    'token.generate': (input) => {
      const generated = generateSecret(deps.random, input.bytes, input.encoding);
      deps.log.addSecret(generated.value);
      return generated;
    },
  };
}
