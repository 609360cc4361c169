import * as nodeModule from 'node:module';
import { describe, expect, it } from 'vitest';
import { coreContract, type CoreOpName } from '../../../shared/contract/index.js';
import { APP_ONLY, COMMANDS } from '../../../electron/cli/commands/table.js';

describe('the CLI command table', () => {
  it('gives every core operation a command, or marks it app-only with a reason', () => {
    const declared = new Set<string>(COMMANDS.map((c) => c.op));
    const uncovered = (Object.keys(coreContract) as CoreOpName[]).filter((op) => !declared.has(op) && !APP_ONLY[op]?.trim());
    expect(uncovered).toEqual([]);
  });

  it('marks nothing app-only that has a command, and names only real operations', () => {
    for (const op of Object.keys(APP_ONLY)) {
      expect(Object.keys(coreContract)).toContain(op);
      expect(COMMANDS.some((c) => c.op === op)).toBe(false);
    }
  });

  it('gives each command a unique id matching its words, a summary, a usage line and an example', () => {
    expect(new Set(COMMANDS.map((c) => c.id)).size).toBe(COMMANDS.length);
    for (const c of COMMANDS) {
      expect(c.id).toBe(c.path.join(' '));
      expect(c.summary).not.toBe('');
      expect(c.usage.startsWith(`certdesk ${c.id}`)).toBe(true);
      expect(c.examples.length).toBeGreaterThan(0);
    }
  });
});

describe('lazy loading', () => {
  it('answers --version and every kind of --help from the entry bundle alone, loading no domain bundle', async () => {
    const { copyFileSync, mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const { CLI } = await import('../../helpers/cli.js');
    const dir = mkdtempSync(join(tmpdir(), 'certdesk-entry-'));
    try {
      copyFileSync(CLI, join(dir, 'certdesk.cjs'));
      const run = (...args: string[]) => spawnSync(process.execPath, [join(dir, 'certdesk.cjs'), ...args], { encoding: 'utf8', env: { PATH: process.env['PATH'] } });
      expect(run('--version').status).toBe(0);
      expect(run('--help').stdout).toContain('keystore list');
      for (const c of COMMANDS) {
        const r = run(...c.path, '--help');
        expect(r.status, `${c.id} --help: ${r.stderr}`).toBe(0);
        expect(r.stdout).toContain(c.usage.split('\n')[0]);
      }
      // A command that runs needs its domain's bundle, which is not there.
      expect(run('info').status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('code cache', () => {
  // Node 22.1+ has its own compile cache, which the binary turns on instead.
  it.skipIf('enableCompileCache' in nodeModule)('keeps V8 code for a domain bundle in the user cache folder (owner-only) and gives the same answer from it', async () => {
    const { mkdtempSync, readdirSync, rmSync, statSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { runCertdesk } = await import('../../helpers/cli.js');
    const cache = mkdtempSync(join(tmpdir(), 'certdesk-cache-'));
    try {
      const env = { XDG_CACHE_HOME: cache, CERTDESK_HOME: join(cache, 'home') };
      const first = await runCertdesk(['agent', 'list', '--json'], { env });
      expect(first.code, first.stderr).toBe(0);
      const dir = join(cache, 'certdesk', 'code-cache');
      const files = readdirSync(dir);
      expect(files).toEqual([expect.stringMatching(/^agent-v\d+\.\d+\.\d+-\w+-[0-9a-f]{32}\.bin$/)]);
      expect(statSync(dir).mode & 0o077).toBe(0);
      const second = await runCertdesk(['agent', 'list', '--json'], { env });
      expect(second).toEqual(first);
    } finally {
      rmSync(cache, { recursive: true, force: true });
    }
  });
});
