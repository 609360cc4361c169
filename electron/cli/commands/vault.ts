/** `certdesk vault …`: credentials whose secrets live in the OS keychain. */
import type { Credential, VaultDrift } from '../../../shared/contract/vault.js';
import { CREDENTIAL_KINDS } from '../../../shared/credential-kinds.js';
import { bySeverity } from '../../../shared/findings.js';
import { dateText, daysLeftText } from '../../../shared/format.js';
import { escapeControl as esc } from '../../../shared/text-safety.js';
import { flag, int, list, need, str, target } from '../args.js';
import { type Runner, usageError } from '../framework.js';
import { table } from './keystore-common.js';
import { writtenLines } from './pki-format.js';
import { givenSecrets, kindOption, metadataOptions, plainFields, promptMissing } from './vault-args.js';

const NOT_FOUND_HINT = { CREDENTIAL_NOT_FOUND: 'List them with `certdesk vault list`.' } as const;

function expiryText(c: Credential): string {
  if (c.expires === null) return 'never';
  return `${dateText(c.expires)} (${daysLeftText(c.daysLeft ?? 0)})`;
}

function driftLines(drift: VaultDrift): string[] {
  const lines: string[] = [];
  for (const m of drift.missingSecrets)
    lines.push(`missing secret: ${esc(m.name)} (${m.fields.join(', ')}): give it with \`certdesk vault rotate "${esc(m.name)}" --secret-env FIELD=VAR\`, or \`certdesk vault repair --remove-credential "${esc(m.name)}"\``);
  for (const a of drift.orphanAccounts) lines.push(`secret without a credential: keychain account ${esc(a)}: \`certdesk vault repair --remove-orphan ${esc(a)}\``);
  return lines;
}

function credentialLines(c: Credential): string[] {
  const rows: [string, string][] = [
    ['name', esc(c.name)],
    ['kind', `${c.kind} (${CREDENTIAL_KINDS[c.kind].label})`],
    ['description', esc(c.description)],
    ['account', esc(c.account)],
    ['endpoints', esc(c.endpoints.join(', '))],
    ['allowed hosts', esc(c.allowedHosts.join(', ')) || '(any: not limited yet)'],
    ['tags', esc(c.tags.join(', '))],
    ...Object.entries(c.fields).map(([k, v]): [string, string] => [`field ${k}`, esc(v)]),
    ['secret fields', c.secretFields.length ? `${c.secretFields.join(', ')} (in the keychain; --reveal FIELD prints one)` : '(none)'],
    ['expires', expiryText(c)],
    ['created', dateText(c.created)],
    ['rotated', c.rotations.length ? `${c.rotations.length} time${c.rotations.length === 1 ? '' : 's'}, last ${dateText(c.rotations.at(-1) ?? '')}` : 'never'],
    ['last used', c.lastUsed ? dateText(c.lastUsed) : 'never'],
    ['last test', c.lastTest ? `${c.lastTest.verdict} on ${dateText(c.lastTest.at)}: ${esc(c.lastTest.summary)}` : 'never'],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    ...rows.filter(([, v]) => v !== '').map(([k, v]) => `${k.padEnd(width)}  ${v}`),
    ...[...c.findings].sort(bySeverity).map((f) => `${f.severity.padEnd(width)}  ${esc(f.message)}${f.fix ? ` ${esc(f.fix)}` : ''}`),
  ];
}

export const vaultAdd: Runner<'vault.add'> = async (ctx) => {
  const name = target(ctx);
  const kind = kindOption(ctx, true) as NonNullable<ReturnType<typeof kindOption>>;
  const fields = plainFields(ctx, kind);
  const secrets = await givenSecrets(ctx);
  await promptMissing(ctx, name, CREDENTIAL_KINDS[kind].fields.filter((f) => f.secret && f.required).map((f) => f.name), secrets);
  const { credential } = await ctx.call('vault.add', { name, kind, fields, secrets, ...metadataOptions(ctx) }, { hints: { CREDENTIAL_EXISTS: 'Choose another name, or `certdesk vault rotate` that one.' } });
  return { value: { credential }, text: [`Added ${esc(credential.name)} (${credential.kind}); secret fields in the keychain: ${credential.secretFields.join(', ')}.`, ...credentialLines(credential).slice(1)].join('\n') };
};

export const vaultList: Runner<'vault.list'> = async (ctx) => {
  const days = str(ctx, 'expiring-within') === undefined ? undefined : int(ctx, 'expiring-within', 0, 0, 36500);
  const kind = kindOption(ctx, false);
  const query = str(ctx, 'search');
  const v = await ctx.call('vault.list', { ...(days === undefined ? {} : { expiringWithin: days }), ...(kind ? { kind } : {}), ...(query ? { query } : {}) });
  const rows = v.credentials.map((c) => {
    const worst = [...c.findings].sort(bySeverity)[0];
    return [esc(c.name), c.kind, c.expires === null ? 'never' : dateText(c.expires), c.daysLeft === null ? '—' : daysLeftText(c.daysLeft), worst ? esc(worst.message) : ''];
  });
  const none = days === undefined ? 'No credentials yet (add one with `certdesk vault add NAME --kind KIND`).' : `No credential expires within ${days} day${days === 1 ? '' : 's'}.`;
  const drift = driftLines(v.drift);
  const text = [rows.length ? table(['NAME', 'KIND', 'EXPIRES', 'LEFT', 'NOTE'], rows) : none, ...(drift.length ? ['', ...drift] : [])].join('\n');
  return { value: v, text, exit: days !== undefined && v.credentials.length > 0 ? 1 : 0 };
};

