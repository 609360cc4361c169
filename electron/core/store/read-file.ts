import { constants, promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { sizeText } from '../../../shared/format.js';
import { CertdeskError } from '../errors.js';

/**
 * The one way the core reads a file a person (or another program) chose: open without blocking,
 * look at the open handle (not the path, which could change in between), refuse anything that is
 * not a regular file, refuse a file over its kind's cap, and never read more than the cap.
 * A FIFO would otherwise hang the read forever and /dev/zero would fill memory.
 */

const MiB = 1024 * 1024;

/** What a file is meant to be; each kind has one size cap, all of them here. */
export type ReadKind = 'certificate' | 'pfx' | 'keystore' | 'agentConfig' | 'metadata' | 'targetList' | 'secret' | 'requestBody';

/** Caps per kind: far above any real file of that kind, far below what would hurt the machine. */
export const READ_CAPS: Readonly<Record<ReadKind, number>> = {
  /** Certificate, key, CSR and chain files (PEM, DER, PKCS#7). */
  certificate: 16 * MiB,
  pfx: 16 * MiB,
  /** A big corporate trust store is a few MiB. */
  keystore: 64 * MiB,
  /** An agent's XML configuration. */
  agentConfig: 8 * MiB,
  /** Certdesk's own JSON collections in the data folder. */
  metadata: 32 * MiB,
  /** A list of endpoints for a batch TLS check, one a line. */
  targetList: 4 * MiB,
  /** A password or token given as a file (`--NAME-file` on the command line). */
  secret: 64 * 1024,
  /** A request body sent by an auth test (`--data @FILE`). */
  requestBody: 8 * MiB,
};

const KIND_TEXT: Record<ReadKind, string> = {
  certificate: 'certificate files',
  pfx: '.pfx files',
  keystore: 'keystores',
  agentConfig: 'agent configuration files',
  metadata: 'its own data files',
  targetList: 'lists of targets',
  secret: 'password files',
  requestBody: 'request bodies',
};

export interface ReadOptions {
  kind: ReadKind;
  /** What the file was meant to be, for messages ("keystore", "private key file"). */
  what: string;
}

/** Reads a file the person chose, bounded by its kind's cap; FILE_NOT_FOUND / IO_ERROR / UNSUPPORTED_FORMAT name what it was meant to be. */
export async function readBounded(path: string, opts: ReadOptions): Promise<Buffer> {
  const bytes = await readBoundedOrNull(path, opts);
  if (bytes === null) throw new CertdeskError('FILE_NOT_FOUND', `The ${opts.what} does not exist: ${resolve(path)}`, 'Check the path, or use Browse… to pick the file.');
  return bytes;
}

/** Like readBounded, but null when there is no file at the path (yet). */
export async function readBoundedOrNull(path: string, opts: ReadOptions): Promise<Buffer | null> {
  const full = resolve(path);
  const cap = READ_CAPS[opts.kind];
  let fh: fs.FileHandle;
  try {
    // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
    fh = await fs.open(full, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOCTTY ?? 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'EISDIR') throw notRegular(full, opts.what, 'a folder');
    if (code === 'EACCES' || code === 'EPERM') throw new CertdeskError('IO_ERROR', `Permission denied reading the ${opts.what}: ${full}`, 'Run Certdesk as a user who may read it.');
    throw new CertdeskError('IO_ERROR', `Could not open the ${opts.what} (${code ?? 'unknown error'}): ${full}`);
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw notRegular(full, opts.what, kindOf(st));
    if (st.size > cap) throw overCap(full, opts, st.size);
    return await readUpTo(fh, full, opts, cap);
  } catch (err) {
    if (err instanceof CertdeskError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EISDIR') throw notRegular(full, opts.what, 'a folder');
    throw new CertdeskError('IO_ERROR', `Could not read the ${opts.what} (${code ?? 'unknown error'}): ${full}`);
  } finally {
    await fh.close();
  }
}

/** Reads to the end, but never more than cap bytes (the file may grow after fstat). */
async function readUpTo(fh: fs.FileHandle, full: string, opts: ReadOptions, cap: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, cap + 1 - total));
    const { bytesRead } = await fh.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    total += bytesRead;
    if (total > cap) throw overCap(full, opts, total);
    chunks.push(chunk.subarray(0, bytesRead));
  }
  return Buffer.concat(chunks, total);
}

function kindOf(st: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean; isSocket(): boolean }): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a pipe (FIFO)';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

function notRegular(full: string, what: string, kind: string): CertdeskError {
  return new CertdeskError('IO_ERROR', `The ${what} path is ${kind}, not a regular file: ${full}`, 'Choose the file itself.');
}

function overCap(full: string, opts: ReadOptions, size: number): CertdeskError {
  const cap = READ_CAPS[opts.kind];
  return new CertdeskError(
    'UNSUPPORTED_FORMAT',
    `The ${opts.what} ${full} is ${size > cap ? sizeText(size) : 'too big'}; Certdesk reads ${KIND_TEXT[opts.kind]} up to ${sizeText(cap)}.`,
    'Check that you chose the right file.',
  );
}

/** A user's input file, bounded by its kind's cap; an empty file is CORRUPT_FILE (it was not copied completely). */
export async function readInput(path: string, what: string, kind: ReadKind = 'certificate'): Promise<Buffer> {
  const bytes = await readBounded(path, { kind, what });
  if (bytes.length === 0) throw new CertdeskError('CORRUPT_FILE', `The ${what} is empty (0 bytes): ${resolve(path)}`, 'The file was probably not copied completely.');
  return bytes;
}
