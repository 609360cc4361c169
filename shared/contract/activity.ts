import { z } from 'zod';
import { ActivityEntry, ChangeKind, ChangeSource } from './activity-record.js';
import { op } from './define.js';
import { WrittenFile } from './files.js';

/**
 * The activity log: every change Certdesk made (recorded by the core after each operation, see
 * activity-record.ts), restore from a recorded backup, and the backups that still hold secrets.
 */

/** Error codes the activity domain adds. */
export const ACTIVITY_ERROR_CODES = ['ACTIVITY_NOT_FOUND', 'BACKUP_MISSING', 'NOT_RESTORABLE'] as const;

const FilePath = z.string().min(1, 'A path is required').max(4096);
const EntryId = z.string().trim().min(1, 'An activity id is required').max(64);

/** A recorded file as listed: whether its backup is still there, and whether it can be put back from here. */
export const ListedFile = WrittenFile.extend({
  backupExists: z.boolean(),
  /** A keystore or configuration whose backup is still there. */
  restorable: z.boolean(),
});
export type ListedFile = z.infer<typeof ListedFile>;

export const ListedActivity = ActivityEntry.extend({
  files: z.array(ListedFile),
  /** The backups in `secretBackups` still on disk (they hold a deleted key, or open with an old password). */
  secretBackupsLeft: z.array(z.string()),
});
export type ListedActivity = z.infer<typeof ListedActivity>;

export const activityOps = {
  'activity.list': op({
    input: z
      .object({
        /** Only changes to this file (or to its backups). */
        file: FilePath.optional(),
        kind: ChangeKind.optional(),
        source: ChangeSource.optional(),
        limit: z.number().int().min(1).max(5000).default(200),
      })
      .strict(),
    output: z.object({
      /** Newest first. */
      entries: z.array(ListedActivity),
      /** Entries matching the filters, before the limit. */
      total: z.number().int(),
    }),
    summary: 'The changes Certdesk made, newest first: what, where (with the backup kept), when, from the app or the command line.',
    records: false,
  }),
  'activity.restore': op({
    input: z.object({ id: EntryId, /** Which file of the change, when it wrote several. */ path: FilePath.optional() }).strict(),
    output: z.object({
      path: z.string(),
      /** The backup put back. */
      from: z.string(),
      /** The restore's own write: the state it replaced is backed up too. */
      write: WrittenFile,
      summary: z.string(),
    }),
    summary: 'Put a keystore or configuration file back as a recorded backup holds it (the current file is backed up first).',
    records: 'restore',
  }),
  'activity.removeBackups': op({
    input: z.object({ id: EntryId }).strict(),
    output: z.object({ path: z.string(), removed: z.array(z.string()) }),
    summary: 'Delete the backups a recorded change left that still hold secrets (a deleted key, keys under an old password).',
    records: { kind: 'backup', removed: (_input, out) => out.removed, summary: (_input, out) => `Removed ${out.removed.length === 1 ? 'a backup' : `${out.removed.length} backups`} of ${out.path} that still held secrets.` },
  }),
};
