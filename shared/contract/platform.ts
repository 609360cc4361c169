import { z } from 'zod';
import { op } from './define.js';

/** The shell's operations add no error codes of their own (only the common ones). */
export const PLATFORM_ERROR_CODES = [] as const;

const FileFilter = z.object({ name: z.string(), extensions: z.array(z.string()) });

export const PickedPath = z.object({ path: z.string().nullable() });

/**
 * Operations the shell provides (native dialogs, the OS browser). They are not core services:
 * Electron's main process implements them; the test harness implements them with page prompts.
 */
export const platformOps = {
  'dialog.openFile': op({
    input: z.object({ title: z.string().max(200), filters: z.array(FileFilter).optional() }).strict(),
    output: PickedPath,
    summary: 'Ask the user for a file to open.',
  }),
  'dialog.saveFile': op({
    input: z
      .object({ title: z.string().max(200), defaultName: z.string().max(255).optional(), filters: z.array(FileFilter).optional() })
      .strict(),
    output: PickedPath,
    summary: 'Ask the user where to save a file.',
  }),
  'dialog.openFolder': op({
    input: z.object({ title: z.string().max(200) }).strict(),
    output: PickedPath,
    summary: 'Ask the user for a folder.',
  }),
  'shell.openExternal': op({
    input: z.object({ url: z.string().url().refine((u) => /^https?:\/\//i.test(u), 'Only http and https links open.') }).strict(),
    output: z.object({}),
    summary: 'Open an http(s) link in the OS browser.',
  }),
};
