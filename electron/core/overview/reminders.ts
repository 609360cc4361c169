/** The words of the OS reminder the app shows at start and daily: what expired or ends within the threshold. */
import type { OverviewItem } from '../../../shared/contract/overview.js';
import { daysLeftText } from '../../../shared/format.js';
import { escapeControl } from '../../../shared/text-safety.js';

/** Items a reminder is about: expired, or ending within the shared threshold. */
export function reminderItems(items: readonly OverviewItem[]): OverviewItem[] {
  return items.filter((i) => i.severity === 'expired' || i.severity === 'within-7-days' || i.severity === 'within-threshold');
}

/** At most this many items are named; the rest are counted. */
const NAMED = 3;

/** The notification's title and body, or null when there is nothing to remind of. */
export function reminderText(items: readonly OverviewItem[]): { title: string; body: string; count: number } | null {
  const due = reminderItems(items);
  if (due.length === 0) return null;
  const expired = due.filter((i) => i.severity === 'expired').length;
  const ending = due.length - expired;
  const parts = [expired ? `${expired} expired` : '', ending ? `${ending} expiring` : ''].filter(Boolean);
  const named = due.slice(0, NAMED).map((i) => `${escapeControl(i.name)}: ${daysLeftText(i.expires?.daysLeft ?? 0)}`);
  const more = due.length > NAMED ? [`and ${due.length - NAMED} more`] : [];
  return { title: `Certdesk: ${parts.join(', ')}`, body: [...named, ...more].join('\n'), count: due.length };
}
