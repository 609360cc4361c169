import type { ExpiringCertificate } from '../../../shared/contract/expiry.js';
import type { KeystoreListing } from '../../../shared/contract/keystore.js';
import type { Services } from '../../core/services.js';
import { type Command, output, usageError } from '../framework.js';
import { keystoreChangeCommands } from './keystore-change.js';
import { keystoreFileCommands } from './keystore-files.js';
import { call, entriesTable, opt, storePassword, target } from './keystore-common.js';


function formatListing(listing: KeystoreListing, expiring: ExpiringCertificate[] | null, days: number): string {
  const n = listing.entries.length;
  const lines = [`Keystore ${listing.path} (${listing.type}, ${n} ${n === 1 ? 'entry' : 'entries'})`, ''];
  lines.push(n ? entriesTable(listing.entries) : '(no entries)');
  const locked = listing.entries.filter((e) => e.locked).length;
  if (locked) lines.push('', `[locked]: ${locked} key ${locked === 1 ? 'entry has its' : 'entries have their'} own key password (not needed to list or change other entries).`);
  if (expiring) {
    lines.push('');
    if (expiring.length === 0) lines.push(`No certificate expires within ${days} days.`);
    else {
      lines.push(`${expiring.length} certificate${expiring.length === 1 ? '' : 's'} expire${expiring.length === 1 ? 's' : ''} within ${days} days:`);
      for (const x of expiring)
        lines.push(`  ${x.alias}: ${x.subject}, ${x.notAfter.slice(0, 10)} (${x.daysLeft < 0 ? `expired ${-x.daysLeft} days ago` : `${x.daysLeft} days left`})`);
    }
  }
  return lines.join('\n');
}

/** `certdesk keystore list`: exit 0, or 1 with --expiring-within when a certificate expires in time. */
function listCommand(services: () => Services): Command {
  return {
    path: ['keystore', 'list'],
    summary: 'List the entries of a keystore (JKS, PKCS#12, JCEKS) with certificate facts.',
    usage: 'certdesk keystore list KEYSTORE --storepass-env VAR [--json] [--expiring-within DAYS]',
    options: { 'expiring-within': { type: 'string' } },
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const path = target(ctx);
      const daysText = opt(ctx, 'expiring-within');
      if (daysText !== undefined && !/^\d{1,5}$/.test(daysText)) throw usageError('--expiring-within takes a number of days, such as 30.');
      const days = Number(daysText ?? 0);
      const listing = await call(services, 'keystore.list', { path, storePassword: await storePassword(ctx), ...(daysText === undefined ? {} : { withinDays: days }) });
      const expiring = listing.expiring ?? null;
      output(ctx, listing, (l) => formatListing(l, expiring, days));
      return expiring && expiring.length > 0 ? 1 : 0;
    },
  };
}

/** All `certdesk keystore …` commands. */
export function keystoreCommands(services: () => Services): Command[] {
  return [listCommand(services), ...keystoreChangeCommands(services), ...keystoreFileCommands(services)];
}
