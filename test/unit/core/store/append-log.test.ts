/** The append-only log: records read back in order, bounded by count and size, damaged lines skipped, concurrent appends kept. */
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createAppendLog } from '../../../../electron/core/store/append-log.js';

const dir = mkdtempSync(join(tmpdir(), 'certdesk-append-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const Entry = z.object({ n: z.number().int(), text: z.string() });
let logs = 0;
const newLog = (bounds: { maxEntries?: number; maxBytes?: number } = {}) =>
  createAppendLog({ path: join(dir, `log-${++logs}`, 'activity.jsonl'), record: Entry, maxEntries: bounds.maxEntries ?? 1000, maxBytes: bounds.maxBytes ?? 1 << 20 });

describe('append-only log', () => {
  it('reads back what was appended, oldest first, one JSON record a line, private to its owner', async () => {
    const log = newLog();
    for (let n = 0; n < 5; n++) await log.append({ n, text: `entry ${n}` });
    expect(await log.read()).toEqual({ records: [0, 1, 2, 3, 4].map((n) => ({ n, text: `entry ${n}` })), damaged: 0 });
    const path = join(dir, `log-${logs}`, 'activity.jsonl');
    expect(readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown)).toHaveLength(5);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('an empty or missing log reads as no records', async () => {
    expect(await newLog().read()).toEqual({ records: [], damaged: 0 });
  });

  it('keeps the newest records within the count bound', async () => {
    const log = newLog({ maxEntries: 10 });
    for (let n = 0; n < 25; n++) await log.append({ n, text: 'x' });
    expect((await log.read()).records.map((r) => r.n)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24]);
  });

  it('rewrites itself with the newest records once past its size bound, staying under it', async () => {
    const log = newLog({ maxBytes: 4096 });
    const path = join(dir, `log-${logs}`, 'activity.jsonl');
    for (let n = 0; n < 200; n++) {
      await log.append({ n, text: 'y'.repeat(80) });
      expect(statSync(path).size).toBeLessThanOrEqual(4096);
    }
    const { records } = await log.read();
    expect(records.at(-1)?.n).toBe(199);
    expect(records.map((r) => r.n)).toEqual(records.map((_, i) => 200 - records.length + i));
  });

  it('skips and counts a line that does not read back (a write cut short, an edit by hand), keeping the rest', async () => {
    const log = newLog();
    await log.append({ n: 1, text: 'a' });
    const path = join(dir, `log-${logs}`, 'activity.jsonl');
    appendFileSync(path, '{"n":2,"text":"cut sho');
    await log.append({ n: 3, text: 'c' });
    appendFileSync(path, '{"n":"not a number","text":"d"}\n');
    expect(await log.read()).toEqual({ records: [{ n: 1, text: 'a' }, { n: 3, text: 'c' }], damaged: 2 });
  });

  it('keeps every record of many appends at once', async () => {
    const log = newLog();
    await Promise.all(Array.from({ length: 40 }, (_, n) => log.append({ n, text: 'z' })));
    expect((await log.read()).records.map((r) => r.n).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n));
  });

  it('refuses a record that does not fit the schema, writing nothing', async () => {
    const log = newLog();
    await expect(log.append({ n: 1.5, text: 'bad' })).rejects.toThrow();
    expect(await log.read()).toEqual({ records: [], damaged: 0 });
  });
});
