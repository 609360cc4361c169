import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

// What goes into each CLI bundle decides how fast a command starts: the entry must not load zod or
// the contract, and a domain bundle must hold only its own domain's operations (and no library the
// core no longer uses). The import graph is read from esbuild itself, with the build's settings.
const DOMAINS_DIR = 'electron/cli/domains';
const NOT_DOMAINS = new Set(['host.ts', 'zod-setup.ts']);
const domainFiles = readdirSync(DOMAINS_DIR).filter((f) => f.endsWith('.ts') && !NOT_DOMAINS.has(f));

async function inputsOf(entry: string): Promise<string[]> {
  const r = await build({
    entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, logLevel: 'silent',
    external: ['electron', 'keytar'], supported: { 'dynamic-import': false }, outfile: 'out.cjs',
  });
  return Object.keys(r.metafile.inputs);
}

/** The contract module that declares `<domain>Ops`, for each domain that has one. */
function opsModules(): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync('shared/contract').filter((n) => n.endsWith('.ts'))) {
    for (const m of readFileSync(join('shared/contract', f), 'utf8').matchAll(/export const ([a-z]+)Ops\b/g)) out.set(m[1] ?? '', `shared/contract/${f}`);
  }
  return out;
}

/**
 * Contract modules a domain's bundle may hold besides its own: a higher domain composes a lower one
 * (tls's agent check reads saved agent profiles, whose record schema lives in the agent contract; the keystore
 * commands open a keystore with the password the vault keeps for it).
 */
const COMPOSES: Record<string, string[]> = { tls: ['agent'], vault: ['token'], keystore: ['vault', 'token'] };

describe('what each CLI bundle holds', () => {
  it('the entry (help, version, argument parsing) loads neither zod nor any contract schema', async () => {
    const inputs = await inputsOf('electron/cli/main.ts');
    expect(inputs.filter((f) => /[\\/]zod[\\/]/.test(f) || f.startsWith('shared/contract/'))).toEqual([]);
  });

  for (const file of domainFiles) {
    const domain = file.replace(/\.ts$/, '');
    it(`the ${domain} bundle holds its own operations only, and no @peculiar/x509`, async () => {
      const inputs = await inputsOf(join(DOMAINS_DIR, file));
      const ops = opsModules();
      expect(inputs, `the ${domain} contract`).toContain(ops.get(domain));
      const others = [...ops].filter(([d]) => d !== domain && !(COMPOSES[domain] ?? []).includes(d)).map(([, m]) => m);
      expect(inputs.filter((f) => others.includes(f) || f === 'shared/contract/index.ts' || f === 'electron/core/services.ts')).toEqual([]);
      expect(inputs.filter((f) => /@peculiar|reflect-metadata|tsyringe/.test(f))).toEqual([]);
    });

    it(`the ${domain} bundle sets zod's jitless before any schema is built (its first import)`, () => {
      const firstImport = /^import\s[^;]*;/m.exec(readFileSync(join(DOMAINS_DIR, file), 'utf8'))?.[0];
      expect(firstImport).toBe("import './zod-setup.js';");
    });
  }
});
