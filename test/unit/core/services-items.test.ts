import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../electron/core/log.js';
import { checkedItems } from '../../../electron/core/services.js';

// Partial results leave the core through the same gate as outputs: only what the contract declares.
describe('per-item partial results', () => {
  it('strips undeclared fields, drops malformed items and items of ops that declare none', () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l));
    const got: Array<[string, unknown]> = [];
    const deliver = (k: string, v: unknown) => void got.push([k, v]);
    const item = checkedItems('tls.scan', { item: z.object({ host: z.string(), ok: z.boolean() }) }, deliver, log);
    item('a', { host: 'a.example', ok: true, privateKey: 'leaked?' });
    item('b', { host: 'b.example' });
    checkedItems('app.info', {}, deliver, log)('c', { anything: 1 });
    expect(got).toEqual([['a', { host: 'a.example', ok: true }]]);
    expect(lines.filter((l) => l.includes('dropped'))).toHaveLength(2);
  });
});
