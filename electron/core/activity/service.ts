import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import type { activityOps } from '../../../shared/contract/activity.js';
import type { ActivityEntry } from '../../../shared/contract/activity-record.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { Handler } from '../handler.js';
import { isBackupOf, removeBackupsOp } from '../keystore/backups.js';
import { activityLog } from './log.js';
import { isRestorableRole, restoreHandler } from './restore.js';
import { findActivity, isFile } from './service-support.js';

type ActivityOpName = keyof typeof activityOps;
export type ActivityHandlers = { [N in ActivityOpName]: Handler<N> };
type In<N extends ActivityOpName> = Parameters<Handler<N>>[0];

/** The activity.* operations: the log the core writes after every change, read, restored from, cleaned. */
export function activityHandlers(deps: CoreDeps): ActivityHandlers {
  return {
    'activity.list': (input) => list(deps, input),
    'activity.restore': restoreHandler(deps),
    'activity.removeBackups': async (input, ctx) => {
      const entry = await findActivity(deps, input.id);
      const keystore = entry.files[0]?.path;
      if (!entry.secretBackups || keystore === undefined)
        throw new CertdeskError('VALIDATION_FAILED', 'This change left no backups that hold secrets.', 'Changes marked "backups hold secrets" in the list have some.');
      const left = await existing(entry.secretBackups.paths);
      if (left.length === 0) return { path: keystore, removed: [] };
      // The keystore domain's own check: only that keystore's Certdesk backups, all checked before any is removed.
      const { removed } = await removeBackupsOp({ path: keystore, backupPaths: left }, ctx);
      return { path: keystore, removed };
    },
  };
}

async function existing(paths: readonly string[]): Promise<string[]> {
  const found = await Promise.all(paths.map(async (p) => ((await isFile(p)) ? p : null)));
  return found.filter((p): p is string => p !== null);
}

/** The real path of a file asked about (records hold real paths), or the path as given when it is gone. */
async function realOrGiven(path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch {
    return resolve(path);
  }
}

/** The change wrote the file or one of its backups, or removed either. */
function touches(entry: ActivityEntry, file: string): boolean {
  const mine = (p: string): boolean => p === file || isBackupOf(file, p);
  return entry.files.some((f) => mine(f.path) || (f.backupPath !== null && mine(f.backupPath))) || entry.removed.some(mine);
}

async function list(deps: CoreDeps, input: In<'activity.list'>) {
  const { records } = await activityLog(deps.metadata).read();
  const file = input.file === undefined ? undefined : await realOrGiven(input.file);
  const given = input.file === undefined ? undefined : resolve(input.file);
  const matching = records
    .filter((r) => (input.kind === undefined || r.kind === input.kind) && (input.source === undefined || r.source === input.source))
    .filter((r) => file === undefined || touches(r, file) || (given !== undefined && touches(r, given)))
    .reverse();
  const entries = await Promise.all(
    matching.slice(0, input.limit).map(async (r) => ({
      ...r,
      files: await Promise.all(
        r.files.map(async (f) => {
          const backupExists = f.backupPath !== null && (await isFile(f.backupPath));
          return { ...f, backupExists, restorable: backupExists && isRestorableRole(f.role) };
        }),
      ),
      secretBackupsLeft: r.secretBackups ? await existing(r.secretBackups.paths) : [],
    })),
  );
  return { entries, total: matching.length };
}
