import { api } from '../../lib/api.js';

/**
 * Re-checks the watched endpoints every `minutes` while the app runs (the person's setting, kept in the
 * metadata store by overview.settings). One timer for the whole app: it keeps running when the person
 * leaves the Overview, and `onChecked` lets the open Overview refresh its list.
 */
class RecheckSchedule {
  minutes = $state<number | undefined>();
  lastRun = $state<string | undefined>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #listeners = new Set<() => void>();

  /** Reads the saved setting and starts the timer (once). */
  async start(): Promise<void> {
    if (this.minutes !== undefined) return;
    const res = await api().overview.settings({});
    if (res.ok) this.#apply(res.value.settings.recheckMinutes);
  }

  /** Saves a new interval (0: only on demand) and restarts the timer. */
  async set(minutes: number): Promise<boolean> {
    const res = await api().overview.settings({ recheckMinutes: minutes });
    if (res.ok) this.#apply(res.value.settings.recheckMinutes);
    return res.ok;
  }

  /** Calls `fn` after each scheduled re-check; returns the unsubscribe function. */
  onChecked(fn: () => void): () => void {
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  #apply(minutes: number): void {
    this.minutes = minutes;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = minutes > 0 ? setInterval(() => void this.#run(), minutes * 60_000) : undefined;
  }

  async #run(): Promise<void> {
    const res = await api().overview.list({ recheck: 'all' });
    if (!res.ok) return;
    this.lastRun = res.value.at;
    for (const fn of this.#listeners) fn();
  }
}

export const recheckSchedule = new RecheckSchedule();
