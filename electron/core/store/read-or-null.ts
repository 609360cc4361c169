import { promises as fs } from 'node:fs';

/** A file's bytes, or null when there is no file yet; any other failure is thrown as it came. */
export async function readOrNull(path: string): Promise<Buffer | null> {
  try {
    return await fs.readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}
