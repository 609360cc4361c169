import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../../shared/contract/index.js';
import { exitCodeFor, fail, ok } from '../../../shared/errors.js';

describe('Result and error codes', () => {
  it('maps input problems to exit 2 and found problems to exit 1', () => {
    expect(exitCodeFor('BAD_PASSWORD')).toBe(2);
    expect(exitCodeFor('VALIDATION_FAILED')).toBe(2);
    expect(exitCodeFor('TIMEOUT')).toBe(1);
    for (const code of ERROR_CODES) expect([1, 2]).toContain(exitCodeFor(code));
  });
  it('composes one closed list from the common codes and each domain\'s own, without overlap', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    for (const code of ['KEY_CERT_MISMATCH', 'KEYSTORE_CORRUPT', 'CONFIG_INVALID', 'SECRET_STORE_UNAVAILABLE', 'INTERNAL'] as const) expect(ERROR_CODES).toContain(code);
    for (const code of ERROR_CODES) expect(code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
  });
  it('builds results with and without a hint', () => {
    expect(ok(3)).toEqual({ ok: true, value: 3 });
    expect(fail('IO_ERROR', 'disk full')).toEqual({ ok: false, error: { code: 'IO_ERROR', message: 'disk full' } });
    expect(fail('IO_ERROR', 'disk full', 'free space')).toMatchObject({ error: { hint: 'free space' } });
  });
});
