import { promises as fs } from 'node:fs';
import type { ActivityEntry } from '../../../shared/contract/activity-record.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { activityLog } from './log.js';

/** The recorded change with this id, or ACTIVITY_NOT_FOUND. */
export async function findActivity(deps: CoreDeps, id: string): Promise<ActivityEntry> {
  const { records } = await activityLog(deps.metadata).read();
  const entry = records.find((r) => r.id === id.trim());
  if (!entry)
    throw new CertdeskError('ACTIVITY_NOT_FOUND', `No recorded change has the id ${id}.`, 'List the changes with `certdesk activity` (or the Activity section) and copy an id from there.');
  return entry;
}

/** True when a regular file is at `path` (never follows the question further). */
export async function isFile(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isFile();
  } catch {
    return false;
  }
}
