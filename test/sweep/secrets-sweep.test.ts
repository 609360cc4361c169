/**
 * The secrets sweep over the CLI and e2e suites (and every suite using the test helpers): no secret
 * value they handed to Certdesk is in a data folder, temp or cache folder, log, exported file or report,
 * the argv of a process a command ran, or the page text of a screenshot. The helpers record what they
 * saw (test/helpers/secrets.ts); this project runs after the suites (vitest `groupOrder`) and judges.
 */
import { describe, expect, it } from 'vitest';
import { readSweepRecords, sweepVerdict } from '../helpers/secrets.js';

describe('the secrets sweep', () => {
  it('finds no secret anywhere the suites looked', () => {
    const verdict = sweepVerdict(readSweepRecords());
    // Without records the sweep has nothing to judge: it runs after the suites (npm run test:unit / test:e2e).
    expect(verdict.secrets, 'no secrets were registered: run the sweep after the suites (npm run test:unit)').toBeGreaterThan(0);
    expect(verdict.swept['files'] ?? 0).toBeGreaterThan(0);
    console.info(`secrets sweep: ${verdict.secrets} secrets against ${Object.entries(verdict.swept).map(([k, n]) => `${n} ${k}`).join(', ')}`);
    expect(verdict.hits).toEqual([]);
  });
});
