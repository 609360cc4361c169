import { spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMetadataStore } from '../../../../electron/core/store/metadata-store.js';
import { createTestCore } from '../../../helpers/core.js';
import { tempDir } from '../keystore/helpers.js';

/** Versioned JSON collections in the data folder: locked across processes, damaged files kept aside. */

let dir: string;
let cleanup: () => Promise<void>;
let childJs: string;
const Note = z.object({ name: z.string() });

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('meta'));
  childJs = join(dir, 'lock-child.cjs');
  await build({ entryPoints: [fileURLToPath(new URL('./lock-child.ts', import.meta.url))], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: childJs, logLevel: 'silent' });
}, 60_000);
afterAll(async () => cleanup());

function addInChild(dataDir: string, name: string, n: number): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [childJs, 'add', dataDir, name, String(n)], { stdio: 'ignore' });
    child.on('exit', (code) => resolve(code ?? -1));
  });
}

describe('the metadata store', () => {
  it('two processes adding records at once both keep every record', async () => {
    const dataDir = join(dir, 'two');
    const codes = await Promise.all([addInChild(dataDir, 'a', 15), addInChild(dataDir, 'b', 15)]);
    expect(codes).toEqual([0, 0]);
    const { records } = await createMetadataStore(dataDir).collection({ file: 'notes.json', version: 1, record: Note }).read();
    expect(records.map((r) => r.name).sort()).toEqual([...Array.from({ length: 15 }, (_, i) => `a-${i}`), ...Array.from({ length: 15 }, (_, i) => `b-${i}`)].sort());
    const json = JSON.parse(await readFile(join(dataDir, 'notes.json'), 'utf8'));
    expect(json).toMatchObject({ version: 1 });
    expect((await stat(dataDir)).mode & 0o777).toBe(0o700);
    expect((await stat(join(dataDir, 'notes.json'))).mode & 0o777).toBe(0o600);
    expect((await readdir(dataDir)).filter((n) => n.includes('certdesk'))).toEqual([]);
  }, 60_000);

  it('moves a damaged file aside as <name>.damaged-<timestamp>, reports it, and never deletes it', async () => {
    const core = createTestCore({ clock: { now: () => new Date(2026, 0, 2, 3, 4, 5) } });
    try {
      const file = join(core.dataDir, 'agents.json');
      await writeFile(file, '{ "version": 2, "records": [ {"name": "cut off');
      const r = await core.services['agent.list']({});
      expect(r.ok ? null : r.error).toMatchObject({ code: 'CONFIG_INVALID', message: expect.stringContaining('agents.json.damaged-20260102-030405') });
      // Reported once; the list then starts empty.
      expect(await core.services['agent.list']({})).toEqual({ ok: true, value: { agents: [] } });
      const names = await readdir(core.dataDir);
      const aside = names.find((n) => n.startsWith('agents.json.damaged-20260102-030405'));
      expect(aside).toBeDefined();
      expect(await readFile(join(core.dataDir, aside!), 'utf8')).toBe('{ "version": 2, "records": [ {"name": "cut off');
      expect(core.logLines.join('\n')).toContain(`kept as ${join(core.dataDir, aside!)}`);
      expect(names).not.toContain('agents.json');
    } finally {
      core.cleanup();
    }
  });

  it('still reads the first agents.json format, and refuses a file from a newer Certdesk without touching it', async () => {
    const core = createTestCore();
    try {
      const file = join(core.dataDir, 'agents.json');
      const agent = { id: 'a1', name: 'Old', home: '/opt/agent', keystoreType: 'JKS', created: '2025-01-01T00:00:00.000Z', updated: '2025-01-01T00:00:00.000Z' };
      await writeFile(file, JSON.stringify({ version: 1, agents: [agent] }));
      expect(await core.services['agent.list']({})).toEqual({ ok: true, value: { agents: [agent] } });
      const newer = JSON.stringify({ version: 99, records: [] });
      await writeFile(file, newer);
      const r = await core.services['agent.list']({});
      expect(r.ok ? null : r.error.code).toBe('CONFIG_INVALID');
      expect(await readFile(file, 'utf8')).toBe(newer);
    } finally {
      core.cleanup();
    }
  });
});
