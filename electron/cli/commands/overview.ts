import type { OverviewList } from '../../../shared/contract/overview.js';
import { dateText, daysLeftText } from '../../../shared/format.js';
import { ITEM_KIND_TEXT, severityText } from '../../../shared/overview-text.js';
import { escapeControl } from '../../../shared/text-safety.js';
import { flag, int, str } from '../args.js';
import { type CommandContext, type Runner, usageError } from '../framework.js';
import { table } from './keystore-common.js';

/** `certdesk overview …`: everything that expires or fails, most urgent first, and its exports. */

function within(ctx: CommandContext): { within?: number } {
  return str(ctx, 'within') === undefined ? {} : { within: int(ctx, 'within', 0, 0, 36500) };
}

function overviewText(v: OverviewList): string {
  if (v.items.length === 0 && v.problems.length === 0) return 'Nothing to show yet: `certdesk watch add PATH|URL` watches a certificate file, a keystore or a TLS endpoint.';
  const rows = v.items.map((i) => [
    severityText(i.severity, v.threshold).toUpperCase(),
    escapeControl(i.name),
    ITEM_KIND_TEXT[i.kind],
    i.expires ? `${dateText(i.expires.at)} (${daysLeftText(i.expires.daysLeft)})` : '—',
    i.lastCheck ? `${i.lastCheck.ok ? 'ok' : 'FAILED'}: ${escapeControl(i.lastCheck.summary)}` : 'not checked yet',
    escapeControl(i.where),
  ]);
  const lines = [table(['SEVERITY', 'ITEM', 'KIND', 'EXPIRES', 'LAST RESULT', 'WHERE'], rows)];
  for (const p of v.problems) lines.push(`not read: ${p.source}: ${escapeControl(p.message)}`);
  lines.push('', `${v.items.length} item${v.items.length === 1 ? '' : 's'}; ${v.attention} need${v.attention === 1 ? 's' : ''} attention (expired, expiring within ${v.within} days, or failing).`);
  return lines.join('\n');
}

export const overviewList: Runner<'overview.list'> = async (ctx) => {
  const v = await ctx.call('overview.list', { ...within(ctx), recheck: 'all' }, { progress: true });
  return { value: v, text: overviewText(v), exit: v.attention > 0 ? 1 : 0 };
};

export const overviewExport: Runner<'overview.exportReport'> = async (ctx) => {
  const ics = str(ctx, 'ics');
  const markdown = str(ctx, 'markdown');
  const html = str(ctx, 'html');
  const chosen = [ics, markdown, html].filter((x) => x !== undefined);
  if (chosen.length !== 1) throw usageError('Give one of --ics FILE, --markdown FILE or --html FILE.');
  const common = { ...within(ctx), overwrite: flag(ctx, 'force') };
  if (ics !== undefined) {
    const r = await ctx.call('overview.exportIcs', { outPath: ics, ...common });
    return { value: { write: r.write, items: r.events }, text: `${r.events} expir${r.events === 1 ? 'y' : 'ies'} written to ${r.write.path}` };
  }
  const r = await ctx.call('overview.exportReport', { outPath: markdown ?? html ?? '', format: markdown !== undefined ? 'markdown' : 'html', ...common });
  return { value: r, text: `${r.items} item${r.items === 1 ? '' : 's'} written to ${r.write.path}${r.write.backupPath ? ` (backup ${r.write.backupPath})` : ''}` };
};
