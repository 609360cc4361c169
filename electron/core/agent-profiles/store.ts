import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AgentProfile } from '../../../shared/contract/keystore.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { WrittenFile } from '../../../shared/contract/files.js';
import { writeFileSafely } from '../store/atomic-file.js';
import { withFileLock } from '../store/file-lock.js';
import { readOrNull } from '../store/read-or-null.js';

/**
 * Agent profiles live in `<data dir>/agents.json`: names, folders, keystore types and endpoints,
 * never a password (keystore passwords go to the OS keychain with the credential vault, later).
 */
export const AGENTS_FILE = 'agents.json';

const StoredFile = z.object({ version: z.literal(1), agents: z.array(AgentProfile) });

export interface AgentDraft {
  id?: string | undefined;
  name: string;
  home: string;
  keystoreType: 'JKS' | 'PKCS12';
  endpoint?: string | undefined;
}

function filePath(deps: Pick<CoreDeps, 'dataDir'>): string {
  return join(deps.dataDir, AGENTS_FILE);
}

/** The saved profiles, sorted by name; none when the file does not exist yet. */
export async function readAgents(deps: Pick<CoreDeps, 'dataDir'>): Promise<AgentProfile[]> {
  const bytes = await readOrNull(filePath(deps));
  return bytes === null ? [] : parse(bytes, filePath(deps));
}

/** Adds a profile (no id) or updates the one with this id. */
export async function saveAgent(deps: Pick<CoreDeps, 'dataDir' | 'now'>, draft: AgentDraft): Promise<{ agent: AgentProfile; write: WrittenFile }> {
  return change(deps, (agents) => {
    const clash = agents.find((a) => a.id !== draft.id && a.name.toLowerCase() === draft.name.toLowerCase());
    if (clash) throw new CertdeskError('VALIDATION_FAILED', `An agent named '${clash.name}' already exists.`, 'Give this agent another name, or edit the existing one.');
    const now = deps.now().toISOString();
    const existing = draft.id === undefined ? undefined : agents.find((a) => a.id === draft.id);
    if (draft.id !== undefined && !existing) throw new CertdeskError('VALIDATION_FAILED', 'That agent profile no longer exists.', 'Reload the list of agents.');
    const agent: AgentProfile = {
      id: existing?.id ?? randomUUID(),
      name: draft.name,
      home: draft.home,
      keystoreType: draft.keystoreType,
      ...(draft.endpoint ? { endpoint: draft.endpoint } : {}),
      created: existing?.created ?? now,
      updated: now,
    };
    const next = existing ? agents.map((a) => (a === existing ? agent : a)) : [...agents, agent];
    return { next, value: agent };
  });
}

/** Forgets a profile; the agent's own files are not touched. */
export async function removeAgent(deps: Pick<CoreDeps, 'dataDir' | 'now'>, id: string): Promise<{ agent: AgentProfile; write: WrittenFile }> {
  return change(deps, (agents) => {
    const agent = agents.find((a) => a.id === id);
    if (!agent) throw new CertdeskError('VALIDATION_FAILED', 'That agent profile does not exist.', 'Reload the list of agents.');
    return { next: agents.filter((a) => a !== agent), value: agent };
  });
}

/** Read-modify-write under the file lock, written safely (backup, atomic, verified). */
async function change<T>(
  deps: Pick<CoreDeps, 'dataDir' | 'now'>,
  edit: (agents: AgentProfile[]) => { next: AgentProfile[]; value: T },
): Promise<{ agent: T; write: WrittenFile }> {
  const path = filePath(deps);
  await fs.mkdir(deps.dataDir, { recursive: true });
  return withFileLock(path, async () => {
    const original = await readOrNull(path);
    const { next, value } = edit(original === null ? [] : parse(original, path));
    const sorted = [...next].sort((a, b) => a.name.localeCompare(b.name));
    const bytes = Buffer.from(`${JSON.stringify({ version: 1, agents: sorted }, null, 2)}\n`, 'utf8');
    const write = await writeFileSafely(path, bytes, { role: 'metadata', expectedOriginal: original, now: deps.now, verify: (b) => void parse(b, path) });
    return { agent: value, write };
  });
}

function parse(bytes: Buffer, path: string): AgentProfile[] {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw damaged(path);
  }
  const parsed = StoredFile.safeParse(json);
  if (!parsed.success) throw damaged(path);
  return [...parsed.data.agents].sort((a, b) => a.name.localeCompare(b.name));
}

function damaged(path: string): CertdeskError {
  return new CertdeskError('CONFIG_INVALID', `The saved agent profiles cannot be read: ${path}`, `Restore it from ${path}.orig or a timestamped .bak beside it, or remove it to start again.`);
}
