/** Runs one fuzz target: mutated real files through a parser, each ending in a value or a typed error. */
import fc from 'fast-check';
import { performance } from 'node:perf_hooks';
import { CertdeskError } from '../../electron/core/errors.js';
import { ERROR_CODES } from '../../shared/contract/index.js';
import { mutatedInput } from './mutate.js';
import type { FuzzTarget } from './targets.js';

export interface FuzzReport {
  target: string;
  cases: number;
  ms: number;
  casesPerSecond: number;
  /** The slowest single case. */
  slowestMs: number;
  /** How the cases ended: a value, or a typed error by code. */
  outcomes: Record<string, number>;
  /** The first failure, shrunk: what was thrown (or how long it took) and the input's size. */
  failure?: { reason: string; inputBytes: number; inputHead: string; seed: number; path?: string };
  peakRssMiB: number;
}

export interface FuzzOptions {
  cases: number;
  seed: number;
  /** A case slower than this is a failure: a parser must end within bounded time. */
  caseLimitMs: number;
}

const KNOWN_CODES = new Set<string>(ERROR_CODES);

/** Why an outcome is not acceptable, or null when it is (a value, or a CertdeskError with a known code). */
function badOutcome(err: unknown, typed?: (err: unknown) => boolean): string | null {
  if (err instanceof CertdeskError && KNOWN_CODES.has(err.code) && err.code !== 'INTERNAL') return null;
  if (typed?.(err)) return null;
  if (err instanceof CertdeskError) return `CertdeskError with code ${err.code}: ${err.message}`;
  // The first frames say where it escaped from: what a fix needs.
  const where = err instanceof Error ? (err.stack ?? '').split('\n').slice(1, 4).map((l) => l.trim()).join(' < ') : '';
  return `untyped ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}${where ? ` [${where}]` : ''}`;
}

export function runFuzz(target: FuzzTarget, opts: FuzzOptions): FuzzReport {
  const outcomes: Record<string, number> = {};
  let slowest = 0;
  let peakRss = process.memoryUsage.rss();
  let cases = 0;
  const started = performance.now();
  const property = fc.property(mutatedInput(target.seeds), (input) => {
    const t0 = performance.now();
    let outcome = 'value';
    let bad: string | null = null;
    try {
      const value = target.parse(input);
      if (target.outcome) outcome = target.outcome(value);
    } catch (err) {
      bad = badOutcome(err, target.typed);
      outcome = err instanceof CertdeskError ? err.code : target.typed?.(err) ? `${(err as Error).name}` : 'untyped';
    }
    const ms = performance.now() - t0;
    cases++;
    if (ms > slowest) slowest = ms;
    if ((cases & 255) === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (bad) throw new Error(bad);
    if (ms > opts.caseLimitMs) throw new Error(`took ${ms.toFixed(0)} ms (limit ${opts.caseLimitMs} ms)`);
  });
  const details = fc.check(property, { numRuns: opts.cases, seed: opts.seed, endOnFailure: false, maxSkipsPerRun: 0 });
  const ms = performance.now() - started;
  const report: FuzzReport = {
    target: target.name,
    cases,
    ms,
    casesPerSecond: cases / (ms / 1000),
    slowestMs: slowest,
    outcomes,
    peakRssMiB: Math.round(Math.max(peakRss, process.memoryUsage.rss()) / 1048576),
  };
  if (details.failed) {
    const input = (details.counterexample?.[0] as Buffer | undefined) ?? Buffer.alloc(0);
    const err = details.errorInstance;
    report.failure = {
      reason: err instanceof Error ? err.message.split('\n')[0] ?? '' : String(err),
      inputBytes: input.length,
      inputHead: input.subarray(0, 48).toString('hex'),
      seed: details.seed,
      ...(details.counterexamplePath ? { path: details.counterexamplePath } : {}),
    };
  }
  return report;
}
