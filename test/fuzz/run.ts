/**
 * `npm run fuzz`: every parser through at least 100,000 mutated inputs (or `--cases N`), reporting
 * cases per second, the slowest case, the outcomes and peak memory. Exits 1 on any failure.
 *   npm run fuzz -- [--cases N] [--seed S] [--only NAME]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runFuzz } from './engine.js';
import { buildTargets } from './targets.js';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const cases = Number(arg('--cases') ?? 100_000);
const seed = Number(arg('--seed') ?? Date.now() % 2 ** 31);
const only = arg('--only');

const dir = mkdtempSync(join(tmpdir(), 'certdesk-fuzz-'));
let failed = 0;
try {
  const targets = buildTargets(dir).filter((t) => !only || t.name.includes(only));
  console.log(`fuzz: ${targets.length} parsers × ${cases} cases, seed ${seed}`);
  for (const target of targets) {
    const r = runFuzz(target, { cases, seed, caseLimitMs: 5_000 });
    const top = Object.entries(r.outcomes).sort((a, b) => b[1] - a[1]).slice(0, 4).map(([k, v]) => `${k} ${v}`).join(', ');
    console.log(`${r.failure ? 'FAIL' : 'ok  '} ${target.name.padEnd(28)} ${String(r.cases).padStart(7)} cases  ${r.casesPerSecond.toFixed(0).padStart(6)}/s  slowest ${r.slowestMs.toFixed(1)} ms  rss ${r.peakRssMiB} MiB  (${top})`);
    if (r.failure) {
      failed++;
      console.log(`     ${r.failure.reason}\n     input ${r.failure.inputBytes} bytes, starts ${r.failure.inputHead}; replay: --seed ${r.failure.seed} --only '${target.name}'`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
