import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints small snippets as if they lived in each folder, with the project's real eslint config.
async function lint(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: process.cwd() });
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
}

describe('folder boundaries are enforced by lint', () => {
  it('fails when electron/core imports electron', async () => {
    const msgs = await lint('electron/core/pki/bad.ts', "import { app } from 'electron';\nexport const x = app;\n");
    expect(msgs.some((m) => m.startsWith('no-restricted-imports') && m.includes('electron'))).toBe(true);
  });
  it('fails when shared/ imports node: or electron', async () => {
    expect((await lint('shared/bad.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n")).join()).toContain('no-restricted-imports');
    expect((await lint('shared/bad.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n")).join()).toContain('no-restricted-imports');
  });
  it('fails when the renderer imports node: or electron', async () => {
    expect((await lint('renderer/src/bad.ts', "import { join } from 'node:path';\nexport const j = join;\n")).join()).toContain('no-restricted-imports');
    expect((await lint('renderer/src/bad.ts', "import { shell } from 'electron';\nexport const s = shell;\n")).join()).toContain('no-restricted-imports');
  });
  it('allows electron in electron/main and node: in core', async () => {
    expect(await lint('electron/main/ok.ts', "import { app } from 'electron';\nexport const a = app;\n")).toEqual([]);
    expect(await lint('electron/core/ok.ts', "import { join } from 'node:path';\nexport const j = join;\n")).toEqual([]);
  });
});

// One probe per layer, each against the real config: the import a layer must never make is an error.
const restricted = (msgs: string[]) => msgs.filter((m) => m.startsWith('no-restricted-imports'));

describe('every layer rejects what it must not import', () => {
  const probes: [layer: string, file: string, code: string][] = [
    ['core → electron', 'electron/core/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['core → main', 'electron/core/pki/probe.ts', "import { x } from '../../main/ipc.js';\nexport const a = x;\n"],
    ['shared → node:fs', 'shared/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ['shared → fs', 'shared/contract/probe.ts', "import { readFileSync } from 'fs';\nexport const r = readFileSync;\n"],
    ['shared → another package', 'shared/probe.ts', "import forge from 'node-forge';\nexport const f = forge;\n"],
    ['shared → core', 'shared/probe.ts', "import { x } from '../electron/core/errors.js';\nexport const a = x;\n"],
    ['pki → keystore', 'electron/core/pki/probe.ts', "import { x } from '../keystore/model.js';\nexport const a = x;\n"],
    ['pki → vault', 'electron/core/pki/probe.ts', "import { x } from '../vault/keychain.js';\nexport const a = x;\n"],
    ['keystore → agent-profiles', 'electron/core/keystore/probe.ts', "import { x } from '../agent-profiles/store.js';\nexport const a = x;\n"],
    ['store → pki', 'electron/core/store/probe.ts', "import { x } from '../pki/pem.js';\nexport const a = x;\n"],
    ['main → renderer', 'electron/main/probe.ts', "import { x } from '../../renderer/src/main.js';\nexport const a = x;\n"],
    ['preload → core', 'electron/preload/probe.ts', "import { x } from '../core/errors.js';\nexport const a = x;\n"],
    ['preload → node:path', 'electron/preload/probe.ts', "import { join } from 'node:path';\nexport const j = join;\n"],
    ['cli → electron', 'electron/cli/probe.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['cli → main', 'electron/cli/probe.ts', "import { x } from '../main/ipc.js';\nexport const a = x;\n"],
    ['renderer → node:fs', 'renderer/src/probe.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ['renderer → core', 'renderer/src/probe.ts', "import { x } from '../../electron/core/errors.js';\nexport const a = x;\n"],
  ];
  for (const [layer, file, code] of probes) {
    it(`rejects ${layer}`, async () => {
      expect(restricted(await lint(file, code))).not.toEqual([]);
    });
  }

  it('allows what each layer is for: lower domains, shared, its own packages', async () => {
    const allowed: [string, string][] = [
      ['electron/core/keystore/probe.ts', "import { x } from '../pki/pem.js';\nexport const a = x;\n"],
      ['electron/core/agent-profiles/probe.ts', "import { x } from '../keystore/model.js';\nexport const a = x;\n"],
      ['electron/core/pki/probe.ts', "import { x } from '../errors.js';\nimport { y } from '../../../shared/findings.js';\nexport const a = [x, y];\n"],
      ['electron/main/probe.ts', "import { app } from 'electron';\nimport { x } from '../core/errors.js';\nexport const a = [app, x];\n"],
      ['electron/preload/probe.ts', "import { ipcRenderer } from 'electron';\nimport { x } from '../../shared/contract/api.js';\nexport const a = [ipcRenderer, x];\n"],
      ['electron/cli/probe.ts', "import { join } from 'node:path';\nimport { x } from '../core/errors.js';\nexport const a = [join, x];\n"],
      ['renderer/src/probe.ts', "import { tick } from 'svelte';\nimport { x } from '../../shared/findings.js';\nexport const a = [tick, x];\n"],
      ['shared/contract/probe.ts', "import { z } from 'zod';\nimport { x } from '../findings.js';\nexport const a = [z, x];\n"],
    ];
    for (const [file, code] of allowed) expect(restricted(await lint(file, code)), file).toEqual([]);
  });
});
