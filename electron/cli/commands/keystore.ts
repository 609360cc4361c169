import type { ExpiringCertificate } from '../../../shared/contract/expiry.js';
import type { KeystoreListing } from '../../../shared/contract/keystore.js';
import { ENTRY_SORTS, type EntrySort, sortEntries } from '../../../shared/entry-order.js';
import { dateText, daysLeftText } from '../../../shared/format.js';
import { flag, str, target } from '../args.js';
import { type Runner, usageError } from '../framework.js';
import { ENTRY_HEAD, clip, entryRows, storePassword, table } from './keystore-common.js';

type Due = ExpiringCertificate;

/** The core's split of what has expired and what expires within the asked days. */
function dueWithin(listing: KeystoreListing): { expired: Due[]; expiring: Due[] } {
  return { expired: listing.expired ?? [], expiring: listing.expiring ?? [] };
}

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function dueLines(due: { expired: Due[]; expiring: Due[] }, days: number): string[] {
  const line = (x: Due): string => `  ${x.alias}: ${x.subject}, ${dateText(x.notAfter)} (${daysLeftText(x.daysLeft)})`;
  const lines = due.expiring.length
    ? [`${plural(due.expiring.length, 'certificate expires', 'certificates expire')} within ${plural(days, 'day', 'days')}:`, ...due.expiring.map(line)]
    : [`No certificate expires within ${plural(days, 'day', 'days')}.`];
  if (due.expired.length) lines.push(`${plural(due.expired.length, 'certificate has', 'certificates have')} already expired:`, ...due.expired.map(line));
  return lines;
}

/** The entries table, cut to `columns` characters a line by shortening aliases and subjects (none when `columns` is undefined). */
function entriesTable(listing: KeystoreListing, columns: number | undefined): string {
  const rows = entryRows(listing.entries);
  if (columns === undefined) return table(ENTRY_HEAD, rows);
  const width = (i: number): number => Math.max(ENTRY_HEAD[i]?.length ?? 0, ...rows.map((r) => r[i]?.length ?? 0));
  const fixed = [1, 3, 4, 5].reduce((sum, i) => sum + width(i), 0) + 2 * (ENTRY_HEAD.length - 1);
  const room = Math.max(20, columns - fixed);
  const alias = Math.min(width(0), Math.max(8, Math.floor(room * 0.4)));
  const subject = Math.max(8, room - alias);
  return table(ENTRY_HEAD, rows.map((r) => r.map((c, i) => (i === 0 ? clip(c, alias) : i === 2 ? clip(c, subject) : c))));
}

function formatListing(listing: KeystoreListing, due: { expired: Due[]; expiring: Due[] } | null, days: number, columns: number | undefined): string {
  const n = listing.entries.length;
  const lines = [`Keystore ${listing.path} (${listing.type}, ${plural(n, 'entry', 'entries')})`, ''];
  lines.push(n ? entriesTable(listing, columns) : '(no entries)');
  const locked = listing.entries.filter((e) => e.locked).length;
  if (locked) lines.push('', `[locked]: ${locked} key ${locked === 1 ? 'entry has its' : 'entries have their'} own key password (not needed to list or change other entries).`);
  if (due) lines.push('', ...dueLines(due, days));
  return lines.join('\n');
}

/** `certdesk keystore list`: exit 0, or 1 with --expiring-within when a certificate has expired or expires in time. */
export const keystoreList: Runner<'keystore.list'> = async (ctx) => {
  const path = target(ctx);
  const daysText = str(ctx, 'expiring-within');
  if (daysText !== undefined && !/^\d{1,5}$/.test(daysText)) throw usageError('--expiring-within takes a number of days, such as 30.');
  const days = Number(daysText ?? 0);
  const sortText = str(ctx, 'sort') ?? 'alias';
  if (!(ENTRY_SORTS as readonly string[]).includes(sortText)) throw usageError('--sort takes alias, kind or expiry.');
  const listed = await ctx.call('keystore.list', { path, storePassword: await storePassword(ctx), ...(daysText === undefined ? {} : { withinDays: days }) });
  const listing = { ...listed, entries: sortEntries(listed.entries, sortText as EntrySort) };
  const due = daysText === undefined ? null : dueWithin(listing);
  // The table fits the terminal (100 columns when output is not a terminal); --wide keeps every cell whole.
  const columns = flag(ctx, 'wide') ? undefined : (ctx.io.columns ?? 100);
  return { value: listing, text: formatListing(listing, due, days, columns), exit: due && due.expired.length + due.expiring.length > 0 ? 1 : 0 };
};
