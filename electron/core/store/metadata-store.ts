import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { WrittenFile } from '../../../shared/contract/files.js';
import { ensureDataDir } from '../data-dir.js';
import { CertdeskError } from '../errors.js';
import { writeFileSafely } from './atomic-file.js';
import { backupTimestamp } from './backup.js';
import { withFileLock } from './file-lock.js';
import { readBoundedOrNull } from './read-file.js';

/**
 * Certdesk's own data: versioned JSON collections in the data folder, one file each,
 * `{ "version": N, "records": [...] }`, every record checked by the collection's zod schema.
 * Writes go through the atomic writer (backup, verify) under the file's cross-process lock, so two
 * Certdesk processes adding at once both keep their record. A damaged file is never deleted: it is
 * moved aside as `<name>.damaged-<timestamp>` and reported (CONFIG_INVALID naming the kept copy, and
 * `onDamaged`); the next use starts with an empty collection.
 */

export interface CollectionSpec<R> {
  /** File name in the data folder, e.g. `agents.json`. */
  file: string;
  version: number;
  record: z.ZodType<R>;
  /** Reads an older layout of the file (records as they were stored before); null when it is not one. */
  legacy?: (json: unknown) => R[] | null;
  /** Keeps the file in a stable order (diffs and backups stay readable). */
  sort?: (a: R, b: R) => number;
  /** Keep a backup of the file before each write (default true); the activity log, written on every change, keeps none. */
  backup?: boolean;
}

export interface Collection<R> {
  readonly path: string;
  read(): Promise<{ records: R[] }>;
  /** Read-modify-write under the lock: `fn` gets the records and returns the next ones and a value. */
  update<T>(fn: (records: R[]) => { records: R[]; value: T } | Promise<{ records: R[]; value: T }>): Promise<{ value: T; write: WrittenFile }>;
}

export interface MetadataStore {
  readonly dataDir: string;
  collection<R>(spec: CollectionSpec<R>): Collection<R>;
}

/** The metadata store over a data folder; `onDamaged` hears of every file moved aside. */
export function createMetadataStore(dataDir: string, opts: { now?: () => Date; onDamaged?: (file: string, movedTo: string) => void } = {}): MetadataStore {
  const now = opts.now ?? (() => new Date());
  return {
    dataDir,
    collection<R>(spec: CollectionSpec<R>): Collection<R> {
      const path = join(dataDir, spec.file);
      const parse = (bytes: Buffer): R[] | null => parseCollection(bytes, spec);
      const moveAside = async (): Promise<never> => {
        const movedTo = `${path}.damaged-${backupTimestamp(now())}-${process.pid}`;
        await fs.rename(path, movedTo);
        opts.onDamaged?.(path, movedTo);
        throw new CertdeskError(
          'CONFIG_INVALID',
          `The data file ${spec.file} could not be read; it was kept as ${movedTo} and Certdesk starts it afresh.`,
          `Restore it from ${path}.orig or a timestamped .bak beside it if you need what it held.`,
        );
      };
      const load = async (): Promise<R[]> => {
        const bytes = await readBoundedOrNull(path, { kind: 'metadata', what: `data file ${spec.file}` });
        if (bytes === null) return [];
        return parse(bytes) ?? (await moveAside());
      };
      const serialise = (records: R[]): Buffer => {
        const sorted = spec.sort ? [...records].sort(spec.sort) : records;
        return Buffer.from(`${JSON.stringify({ version: spec.version, records: sorted }, null, 2)}\n`, 'utf8');
      };
      return {
        path,
        async read() {
          const bytes = await readBoundedOrNull(path, { kind: 'metadata', what: `data file ${spec.file}` });
          if (bytes === null) return { records: [] };
          const records = parse(bytes);
          if (records) return { records: spec.sort ? [...records].sort(spec.sort) : records };
          // Moving aside changes the folder: only under the lock, and only if it is still damaged.
          await ensureDataDir(dataDir);
          return { records: await withFileLock(path, load) };
        },
        async update(fn) {
          await ensureDataDir(dataDir);
          return withFileLock(path, async () => {
            const records = await load();
            const next = await fn(records);
            const bytes = serialise(next.records);
            const before = await readBoundedOrNull(path, { kind: 'metadata', what: `data file ${spec.file}` });
            const write = await writeFileSafely(path, bytes, {
              role: 'metadata',
              expectedOriginal: before,
              now,
              ...(spec.backup === false ? { backup: false } : {}),
              verify: (b) => {
                if (!parse(b)) throw new CertdeskError('VERIFY_FAILED', `The data file ${spec.file} did not read back correctly; it was not changed.`);
              },
            });
            return { value: next.value, write };
          });
        },
      };
    },
  };
}

function parseCollection<R>(bytes: Buffer, spec: CollectionSpec<R>): R[] | null {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    return null;
  }
  const version = typeof json === 'object' && json !== null ? (json as { version?: unknown }).version : undefined;
  if (typeof version === 'number' && version > spec.version && 'records' in (json as object)) {
    // Not damaged: written by a newer Certdesk. Never move it aside or overwrite it.
    throw new CertdeskError('CONFIG_INVALID', `The data file ${spec.file} was written by a newer Certdesk (format ${version}).`, 'Update Certdesk to use it.');
  }
  if (version === spec.version && 'records' in (json as object)) {
    const list = (json as { records: unknown }).records;
    if (!Array.isArray(list)) return null;
    const out: R[] = [];
    for (const item of list) {
      const r = spec.record.safeParse(item);
      if (!r.success) return null;
      out.push(r.data);
    }
    return out;
  }
  return spec.legacy?.(json) ?? null;
}
