import type { ListedActivity } from '../../../shared/contract/activity.js';
import { CHANGE_KIND_TEXT, CHANGE_KINDS } from '../../../shared/change-kinds.js';
import { dateTimeText } from '../../../shared/format.js';
import { escapeControl as esc } from '../../../shared/text-safety.js';
import { int, str, target } from '../args.js';
import { type Runner, usageError } from '../framework.js';

/** `certdesk activity …`: the changes Certdesk made, restore from a recorded backup, backups that hold secrets. */

function kindOption(v: string | undefined): (typeof CHANGE_KINDS)[number] | undefined {
  if (v === undefined) return undefined;
  const kind = CHANGE_KINDS.find((k) => k === v.toLowerCase());
  if (!kind) throw usageError(`--kind must be one of: ${CHANGE_KINDS.join(', ')}.`);
  return kind;
}

function sourceOption(v: string | undefined): 'app' | 'cli' | undefined {
  if (v === undefined) return undefined;
  if (v === 'app' || v === 'cli') return v;
  throw usageError('--source must be app or cli.');
}

/** One change as a block: a heading line, then where it wrote (with the backup), then what still holds secrets. */
function entryBlock(e: ListedActivity): string {
  const lines = [`${dateTimeText(e.at)}  ${e.id}  ${CHANGE_KIND_TEXT[e.kind]}  (${e.source === 'cli' ? 'command line' : 'app'}, ${e.op})`, `  ${esc(e.summary)}`];
  for (const f of e.files) {
    const backup = f.backupPath ? `; backup ${esc(f.backupPath)}${f.backupExists ? (f.restorable ? ' (restorable)' : '') : ' (gone)'}` : '';
    lines.push(`  ${f.created ? 'created ' : 'replaced'} ${esc(f.path)}${backup}`);
  }
  for (const p of e.removed) lines.push(`  removed  ${esc(p)}`);
  if (e.secretBackups && e.secretBackupsLeft.length)
    lines.push(`  ! ${e.secretBackupsLeft.length === 1 ? 'a backup still holds' : `${e.secretBackupsLeft.length} backups still hold`} ${esc(e.secretBackups.holds)}: ${e.secretBackupsLeft.map(esc).join(', ')}`);
  return lines.join('\n');
}

export const activityList: Runner<'activity.list'> = async (ctx) => {
  const file = str(ctx, 'file');
  const kind = kindOption(str(ctx, 'kind'));
  const source = sourceOption(str(ctx, 'source'));
  const v = await ctx.call('activity.list', { ...(file ? { file } : {}), ...(kind ? { kind } : {}), ...(source ? { source } : {}), limit: int(ctx, 'limit', 50, 1, 5000) });
  if (v.entries.length === 0) return { value: v, text: file || kind || source ? 'No recorded change matches.' : 'No change recorded yet.' };
  const more = v.total > v.entries.length ? `\n\n${v.total - v.entries.length} older change(s) not shown (--limit).` : '';
  const secrets = v.entries.some((e) => e.secretBackupsLeft.length) ? '\n\nBackups marked ! still hold secrets: certdesk activity remove-backups ID' : '';
  return { value: v, text: `${v.entries.map(entryBlock).join('\n\n')}${more}${secrets}` };
};

export const activityRestore: Runner<'activity.restore'> = async (ctx) => {
  const path = str(ctx, 'file');
  const v = await ctx.call('activity.restore', { id: target(ctx), ...(path ? { path } : {}) });
  return { value: v, text: esc(v.summary) };
};

export const activityRemoveBackups: Runner<'activity.removeBackups'> = async (ctx) => {
  const v = await ctx.call('activity.removeBackups', { id: target(ctx) });
  const text = v.removed.length ? [`Removed ${v.removed.length === 1 ? 'a backup' : `${v.removed.length} backups`} of ${esc(v.path)}:`, ...v.removed.map((p) => `  ${esc(p)}`)].join('\n') : 'Those backups were already gone.';
  return { value: v, text };
};
