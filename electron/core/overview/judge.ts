/**
 * How the overview judges and orders its items: one severity per item from its days left and its last
 * check, most urgent first. Pure: the sources gather, this decides.
 */
import type { OverviewItem, OverviewSeverity } from '../../../shared/contract/overview.js';
import { SEVERITY_RANK } from '../../../shared/overview-text.js';

/** The days under which an expiry is "within 7 days" whatever the shared threshold. */
export const CRITICAL_DAYS = 7;

/** An item as a source gathers it, before it is judged. */
export type GatheredItem = Omit<OverviewItem, 'severity' | 'attention'>;

/** Expiry first (an expired certificate is expired even when its endpoint also fails), then the last check. */
export function severityOf(item: Pick<GatheredItem, 'expires' | 'lastCheck'>, threshold: number): OverviewSeverity {
  const days = item.expires?.daysLeft;
  if (days !== undefined && days < 0) return 'expired';
  if (days !== undefined && days <= CRITICAL_DAYS) return 'within-7-days';
  if (days !== undefined && days <= threshold) return 'within-threshold';
  if (item.lastCheck && !item.lastCheck.ok) return 'failing';
  return 'ok';
}

/** Judges each item, then sorts: severity, then fewest days left (no expiry last), then name. */
export function judge(items: readonly GatheredItem[], threshold: number, within: number): OverviewItem[] {
  return items
    .map((i) => {
      const severity = severityOf(i, threshold);
      const days = i.expires?.daysLeft;
      const attention = severity === 'expired' || severity === 'failing' || (days !== undefined && days <= within);
      return { ...i, severity, attention };
    })
    .sort(byUrgency);
}

/** Most urgent first. */
export function byUrgency(a: OverviewItem, b: OverviewItem): number {
  return (
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    (a.expires?.daysLeft ?? Number.MAX_SAFE_INTEGER) - (b.expires?.daysLeft ?? Number.MAX_SAFE_INTEGER) ||
    a.name.localeCompare(b.name) ||
    a.key.localeCompare(b.key)
  );
}

/** How many items have each severity. */
export function countBySeverity(items: readonly OverviewItem[]): Record<OverviewSeverity, number> {
  const counts: Record<OverviewSeverity, number> = { expired: 0, 'within-7-days': 0, 'within-threshold': 0, failing: 0, ok: 0 };
  for (const i of items) counts[i.severity] += 1;
  return counts;
}
