/**
 * An append-only log in the data folder, one JSON record a line (JSON Lines): adding a record costs the
 * same however long the log is (one appended line, flushed to disk, under the cross-process lock), where
 * a JSON collection would be read, checked and rewritten whole on every change. Bounded by count and by
 * size: once the file passes its size bound it is rewritten (atomically) with the newest records only,
 * down to three quarters of the bound so the rewrite stays rare. A line that does not read back (a write
 * cut short by a crash, an edit by hand) is skipped and counted, never fatal.
 */
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import type { z } from 'zod';
import { ensureDataDir } from '../data-dir.js';
import { writeFileSafely } from './atomic-file.js';
import { withFileLock } from './file-lock.js';
import { readBoundedOrNull } from './read-file.js';

export interface AppendLog<T> {
  /** Adds one record at the end (under the lock; flushed before it returns). */
  append(record: T): Promise<void>;
  /** The newest records (at most the count bound), oldest first, and how many lines could not be read. */
  read(): Promise<{ records: T[]; damaged: number }>;
}

export interface AppendLogOptions<T> {
  path: string;
  record: z.ZodType<T>;
  maxEntries: number;
  maxBytes: number;
}

/** The records of the log's text, newest `maxEntries`, and the count of lines that are not records. */
function parseLines<T>(text: string, record: z.ZodType<T>, maxEntries: number): { records: T[]; damaged: number } {
  const records: T[] = [];
  let damaged = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      damaged++;
      continue;
    }
    const parsed = record.safeParse(value);
    if (parsed.success) records.push(parsed.data);
    else damaged++;
  }
  return { records: records.slice(-maxEntries), damaged };
}

/** The newest lines whose total stays within `budget` bytes (and `maxEntries` lines), oldest first. */
function newestWithin(lines: readonly string[], budget: number, maxEntries: number): string[] {
  const kept: string[] = [];
  let bytes = 0;
  for (let i = lines.length - 1; i >= 0 && kept.length < maxEntries; i--) {
    const line = lines[i] ?? '';
    bytes += Buffer.byteLength(line, 'utf8') + 1;
    if (bytes > budget) break;
    kept.push(line);
  }
  return kept.reverse();
}

export function createAppendLog<T>(opts: AppendLogOptions<T>): AppendLog<T> {
  const { path, record, maxEntries, maxBytes } = opts;
  const readText = async (): Promise<string> => {
    // Beyond the bound only by what was appended since the last rewrite; the reader's cap is far above.
    const bytes = await readBoundedOrNull(path, { kind: 'metadata', what: 'Certdesk log' });
    return bytes === null ? '' : bytes.toString('utf8');
  };
  return {
    async append(entry) {
      const line = `${JSON.stringify(record.parse(entry))}\n`;
      await ensureDataDir(dirname(path));
      await withFileLock(path, async () => {
        const fh = await fs.open(path, 'a+', 0o600);
        let size: number;
        try {
          // A line cut short by a crash is ended first, so it costs only itself, not this record too.
          const before = (await fh.stat()).size;
          const last = Buffer.alloc(1);
          const torn = before > 0 && (await fh.read(last, 0, 1, before - 1)).bytesRead === 1 && last[0] !== 0x0a;
          await fh.write(torn ? `\n${line}` : line);
          await fh.datasync();
          size = (await fh.stat()).size;
        } finally {
          await fh.close();
        }
        if (size <= maxBytes) return;
        const lines = (await readText()).split('\n').filter((l) => l.trim() !== '');
        const kept = newestWithin(lines, Math.floor(maxBytes * 0.75), maxEntries);
        await writeFileSafely(path, Buffer.from(kept.map((l) => `${l}\n`).join(''), 'utf8'), { role: 'metadata', backup: false });
      });
    },
    async read() {
      return parseLines(await readText(), record, maxEntries);
    },
  };
}
