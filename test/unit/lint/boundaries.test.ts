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
