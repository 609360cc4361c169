import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListedActivity } from '../../../shared/contract/activity.js';
import { runCertdesk, type CliRun } from '../../helpers/cli.js';
import { keytoolList, tempDir } from '../core/keystore/helpers.js';
import { PFX_PASS, STOREPASS, type ServiceFixtures, freshJks, makeFixtures } from '../core/keystore/service-fixtures.js';

/** `certdesk activity` over the built CLI: a keystore import is listed with its backup, restored, and many processes record at once. */

let f: ServiceFixtures;
let cleanup: () => Promise<void>;
let home: string;
const ENV = { SP: STOREPASS, PP: PFX_PASS };

function cd(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return runCertdesk(args, { env: { CERTDESK_HOME: home, ...ENV, ...env } });
}

async function entries(args: string[] = [], env: NodeJS.ProcessEnv = {}): Promise<{ entries: ListedActivity[]; total: number }> {
  const r = await cd(['activity', '--json', ...args], env);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { entries: ListedActivity[]; total: number };
}

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await tempDir('cli-activity'));
  f = await makeFixtures(dir);
  home = join(dir, 'home');
}, 120_000);
afterAll(async () => cleanup?.());

describe('certdesk activity', () => {
  it('lists a CLI import into a keystore with its backup; restore brings back the backup byte for byte and keytool reads it', async () => {
    const ks = await freshJks(f);
    const imported = await cd(['keystore', 'import-pfx', ks, '--pfx', f.chainPfx, '--pfx-password-env', 'PP', '--alias', 'https', '--storepass-env', 'SP']);
    expect(imported.code).toBe(0);
    const { entries: [entry] } = await entries(['--file', ks]);
    expect(entry).toMatchObject({ op: 'keystore.importPfx', kind: 'keystore', source: 'cli', files: [{ path: ks, backupPath: `${ks}.orig`, backupExists: true, restorable: true }] });

    const text = await cd(['activity', '--file', ks]);
    expect(text.stdout).toContain(entry!.id);
    expect(text.stdout).toContain(`backup ${ks}.orig (restorable)`);
    expect(text.stdout).toContain('command line, keystore.importPfx');

    const restored = await cd(['activity', 'restore', entry!.id]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`Restored ${ks}`);
    expect((await readFile(ks)).equals(await readFile(`${ks}.orig`))).toBe(true);
    expect((await keytoolList(ks, STOREPASS)).entries.map((e) => e.alias).sort()).toEqual(['admin-tool', 'partner-ca', 'server']);
    const { entries: [latest] } = await entries(['--file', ks, '--kind', 'restore']);
    expect(latest).toMatchObject({ op: 'activity.restore', source: 'cli' });
  });

  it('concurrent CLI processes recording at once keep every entry', async () => {
    const own = join(f.dir, 'concurrent-home');
    await mkdir(own);
    const N = 6;
    const runs = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        cd(['keystore', 'trust', join(f.dir, `trust-${i}.p12`), '--cert', f.rootCert, '--alias', 'root', '--storepass-env', 'SP'], { CERTDESK_HOME: own }),
      ),
    );
    for (const r of runs) expect(r.code, r.stderr).toBe(0);
    const listed = await entries([], { CERTDESK_HOME: own });
    expect(listed.total).toBe(N);
    expect(listed.entries.map((e) => e.files[0]?.path).sort()).toEqual(Array.from({ length: N }, (_, i) => join(f.dir, `trust-${i}.p12`)).sort());
    expect(new Set(listed.entries.map((e) => e.id)).size).toBe(N);
  }, 120_000);

  it('activity.jsonl holds none of the passwords used', async () => {
    const text = await readFile(join(home, 'activity.jsonl'), 'utf8');
    expect(text).toContain('keystore.importPfx');
    for (const secret of [STOREPASS, PFX_PASS]) expect(text).not.toContain(secret);
  });

  it('refuses an unknown kind, a missing id and an unknown id with their exit codes', async () => {
    expect((await cd(['activity', '--kind', 'everything'])).code).toBe(2);
    expect((await cd(['activity', 'restore'])).code).toBe(2);
    const unknown = await cd(['activity', 'restore', 'feedfeedfeedfeed']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No recorded change has the id feedfeedfeedfeed');
  });
});
