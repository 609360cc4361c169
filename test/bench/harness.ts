import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/** One side of a pair: a whole command, timed as a process (spawn to exit). */
export interface Side {
  label: string;
  cmd: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  input?: string;
  /** Runs before each timed run, untimed (e.g. restore a file the command changes). */
  prepare?: () => void;
}

export interface Pair {
  name: string;
  certdesk: Side;
  reference: Side;
  runs?: number;
}

export interface PairResult {
  name: string;
  certdesk: string;
  reference: string;
  certdeskMedianMs: number;
  referenceMedianMs: number;
  /** certdesk / reference: below 1 means Certdesk is faster. */
  ratio: number;
  runs: number;
}

/** A custom measurement row (for benchmarks that are not two commands, e.g. event-loop delay). */
export interface NoteRow {
  name: string;
  value: string;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function timeOnce(side: Side): number {
  side.prepare?.();
  const start = process.hrtime.bigint();
  const r = spawnSync(side.cmd, side.args, { env: { ...process.env, ...side.env }, input: side.input ?? '', stdio: ['pipe', 'ignore', 'pipe'] });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${side.label} failed (exit ${r.status}): ${r.stderr?.toString().slice(0, 400)}`);
  return ms;
}

/** Runs each pair alternately (A B A B …) after one untimed warm-up of each, and returns medians and ratios. */
export function runPairs(pairs: Pair[], log: (line: string) => void = console.log): PairResult[] {
  const results: PairResult[] = [];
  for (const pair of pairs) {
    const runs = pair.runs ?? 10;
    timeOnce(pair.certdesk);
    timeOnce(pair.reference);
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < runs; i++) {
      a.push(timeOnce(pair.certdesk));
      b.push(timeOnce(pair.reference));
    }
    const r: PairResult = {
      name: pair.name,
      certdesk: pair.certdesk.label,
      reference: pair.reference.label,
      certdeskMedianMs: median(a),
      referenceMedianMs: median(b),
      ratio: median(a) / median(b),
      runs,
    };
    log(`${r.name}: ${r.certdeskMedianMs.toFixed(1)} ms vs ${r.referenceMedianMs.toFixed(1)} ms (×${r.ratio.toFixed(2)})`);
    results.push(r);
  }
  return results;
}

/** The results as a Markdown table (also written to bench-results.md). */
export function toMarkdown(results: PairResult[], notes: NoteRow[] = []): string {
  const lines = [
    '# Certdesk benchmarks',
    '',
    `Run ${new Date().toISOString()} on ${process.platform} ${process.arch}, Node ${process.versions.node}. Medians of alternating runs; ratio = Certdesk / reference (below 1 is faster).`,
    '',
    '| benchmark | Certdesk | reference | Certdesk median | reference median | ratio | runs |',
    '|---|---|---|---:|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.name} | \`${r.certdesk}\` | \`${r.reference}\` | ${r.certdeskMedianMs.toFixed(1)} ms | ${r.referenceMedianMs.toFixed(1)} ms | ${r.ratio.toFixed(2)} | ${r.runs} |`,
    ),
  ];
  if (notes.length) lines.push('', '| measurement | value |', '|---|---|', ...notes.map((n) => `| ${n.name} | ${n.value} |`));
  return `${lines.join('\n')}\n`;
}

/** Prints the table and writes it to the given file. */
export function report(results: PairResult[], notes: NoteRow[], file = 'bench-results.md'): void {
  const md = toMarkdown(results, notes);
  writeFileSync(file, md);
  console.log(`\n${md}`);
}
