import { join } from 'node:path';
import { ActivityEntry } from '../../../shared/contract/activity-record.js';
import { type AppendLog, createAppendLog } from '../store/append-log.js';
import type { MetadataStore } from '../store/metadata-store.js';

/**
 * The activity log: `activity.jsonl` in the data folder, one change a line, oldest first, bounded by
 * count and by size (the oldest entries go first). Appends take the store's cross-process lock, so
 * Certdesk processes recording at once each keep their entry, and cost the same however long the log
 * is. It keeps no backup of itself.
 */

/** The newest entries kept. */
export const ACTIVITY_MAX_ENTRIES = 5000;
/** The file's largest size (well under the metadata reader's cap). */
export const ACTIVITY_MAX_BYTES = 4 * 1024 * 1024;
/** The log's file name in the data folder. */
export const ACTIVITY_FILE = 'activity.jsonl';

/** The activity log of a data folder. */
export function activityLog(metadata: MetadataStore): AppendLog<ActivityEntry> {
  return createAppendLog({ path: join(metadata.dataDir, ACTIVITY_FILE), record: ActivityEntry, maxEntries: ACTIVITY_MAX_ENTRIES, maxBytes: ACTIVITY_MAX_BYTES });
}

/** Adds one entry, dropping the oldest beyond the bounds. */
export async function appendActivity(metadata: MetadataStore, entry: ActivityEntry): Promise<void> {
  await activityLog(metadata).append(entry);
}