export const vaultShow: Runner<'vault.show'> = async (ctx) => {
  const name = target(ctx);
  const field = str(ctx, 'reveal');
  if (field !== undefined) {
    if (ctx.json) throw usageError('--reveal prints the secret alone; it does not combine with --json.');
    const shown = await ctx.call('vault.show', { name }, { hints: NOT_FOUND_HINT });
    const { value } = await ctx.call('vault.reveal', { name, field });
    return { value: shown, text: value };
  }
  const shown = await ctx.call('vault.show', { name }, { hints: NOT_FOUND_HINT });
  return { value: shown, text: credentialLines(shown.credential).join('\n') };
};

export const vaultUpdate: Runner<'vault.update'> = async (ctx) => {
  const name = target(ctx);
  const { credential: before } = await ctx.call('vault.show', { name }, { hints: NOT_FOUND_HINT });
  const fields = plainFields(ctx, before.kind);
  const rename = str(ctx, 'rename');
  const v = await ctx.call('vault.update', { name, ...(rename ? { rename } : {}), ...(Object.keys(fields).length ? { fields } : {}), ...metadataOptions(ctx) });
  return { value: v, text: [`Updated ${esc(v.credential.name)}.`, ...credentialLines(v.credential).slice(1)].join('\n') };
};

export const vaultRotate: Runner<'vault.rotate'> = async (ctx) => {
  const name = target(ctx);
  const secrets = await givenSecrets(ctx);
  if (Object.keys(secrets).length === 0) {
    const { credential } = await ctx.call('vault.show', { name }, { hints: NOT_FOUND_HINT });
    await promptMissing(ctx, credential.name, credential.secretFields, secrets);
  }
  const expires = metadataOptions(ctx).expires;
  const v = await ctx.call('vault.rotate', { name, secrets, ...(expires ? { expires } : {}) }, { hints: NOT_FOUND_HINT });
  return { value: v, text: `Rotated ${Object.keys(secrets).join(', ')} of ${esc(v.credential.name)}; expires ${expiryText(v.credential)}.` };
};

export const vaultRemove: Runner<'vault.remove'> = async (ctx) => {
  const v = await ctx.call('vault.remove', { name: target(ctx) }, { hints: NOT_FOUND_HINT });
  return { value: v, text: `Removed ${esc(v.removed.name)}: its keychain entries and its metadata.` };
};

export const vaultExport: Runner<'vault.export'> = async (ctx) => {
  const v = await ctx.call('vault.export', { outPath: need(ctx, 'out'), overwrite: flag(ctx, 'force') }, { hints: { FILE_EXISTS: 'Choose another --out, or add --force (a backup of the old file is kept).' } });
  return { value: v, text: [...writtenLines([v.write]), `${v.count} credential${v.count === 1 ? '' : 's'}, metadata only: no secret is in the file.`].join('\n') };
};

export const vaultImport: Runner<'vault.import'> = async (ctx) => {
  const v = await ctx.call('vault.import', { path: target(ctx) });
  const lines = [`Imported ${v.added.length} credential${v.added.length === 1 ? '' : 's'}.`];
  for (const s of v.skipped) lines.push(`skipped ${esc(s.name)}: ${esc(s.reason)}`);
  if (v.needSecrets.length) lines.push('', 'Give their secrets now:', ...v.needSecrets.map((n) => `  certdesk vault rotate "${esc(n.name)}" ${n.fields.map((f) => `--secret-env ${f}=VAR`).join(' ')}`));
  return { value: v, text: lines.join('\n'), exit: v.skipped.length ? 1 : 0 };
};

export const vaultRepair: Runner<'vault.repair'> = async (ctx) => {
  const orphan = str(ctx, 'remove-orphan');
  const credential = str(ctx, 'remove-credential');
  if ((orphan === undefined) === (credential === undefined)) throw usageError('Give one of --remove-orphan ACCOUNT or --remove-credential NAME (`certdesk vault list` shows the drift).');
  const v = await ctx.call('vault.repair', orphan !== undefined ? { action: 'remove-orphan', account: orphan } : { action: 'remove-credential', name: credential ?? '' });
  const left = driftLines(v.drift);
  return { value: v, text: left.length ? ['Repaired. Still out of step:', ...left].join('\n') : 'Repaired: metadata and keychain agree.' };
};

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };

export const vaultRun: Runner<'vault.run'> = async (ctx) => {
  const dashes = ctx.argv.indexOf('--');
  if (dashes < 0) throw usageError('Put -- before the command: certdesk vault run NAME... -- COMMAND [ARGS...]');
  const after = ctx.argv.length - dashes - 1;
  const names = ctx.positionals.slice(0, ctx.positionals.length - after);
  const [command, ...args] = ctx.positionals.slice(names.length);
  if (names.length === 0) throw usageError('Name at least one credential before --.');
  if (command === undefined) throw usageError('Give the command after --.');
  const env: Record<string, string> = {};
  for (const item of list(ctx, 'env')) {
    const at = item.indexOf('=');
    if (at <= 0) throw usageError('--env takes VAR=NAME.FIELD.');
    env[item.slice(0, at)] = item.slice(at + 1);
  }
  const v = await ctx.call('vault.run', { names, env, command, args }, { hints: NOT_FOUND_HINT });
  return { value: v, text: '', exit: v.exitCode ?? 128 + (SIGNALS[v.signal ?? ''] ?? 1) };
};
