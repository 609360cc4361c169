/**
 * The orders a keystore's entries can be listed in, the same in the app and `keystore list --sort`.
 * Expiry sorts by the soonest certificate of each entry (a chain ends at its weakest link); entries
 * without a certificate (secret keys) come last. Ties keep alias order.
 */
export const ENTRY_SORTS = ['alias', 'kind', 'expiry'] as const;
export type EntrySort = (typeof ENTRY_SORTS)[number];

interface Sortable {
  alias: string;
  kind: 'privateKey' | 'trustedCert' | 'secretKey';
  certificates: readonly { daysLeft: number }[];
}

const KIND_ORDER: Record<Sortable['kind'], number> = { privateKey: 0, trustedCert: 1, secretKey: 2 };

/** Days until the entry's soonest certificate ends; +Infinity without a certificate. */
export function soonestDays(e: Pick<Sortable, 'certificates'>): number {
  return e.certificates.reduce((min, c) => Math.min(min, c.daysLeft), Number.POSITIVE_INFINITY);
}

/** A sorted copy of the entries. */
export function sortEntries<T extends Sortable>(entries: readonly T[], by: EntrySort): T[] {
  const byAlias = (a: T, b: T): number => a.alias.localeCompare(b.alias);
  switch (by) {
    case 'alias':
      return entries.toSorted(byAlias);
    case 'kind':
      return entries.toSorted((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || byAlias(a, b));
    case 'expiry':
      return entries.toSorted((a, b) => {
        const da = soonestDays(a);
        const db = soonestDays(b);
        return da === db ? byAlias(a, b) : da < db ? -1 : 1;
      });
    default: {
      const never: never = by;
      return never;
    }
  }
}
