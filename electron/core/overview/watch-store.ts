import { randomUUID } from 'node:crypto';
import type { WrittenFile } from '../../../shared/contract/files.js';
import { type EndpointCheck, OverviewSettings, Watch } from '../../../shared/contract/overview.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { Collection, CollectionSpec } from '../store/metadata-store.js';

/**
 * The watch list (`watch.json`) and the overview's settings (`overview-settings.json`) in the metadata
 * store. A keystore password given with a watch lives in the OS keychain under `keychainAccount(id)`.
 */
export const WATCH_FILE = 'watch.json';

const WATCHES: CollectionSpec<Watch> = {
  file: WATCH_FILE,
  version: 1,
  record: Watch,
  sort: (a, b) => a.added.localeCompare(b.added) || a.id.localeCompare(b.id),
};

const SETTINGS: CollectionSpec<OverviewSettings> = { file: 'overview-settings.json', version: 1, record: OverviewSettings };

/** Endpoints are re-checked hourly while the app runs unless the person sets otherwise. */
export const DEFAULT_OVERVIEW_SETTINGS: OverviewSettings = { recheckMinutes: 60 };

type StoreDeps = Pick<CoreDeps, 'metadata'>;

const watches = (deps: StoreDeps): Collection<Watch> => deps.metadata.collection(WATCHES);

/** The keychain account holding the password given for a watched keystore. */
export function keychainAccount(id: string): string {
  return `overview-watch:${id}`;
}

export async function readWatches(deps: StoreDeps): Promise<Watch[]> {
  return (await watches(deps).read()).records;
}

/** Adds a watch; WATCH_EXISTS when the same target is already watched. */
export async function addWatch(deps: StoreDeps, draft: Omit<Watch, 'id' | 'lastCheck'>): Promise<{ watch: Watch; write: WrittenFile }> {
  const { value, write } = await watches(deps).update((list) => {
    const same = list.find((w) => w.target === draft.target);
    if (same) throw new CertdeskError('WATCH_EXISTS', `${draft.target} is already watched (as '${same.name}').`, 'Remove it first to watch it another way.');
    const watch: Watch = { ...draft, id: randomUUID(), lastCheck: null };
    return { records: [...list, watch], value: watch };
  });
  return { watch: value, write };
}

/** The watch named by its id, its name or its target; WATCH_NOT_FOUND otherwise. */
export function findWatch(list: readonly Watch[], ref: string): Watch {
  const found = list.find((w) => w.id === ref) ?? list.find((w) => w.target === ref) ?? list.find((w) => w.name === ref);
  if (!found) throw new CertdeskError('WATCH_NOT_FOUND', `Nothing watched is called ${ref}.`, 'See `certdesk watch list` for the ids, names and targets.');
  return found;
}

export async function removeWatch(deps: StoreDeps, ref: string): Promise<{ removed: Watch; write: WrittenFile }> {
  const { value, write } = await watches(deps).update((list) => {
    const w = findWatch(list, ref);
    return { records: list.filter((x) => x !== w), value: w };
  });
  return { removed: value, write };
}

/** Keeps endpoints' latest checks (a watch removed meanwhile is left out). */
export async function saveChecks(deps: StoreDeps, checks: ReadonlyMap<string, EndpointCheck>): Promise<void> {
  if (checks.size === 0) return;
  await watches(deps).update((list) => ({ records: list.map((w) => (checks.has(w.id) ? { ...w, lastCheck: checks.get(w.id) ?? null } : w)), value: undefined }));
}

export async function readOverviewSettings(deps: StoreDeps): Promise<OverviewSettings> {
  return (await deps.metadata.collection(SETTINGS).read()).records[0] ?? DEFAULT_OVERVIEW_SETTINGS;
}

export async function saveOverviewSettings(deps: StoreDeps, settings: OverviewSettings): Promise<OverviewSettings> {
  await deps.metadata.collection(SETTINGS).update(() => ({ records: [settings], value: undefined }));
  return settings;
}
