import { afterEach, describe, expect, it, vi } from 'vitest';
import { startReminders, type Reminder } from '../../../electron/main/reminders.js';

/** The app's reminder glue: at start, then daily; nothing shown when the core has nothing to say. */
describe('startReminders', () => {
  afterEach(() => vi.useRealTimers());

  it('shows the core reminder at start and again each day, and stops when asked', async () => {
    vi.useFakeTimers();
    const reminder: Reminder = { title: 'Certdesk: 1 expired', body: 'old: expired 3 days ago', count: 1 };
    const ask = vi.fn(async () => ({ ok: true as const, value: reminder }));
    const shown: Reminder[] = [];
    const stop = startReminders(ask, (r) => shown.push(r), () => undefined, 1000);
    await vi.advanceTimersByTimeAsync(0);
    expect(shown).toEqual([reminder]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(shown).toHaveLength(3);
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(shown).toHaveLength(3);
  });

  it('shows nothing when nothing is due, and logs a failed gathering', async () => {
    const shown: Reminder[] = [];
    const logged: string[] = [];
    const stopNone = startReminders(async () => ({ ok: true as const, value: null }), (r) => shown.push(r), (l) => logged.push(l));
    const stopFail = startReminders(async () => ({ ok: false as const, error: { code: 'IO_ERROR' as const, message: 'disk gone' } }), (r) => shown.push(r), (l) => logged.push(l));
    await new Promise((r) => setTimeout(r, 10));
    stopNone();
    stopFail();
    expect(shown).toEqual([]);
    expect(logged).toEqual(["The overview's reminder could not be gathered: disk gone"]);
  });
});
