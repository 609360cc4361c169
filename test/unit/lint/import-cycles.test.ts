import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// A small import-graph walk over relative imports (type-only ones too: a type cycle is still two
// modules that cannot be understood apart) in the app's source folders; any cycle fails.
const ROOT = process.cwd();
const FOLDERS = ['electron', 'shared', 'renderer'];
const SOURCE = /\.(ts|svelte)$/;
const IMPORT = /(?:^|[\s;])(?:import|export)\s(?:[^'";]*?\sfrom\s)?['"](\.{1,2}\/[^'"]+)['"]|import\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return SOURCE.test(name) ? [full] : [];
  });
}

function resolveImport(from: string, spec: string): string | null {
  const base = resolve(dirname(from), spec);
  const candidates = [base, base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile() && SOURCE.test(c)) ?? null;
}

function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of FOLDERS.flatMap((f) => sourceFiles(join(ROOT, f)))) {
    const text = readFileSync(file, 'utf8');
    const deps = new Set<string>();
    for (const m of text.matchAll(IMPORT)) {
      const target = resolveImport(file, (m[1] ?? m[2]) as string);
      if (target) deps.add(target);
    }
    graph.set(file, [...deps]);
  }
  return graph;
}

/** Strongly connected components with more than one module (or a module importing itself): Tarjan. */
function cycles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w !== undefined) {
          onStack.delete(w);
          scc.push(w);
        }
      } while (w !== undefined && w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.map((f) => relative(ROOT, f).split('\\').join('/')).sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return out;
}

describe('imports form no cycles', () => {
  const found = cycles(importGraph());
  const key = (c: string[]) => c.join(' ⇄ ');

  it('detects a cycle in a small graph, and none in a chain', () => {
    const g = (edges: [string, string][]) => new Map(['/r/a', '/r/b', '/r/c'].map((v) => [v, edges.filter(([f]) => f === v).map(([, t]) => t)]));
    expect(cycles(g([['/r/a', '/r/b'], ['/r/b', '/r/c'], ['/r/c', '/r/a']]))).toHaveLength(1);
    expect(cycles(g([['/r/a', '/r/b'], ['/r/b', '/r/c']]))).toEqual([]);
  });

  it('finds the imports it walks (the walk itself works)', () => {
    const graph = importGraph();
    const services = [...graph.entries()].find(([f]) => f.endsWith(join('electron', 'core', 'services.ts')));
    expect(services?.[1].some((d) => d.endsWith(join('pki', 'service.ts')))).toBe(true);
  });

  it('has no import cycle in electron/, shared/ or renderer/', () => {
    expect(found.map(key)).toEqual([]);
  });
});
