import { z } from 'zod';

/** What a written file holds; decides its mode (private material is owner-only) and how it is shown. */
export const FileRole = z.enum(['certificate', 'privateKey', 'chain', 'csr', 'pfx', 'keystore', 'config', 'metadata']);
export type FileRole = z.infer<typeof FileRole>;

/** The one result of every file Certdesk writes (atomic writer), shown by one UI component. */
export const WrittenFile = z.object({
  /** The file written (a symbolic link is followed, so this is the real file). */
  path: z.string(),
  role: FileRole.optional(),
  /** The file did not exist before. */
  created: z.boolean(),
  /** The copy of the previous content: `<name>.orig` the first time, timestamped after; null when none. */
  backupPath: z.string().nullable(),
  backupKind: z.enum(['orig', 'timestamped']).nullable(),
});
export type WrittenFile = z.infer<typeof WrittenFile>;
