import { basename, resolve } from 'node:path';
import type { ActivityEntry } from '../../../shared/contract/activity-record.js';
import type { FileRole, WrittenFile } from '../../../shared/contract/files.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { Handler } from '../handler.js';
import { hasAgentGateway } from '../keystore/agent-config.js';
import { detectKeystoreType } from '../keystore/detect.js';
import type { ReadKind } from '../store/read-file.js';
import { findActivity } from './service-support.js';

/**
 * Puts a keystore or an agent configuration back as a recorded backup holds it, through the one atomic
 * writer (so the state it replaces is backed up in turn), byte for byte. Both the backup and the file
 * it replaces must still be what the record says they were: a keystore, or an agent configuration.
 */

/** Roles that can be put back from here, and how each one is recognised. */
const SHAPES: Partial<Record<FileRole, { read: ReadKind; what: string; check: (bytes: Buffer) => string | null }>> = {
  keystore: { read: 'keystore', what: 'keystore', check: keystoreType },
  pfx: { read: 'pfx', what: 'keystore', check: keystoreType },
  config: { read: 'agentConfig', what: 'agent configuration', check: (b) => (hasAgentGateway(b) ? 'agent configuration' : null) },
};

function keystoreType(bytes: Buffer): string | null {
  try {
    return `${detectKeystoreType(bytes)} keystore`;
  } catch {
    return null;
  }
}

/** True when a recorded file of this role can be restored from its backup. */
export function isRestorableRole(role: FileRole | undefined): boolean {
  return role !== undefined && SHAPES[role] !== undefined;
}

function restorableFile(entry: ActivityEntry, path: string | undefined): WrittenFile & { backupPath: string } {
  const candidates = entry.files.filter((f): f is WrittenFile & { backupPath: string } => f.backupPath !== null && isRestorableRole(f.role));
  const chosen = path === undefined ? candidates : candidates.filter((f) => f.path === resolve(path));
  const [file] = chosen;
  if (!file)
    throw new CertdeskError(
      'NOT_RESTORABLE',
      path === undefined
        ? 'This change kept no backup of a keystore or configuration to go back to (it created the file, or wrote another kind of file).'
        : `This change kept no backup of ${path} that can be restored.`,
      'Pick a change to a keystore or an agent configuration that replaced an existing file.',
    );
  if (chosen.length > 1)
    throw new CertdeskError('CHOICE_REQUIRED', 'This change wrote several files; say which one to restore.', `One of: ${chosen.map((f) => f.path).join(', ')}`);
  return file;
}

/** activity.restore: the recorded backup back in place, checked, the replaced state kept. */
export function restoreHandler(deps: CoreDeps): Handler<'activity.restore'> {
  return async (input) => {
    const entry = await findActivity(deps, input.id);
    const file = restorableFile(entry, input.path);
    const role = file.role as FileRole;
    const shape = SHAPES[role] as NonNullable<(typeof SHAPES)[FileRole]>;
    const backup = await deps.files.readOrNull(file.backupPath, { kind: shape.read, what: `backup of the ${shape.what}` });
    if (backup === null)
      throw new CertdeskError('BACKUP_MISSING', `The backup ${file.backupPath} is no longer there; nothing was restored.`, 'It was removed or moved after the change was recorded.');
    const backupShape = shape.check(backup);
    if (!backupShape)
      throw new CertdeskError('NOT_RESTORABLE', `The backup ${file.backupPath} is no longer a ${shape.what}; nothing was restored.`, 'It was replaced or damaged after the change was recorded.');
    const current = await deps.files.readOrNull(file.path, { kind: shape.read, what: shape.what });
    if (current !== null && !shape.check(current))
      throw new CertdeskError(
        'NOT_RESTORABLE',
        `${file.path} is no longer a ${shape.what}; nothing was restored.`,
        'Another program replaced it with something else. Copy the backup back by hand if that is what you want.',
      );
    const write = await deps.files.write(file.path, backup, {
      role,
      expectedOriginal: current,
      now: deps.now,
      verify: (bytes) => {
        if (!bytes.equals(backup)) throw new CertdeskError('VERIFY_FAILED', `${file.path} did not read back as the backup; it was not changed.`);
      },
    });
    const kept = write.backupPath ? ` The state it replaced is kept as ${basename(write.backupPath)}.` : '';
    return { path: write.path, from: file.backupPath, write, summary: `Restored ${write.path} (${backupShape}) from ${basename(file.backupPath)}.${kept}` };
  };
}
