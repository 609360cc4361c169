import { z } from 'zod';
import { CHANGE_KINDS } from '../change-kinds.js';
import { WrittenFile } from './files.js';

/**
 * One change Certdesk made, as the activity log keeps it: what, where, when, from which program, never
 * a secret value. Kept apart from the activity operations (activity.ts) because every domain's
 * operations are recorded, so every CLI bundle carries this schema, not the activity contract.
 */

export const ChangeKind = z.enum(CHANGE_KINDS);
export type ChangeKind = z.infer<typeof ChangeKind>;

/** The program the change was made from. */
export const ChangeSource = z.enum(['app', 'cli']);
export type ChangeSource = z.infer<typeof ChangeSource>;

/** Backups a change left that still hold what it took away (a deleted key, keys under an old password). */
export const SecretBackupsNote = z.object({
  paths: z.array(z.string()),
  /** What they hold, in words (`the deleted private key 'server'`); never the secret itself. */
  holds: z.string(),
});
export type SecretBackupsNote = z.infer<typeof SecretBackupsNote>;

export const ActivityEntry = z.object({
  id: z.string().min(1).max(64),
  /** ISO time of the change. */
  at: z.string(),
  /** The contract operation that made it, e.g. `keystore.importPfx`. */
  op: z.string(),
  kind: ChangeKind,
  source: ChangeSource,
  /** One sentence for the person: what changed. */
  summary: z.string(),
  /** Every file written, each with the backup kept of what it replaced. */
  files: z.array(WrittenFile),
  /** Files the change deleted (backups removed). */
  removed: z.array(z.string()),
  secretBackups: SecretBackupsNote.nullable(),
});
export type ActivityEntry = z.infer<typeof ActivityEntry>;
