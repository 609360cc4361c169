/**
 * The vault commands' arguments: `--field name=value` for non-secret fields only, secrets through
 * `--secret-env name=VAR`, `--secret-file name=PATH`, `--secret-stdin name` or a prompt, and the
 * metadata options `vault add` and `vault update` share.
 */
import type { Input } from '../../../shared/contract/index.js';
import { CREDENTIAL_KINDS, type CredentialKind, isCredentialKind, kindField } from '../../../shared/credential-kinds.js';
import { list, str } from '../args.js';
import { type CommandContext, readSecret, usageError } from '../framework.js';

/** `name=value` split at the first `=`; the value is never repeated in a message (it may be a secret). */
function pair(option: string, text: string): [string, string] {
  const at = text.indexOf('=');
  if (at <= 0) throw usageError(`--${option} takes name=value (the field's name, an equals sign, then the value).`);
  return [text.slice(0, at).trim(), text.slice(at + 1)];
}

/** --kind, checked against the kinds. */
export function kindOption(ctx: CommandContext, required: boolean): CredentialKind | undefined {
  const kind = str(ctx, 'kind');
  if (kind === undefined) {
    if (required) throw usageError(`--kind is required: one of ${Object.keys(CREDENTIAL_KINDS).join(', ')}.`);
    return undefined;
  }
  if (!isCredentialKind(kind)) throw usageError(`--kind must be one of ${Object.keys(CREDENTIAL_KINDS).join(', ')}.`);
  return kind;
}

/** The --field values; a secret field given this way is refused with the reason (kind known). */
export function plainFields(ctx: CommandContext, kind: CredentialKind | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list(ctx, 'field')) {
    const [name, value] = pair('field', item);
    if (kind && kindField(kind, name)?.secret)
      throw usageError(
        `--field ${name}=… is refused: ${name} is a secret field of ${kind}, and a value on the command line is visible in the process list and the shell history. ` +
          `Give it with --secret-env ${name}=VAR, --secret-file ${name}=PATH or --secret-stdin ${name}.`,
      );
    out[name] = value;
  }
  return out;
}

/** The secrets given with --secret-env / --secret-file / --secret-stdin, by field name. */
export async function givenSecrets(ctx: CommandContext): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const put = (name: string, value: string | undefined): void => {
    if (name in out) throw usageError(`The secret field ${name} was given twice.`);
    if (value === undefined || value === '') throw usageError(`The secret given for ${name} is empty.`);
    out[name] = value;
  };
  for (const item of list(ctx, 'secret-env')) {
    const [name, variable] = pair('secret-env', item);
    put(name, await readSecret(ctx.io, { 'secret-env': variable }, 'secret'));
  }
  for (const item of list(ctx, 'secret-file')) {
    const [name, path] = pair('secret-file', item);
    put(name, await readSecret(ctx.io, { 'secret-file': path }, 'secret'));
  }
  const stdinField = str(ctx, 'secret-stdin');
  if (stdinField !== undefined) put(stdinField, await readSecret(ctx.io, { 'secret-stdin': true }, 'secret'));
  return out;
}

/** Asks on a terminal for each field in `fields` not given yet; without a terminal, says how to give them. */
export async function promptMissing(ctx: CommandContext, name: string, fields: readonly string[], secrets: Record<string, string>): Promise<void> {
  const missing = fields.filter((f) => !(f in secrets));
  if (missing.length === 0) return;
  const prompt = ctx.io.prompt;
  if (!prompt)
    throw usageError(`Give the secret ${missing.length === 1 ? 'field' : 'fields'} ${missing.join(', ')}: --secret-env FIELD=VAR, --secret-file FIELD=PATH or --secret-stdin FIELD (no terminal to ask on).`);
  for (const field of missing) {
    const value = await prompt(`${field} for ${name}: `);
    if (value === '') throw usageError(`The secret given for ${field} is empty.`);
    secrets[field] = value;
  }
}

/** The metadata options `vault add` and `vault update` share (what is not given is left out). */
export function metadataOptions(ctx: CommandContext): Pick<Input<'vault.update'>, 'description' | 'tags' | 'account' | 'endpoints' | 'allowedHosts' | 'expires'> {
  const out: Pick<Input<'vault.update'>, 'description' | 'tags' | 'account' | 'endpoints' | 'allowedHosts' | 'expires'> = {};
  const description = str(ctx, 'description');
  if (description !== undefined) out.description = description;
  const account = str(ctx, 'account');
  if (account !== undefined) out.account = account;
  if (ctx.values['tag'] !== undefined) out.tags = list(ctx, 'tag');
  if (ctx.values['endpoint'] !== undefined) out.endpoints = list(ctx, 'endpoint');
  if (ctx.values['allowed-host'] !== undefined) out.allowedHosts = list(ctx, 'allowed-host');
  const expires = str(ctx, 'expires');
  if (expires !== undefined) {
    if (!/^(never|jwt|\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?)$/.test(expires)) throw usageError('--expires takes a date (YYYY-MM-DD), never, or jwt.');
    out.expires = expires;
  }
  return out;
}
