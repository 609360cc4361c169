import { ActivityEntry } from '../../../shared/contract/activity-record.js';
import type { Collection, MetadataStore } from '../store/metadata-store.js';

/**
 * The activity log: `activity.json` in the data folder, oldest first, bounded by count and by size
 * (the oldest entries go first). Appends go through the metadata store's lock, so Certdesk processes
 * recording at once each keep their entry. It keeps no backup of itself: it is written on every change,
 * and a backup per change would fill the data folder with copies of the log.
 */

/** The newest entries kept. */
export const ACTIVITY_MAX_ENTRIES = 5000;
/** The file's largest size (well under the metadata reader's cap). */
export const ACTIVITY_MAX_BYTES = 4 * 1024 * 1024;

/** The activity collection of a data folder. */
export function activityLog(metadata: MetadataStore): Collection<ActivityEntry> {
  return metadata.collection({ file: 'activity.json', version: 1, record: ActivityEntry, backup: false });
}

/** The newest entries that fit both bounds, oldest first. */
export function keepNewest(records: readonly ActivityEntry[], maxEntries = ACTIVITY_MAX_ENTRIES, maxBytes = ACTIVITY_MAX_BYTES): ActivityEntry[] {
  const kept: ActivityEntry[] = [];
  // The file is pretty-printed: count generously (indentation roughly doubles a compact record).
  let bytes = 64;
  for (let i = records.length - 1; i >= 0 && kept.length < maxEntries; i--) {
    const r = records[i] as ActivityEntry;
    bytes += 2 * JSON.stringify(r).length;
    if (bytes > maxBytes) break;
    kept.push(r);
  }
  return kept.reverse();
}

/** Adds one entry under the log's lock, dropping the oldest beyond the bounds. */
export async function appendActivity(metadata: MetadataStore, entry: ActivityEntry): Promise<void> {
  await activityLog(metadata).update((records) => ({ records: keepNewest([...records, entry]), value: undefined }));
}
