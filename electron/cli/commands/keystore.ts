import type { KeystoreListing } from '../../../shared/contract/keystore.js';
import { dateText, daysLeftText } from '../../../shared/format.js';
import { str, target } from '../args.js';
import { type Runner, usageError } from '../framework.js';
import { ENTRY_HEAD, clip, entryRows, storePassword, table } from './keystore-common.js';

interface Expiring {
  alias: string;
  subject: string;
  notAfter: string;
  daysLeft: number;
}

/** Every certificate (chains included) that expires within `days` days, or has expired. */
function expiringWithin(listing: KeystoreListing, days: number): Expiring[] {
  return listing.entries.flatMap((e) =>
    e.certificates.filter((c) => c.daysLeft <= days).map((c) => ({ alias: e.alias, subject: c.subject, notAfter: c.notAfter, daysLeft: c.daysLeft })),
  );
}

function formatListing(listing: KeystoreListing, expiring: Expiring[] | null, days: number): string {
  const n = listing.entries.length;
  const lines = [`Keystore ${listing.path} (${listing.type}, ${n} ${n === 1 ? 'entry' : 'entries'})`, ''];
  lines.push(n ? table(ENTRY_HEAD, entryRows(listing.entries).map((r) => r.map((c, i) => (i === 2 ? clip(c, 48) : c)))) : '(no entries)');
  const locked = listing.entries.filter((e) => e.locked).length;
  if (locked) lines.push('', `[locked]: ${locked} key ${locked === 1 ? 'entry has its' : 'entries have their'} own key password (not needed to list or change other entries).`);
  if (expiring) {
    lines.push('');
    if (expiring.length === 0) lines.push(`No certificate expires within ${days} days.`);
    else {
      lines.push(`${expiring.length} certificate${expiring.length === 1 ? '' : 's'} expire${expiring.length === 1 ? 's' : ''} within ${days} days:`);
      for (const x of expiring) lines.push(`  ${x.alias}: ${x.subject}, ${dateText(x.notAfter)} (${daysLeftText(x.daysLeft)})`);
    }
  }
  return lines.join('\n');
}

/** `certdesk keystore list`: exit 0, or 1 with --expiring-within when a certificate expires in time. */
export const keystoreList: Runner<'keystore.list'> = async (ctx) => {
  const path = target(ctx);
  const daysText = str(ctx, 'expiring-within');
  if (daysText !== undefined && !/^\d{1,5}$/.test(daysText)) throw usageError('--expiring-within takes a number of days, such as 30.');
  const days = Number(daysText ?? 0);
  const listing = await ctx.call('keystore.list', { path, storePassword: await storePassword(ctx) });
  const expiring = daysText === undefined ? null : expiringWithin(listing, days);
  return { value: listing, text: formatListing(listing, expiring, days), exit: expiring && expiring.length > 0 ? 1 : 0 };
};
