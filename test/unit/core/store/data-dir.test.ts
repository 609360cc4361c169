import { chmod, mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDataDir, ensureDataDirSync } from '../../../../electron/core/data-dir.js';
import { createCoreDeps } from '../../../../electron/core/deps.js';
import { fileLogSink } from '../../../../electron/core/log.js';
import { createServices } from '../../../../electron/core/services.js';
import { tempDir } from '../keystore/helpers.js';

/** The data folder and the log are the person's alone: 0700 and 0600. */

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('datadir')));
afterAll(async () => cleanup());

const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

describe('data folder and log permissions', () => {
  it('the core creates its data folder 0700 on first use, and its files 0600', async () => {
    const dataDir = join(dir, 'fresh', 'Certdesk');
    const services = createServices(createCoreDeps({ dataDir, keychainService: 'unused' }));
    await mkdir(join(dir, 'home', 'conf'), { recursive: true });
    const r = await services['agent.save']({ name: 'A', home: join(dir, 'home') });
    expect(r.ok).toBe(true);
    expect(await mode(dataDir)).toBe(0o700);
    expect(await mode(join(dataDir, 'agents.json'))).toBe(0o600);
  });

  it('tightens an existing, more open data folder', async () => {
    const open = join(dir, 'open');
    await mkdir(open, { mode: 0o755 });
    await chmod(open, 0o755);
    await ensureDataDir(open);
    expect(await mode(open)).toBe(0o700);
    const sync = join(dir, 'sync', 'Certdesk');
    ensureDataDirSync(sync);
    expect(await mode(sync)).toBe(0o700);
  });

  it('writes the log file 0600, also when it existed world-readable', async () => {
    const fresh = join(dir, 'fresh.log');
    fileLogSink(fresh)('line one');
    expect(await mode(fresh)).toBe(0o600);
    const old = join(dir, 'old.log');
    await writeFile(old, 'before\n');
    await chmod(old, 0o644);
    fileLogSink(old)('line two');
    expect(await mode(old)).toBe(0o600);
  });
});
