import { describe, expect, it } from 'vitest';
import { judge, severityOf, type GatheredItem } from '../../../../electron/core/overview/judge.js';

const item = (name: string, daysLeft: number | null, ok: boolean | null = true): GatheredItem => ({
  key: name, name, kind: 'certificate-file', where: '/x',
  expires: daysLeft === null ? null : { at: '2030-01-01T00:00:00.000Z', daysLeft },
  lastCheck: ok === null ? null : { at: null, ok, summary: ok ? 'fine' : 'broken' },
  fix: null,
});

describe('the overview judgement', () => {
  it('draws the lines at expired, 7 days and the shared threshold, expiry before a failing check', () => {
    const cases: [number | null, boolean | null, string][] = [
      [-1, true, 'expired'], [0, true, 'within-7-days'], [7, true, 'within-7-days'], [8, true, 'within-threshold'],
      [30, true, 'within-threshold'], [31, true, 'ok'], [3, false, 'within-7-days'], [100, false, 'failing'], [null, false, 'failing'], [null, null, 'ok'],
    ];
    for (const [days, ok, want] of cases) expect(severityOf(item('x', days, ok), 30), `${days} ${ok}`).toBe(want);
  });

  it('sorts by severity, then fewest days left, then name; attention follows `within`', () => {
    const out = judge([item('b-ok', 200), item('failing', null, false), item('a-ok', 200), item('soon', 20), item('expired', -3), item('now', 2)], 30, 10);
    expect(out.map((i) => i.name)).toEqual(['expired', 'now', 'soon', 'failing', 'a-ok', 'b-ok']);
    expect(out.map((i) => i.attention)).toEqual([true, true, false, true, false, false]);
  });
});
