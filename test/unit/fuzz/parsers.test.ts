/**
 * A short sample of `npm run fuzz`: every parser through mutated real files (openssl, keytool), each
 * case ending in a value or a typed error within bounded time. The full run is `npm run fuzz`.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runFuzz } from '../../fuzz/engine.js';
import { buildTargets } from '../../fuzz/targets.js';
import { tempDir } from '../core/pki/helpers.js';

const dir = tempDir('certdesk-fuzz-');
afterAll(() => dir.cleanup());
const targets = buildTargets(dir.dir);
// A fixed seed per run of the suite keeps CI reproducible; `npm run fuzz` draws a new one each time.
const SEED = 20261130;

describe('parsers under mutated real files', () => {
  for (const target of targets) {
    it(`${target.name}: every mutated input ends in a value or a typed error`, () => {
      const report = runFuzz(target, { cases: 400, seed: SEED, caseLimitMs: 2_000 });
      expect(report.failure, report.failure && `${report.failure.reason} (input ${report.failure.inputBytes} bytes, ${report.failure.inputHead}…)`).toBeUndefined();
      expect(report.cases).toBe(400);
      // The mutations must reach past the first check: some inputs still parse, some are refused.
      expect(Object.keys(report.outcomes).length).toBeGreaterThan(1);
    });
  }
});
