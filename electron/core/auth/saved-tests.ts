/** Saved auth tests in the metadata store's `auth-tests.json`: a request and a vault credential's name, never a secret. */
import { SavedAuthTest } from '../../../shared/contract/auth.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { Collection, CollectionSpec } from '../store/metadata-store.js';

export const AUTH_TESTS_FILE = 'auth-tests.json';

const SPEC: CollectionSpec<SavedAuthTest> = {
  file: AUTH_TESTS_FILE,
  version: 1,
  record: SavedAuthTest,
  sort: (a, b) => a.name.localeCompare(b.name),
};

/** The saved tests' collection. */
export function savedTests(deps: Pick<CoreDeps, 'metadata'>): Collection<SavedAuthTest> {
  return deps.metadata.collection(SPEC);
}

const same = (a: string, b: string): boolean => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** The saved test of that name (names compare without case); TEST_NOT_FOUND otherwise. */
export function findTest(tests: readonly SavedAuthTest[], name: string): SavedAuthTest {
  const found = tests.find((t) => same(t.name, name));
  if (!found) throw new CertdeskError('TEST_NOT_FOUND', `There is no saved test named "${name}".`, 'List them with: certdesk auth tests');
  return found;
}

/** Adds or replaces a test (replacing only when asked); TEST_EXISTS otherwise. */
export async function saveTest(deps: Pick<CoreDeps, 'metadata'>, test: SavedAuthTest, overwrite: boolean): Promise<SavedAuthTest> {
  const { value } = await savedTests(deps).update((records) => {
    const old = records.find((t) => same(t.name, test.name));
    if (old && !overwrite) throw new CertdeskError('TEST_EXISTS', `A saved test named "${test.name}" exists already.`, 'Choose another name, or replace it (--force).');
    const next = old ? { ...test, created: old.created, lastResult: old.lastResult } : test;
    return { records: [...records.filter((t) => t !== old), next], value: next };
  });
  return value;
}

/** Writes the last result of each named test, in one update. */
export async function recordResults(deps: Pick<CoreDeps, 'metadata'>, results: ReadonlyMap<string, NonNullable<SavedAuthTest['lastResult']>>): Promise<void> {
  if (results.size === 0) return;
  await savedTests(deps).update((records) => ({ records: records.map((t) => (results.has(t.name) ? { ...t, lastResult: results.get(t.name) ?? null } : t)), value: undefined }));
}
