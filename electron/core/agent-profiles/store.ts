import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { WrittenFile } from '../../../shared/contract/files.js';
import { AgentProfile } from '../../../shared/contract/agent.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { Collection, CollectionSpec } from '../store/metadata-store.js';

/**
 * Agent profiles live in the metadata store's `agents.json`: names, folders, keystore types and
 * endpoints, never a password (keystore passwords go to the OS keychain). Format 1
 * (`{ version: 1, agents: [...] }`) is still read; writes use the store's `{ version: 2, records }`.
 */
export const AGENTS_FILE = 'agents.json';

const LegacyFile = z.object({ version: z.literal(1), agents: z.array(AgentProfile) });

const AGENTS: CollectionSpec<AgentProfile> = {
  file: AGENTS_FILE,
  version: 2,
  record: AgentProfile,
  legacy: (json) => {
    const r = LegacyFile.safeParse(json);
    return r.success ? r.data.agents : null;
  },
  sort: (a, b) => a.name.localeCompare(b.name),
};

type StoreDeps = Pick<CoreDeps, 'metadata' | 'now'>;

export interface AgentDraft {
  id?: string | undefined;
  name: string;
  home: string;
  keystoreType: 'JKS' | 'PKCS12';
  endpoint?: string | undefined;
}

function agents(deps: StoreDeps): Collection<AgentProfile> {
  return deps.metadata.collection(AGENTS);
}

/** The saved profiles, sorted by name; none when the file does not exist yet. */
export async function readAgents(deps: StoreDeps): Promise<AgentProfile[]> {
  return (await agents(deps).read()).records;
}

/** Adds a profile (no id) or updates the one with this id. */
export async function saveAgent(deps: StoreDeps, draft: AgentDraft): Promise<{ agent: AgentProfile; write: WrittenFile }> {
  return change(deps, (list) => {
    const clash = list.find((a) => a.id !== draft.id && a.name.toLowerCase() === draft.name.toLowerCase());
    if (clash) throw new CertdeskError('VALIDATION_FAILED', `An agent named '${clash.name}' already exists.`, 'Give this agent another name, or edit the existing one.');
    const now = deps.now().toISOString();
    const existing = draft.id === undefined ? undefined : list.find((a) => a.id === draft.id);
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
    return { records: existing ? list.map((a) => (a === existing ? agent : a)) : [...list, agent], value: agent };
  });
}

/** Forgets a profile; the agent's own files are not touched. */
export async function removeAgent(deps: StoreDeps, id: string): Promise<{ agent: AgentProfile; write: WrittenFile }> {
  return change(deps, (list) => {
    const agent = list.find((a) => a.id === id);
    if (!agent) throw new CertdeskError('VALIDATION_FAILED', 'That agent profile does not exist.', 'Reload the list of agents.');
    return { records: list.filter((a) => a !== agent), value: agent };
  });
}

async function change<T>(deps: StoreDeps, edit: (list: AgentProfile[]) => { records: AgentProfile[]; value: T }): Promise<{ agent: T; write: WrittenFile }> {
  const { value, write } = await agents(deps).update(edit);
  return { agent: value, write };
}
