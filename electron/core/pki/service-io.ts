/**
 * Files in and out for the pki services: reading what the person chose, and writing every output
 * only after all of them were checked — then all of them, or none (earlier ones are rolled back).
 */
import { promises as fs, type Stats } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import type { FileRole, WrittenFile } from '../../../shared/contract/files.js';
import type { InspectSource } from '../../../shared/contract/pki-ops.js';
import type { JobContext } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { readInput } from '../store/read-file.js';
import { type PlannedWrite, writeFilesSafely } from '../store/atomic-file.js';

/** Reading a chosen file is the file layer's bounded reader (regular files only, capped by kind). */
export { readInput } from '../store/read-file.js';

/** The bytes and a display name of an inspect source (a path, dropped bytes or pasted text). */
export async function sourceBytes(source: InspectSource): Promise<{ bytes: Buffer; name: string; path?: string }> {
  if ('path' in source) return { bytes: await readInput(source.path, 'file'), name: basename(source.path), path: resolve(source.path) };
  if ('base64' in source) {
    const bytes = Buffer.from(source.base64, 'base64');
    if (bytes.length === 0) throw new CertdeskError('CORRUPT_FILE', `The file ${source.name} is empty (0 bytes).`);
    return { bytes, name: source.name || 'dropped file' };
  }
  const text = source.text.trim();
  // People paste the base64 body of a certificate without its BEGIN/END lines; take that as DER.
  if (!text.includes('-----BEGIN ') && /^[A-Za-z0-9+/=\s]+$/.test(text) && text.replace(/\s/g, '').length % 4 === 0) {
    return { bytes: Buffer.from(text.replace(/\s/g, ''), 'base64'), name: 'pasted text' };
  }
  return { bytes: Buffer.from(source.text, 'utf8'), name: 'pasted text' };
}

/** One output file, ready to write; its role decides its mode (private keys and .pfx owner-only). */
export type PlannedFile = PlannedWrite;

export interface OutputCheck {
  path: string;
  role: FileRole;
}

/**
 * Checks every output before any work is done or anything is written: the paths differ from each
 * other and from the inputs, their folders exist, and no file is replaced unless `overwrite`.
 */
export async function checkOutputs(outputs: OutputCheck[], opts: { overwrite: boolean; inputs: string[] }): Promise<void> {
  const inputs = new Set(opts.inputs.map((p) => resolve(p)));
  const seen = new Set<string>();
  for (const out of outputs) {
    const full = resolve(out.path);
    if (inputs.has(full)) {
      throw new CertdeskError('VALIDATION_FAILED', `The ${label(out.role)} would be written over one of the input files: ${full}`, 'Choose another name for the output.');
    }
    if (seen.has(full)) throw new CertdeskError('VALIDATION_FAILED', `Two outputs would be written to the same file: ${full}`, 'Give each output its own file name.');
    seen.add(full);
    const st = await statOrNull(full);
    if (st?.isDirectory()) throw new CertdeskError('IO_ERROR', `The ${label(out.role)} path is a folder: ${full}`, 'Give a file name inside the folder.');
    if (st && !opts.overwrite) {
      throw new CertdeskError('FILE_EXISTS', `The ${label(out.role)} file already exists: ${full}`,
        'Choose another name, or allow replacing existing files (--force on the command line); the old file is then kept as a backup.');
    }
    const dir = await statOrNull(dirname(full));
    if (!dir?.isDirectory()) throw new CertdeskError('FILE_NOT_FOUND', `The folder does not exist: ${dirname(full)}`, 'Create the folder first, or choose another place.');
  }
}

/** Writes all files through the one atomic writer (backup, temp, fsync, verify, rename), or none. */
export async function writeAll(files: PlannedFile[], opts: { overwrite: boolean; inputs: string[]; ctx?: JobContext }): Promise<WrittenFile[]> {
  await checkOutputs(files, opts);
  opts.ctx?.throwIfCancelled();
  // A file that appeared since the check is not ours to replace.
  return writeFilesSafely(files, { mustBeNew: !opts.overwrite });
}

async function statOrNull(path: string): Promise<Stats | null> {
  try {
    return await fs.stat(path);
  } catch {
    return null;
  }
}

function label(role: FileRole): string {
  switch (role) {
    case 'certificate':
      return 'certificate';
    case 'privateKey':
      return 'private key';
    case 'chain':
      return 'chain';
    case 'csr':
      return 'request (CSR)';
    case 'pfx':
      return '.pfx';
    case 'keystore':
      return 'keystore';
    case 'config':
      return 'configuration';
    case 'metadata':
      return 'data file';
    default: {
      const never: never = role;
      return never;
    }
  }
}
