import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TLS_FINDING_CODES } from '../../../../shared/contract/tls-result.js';

const DIR = join(import.meta.dirname, '../../../../electron/core/tls');

describe('TLS finding codes', () => {
  it('every code the engine writes is declared in the contract, so scripts and the UI can rely on it', () => {
    const used = new Set<string>();
    for (const file of readdirSync(DIR)) {
      for (const m of readFileSync(join(DIR, file), 'utf8').matchAll(/code: '([a-z0-9-]+)'/g)) used.add(m[1] ?? '');
    }
    expect(used.size).toBeGreaterThan(15);
    expect([...used].filter((c) => !(TLS_FINDING_CODES as readonly string[]).includes(c))).toEqual([]);
  });
});
