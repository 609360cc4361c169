import type { Result } from '../../shared/errors.js';

/** What the core says to remind of (overview.reminders): the words are decided there, not here. */
export interface Reminder {
  title: string;
  body: string;
  count: number;
}

const DAY_MS = 86_400_000;

/**
 * Asks the core for a reminder when the app starts and then daily while it runs, and shows it (an OS
 * notification in the app). Returns the function that stops the daily timer.
 */
export function startReminders(
  ask: () => Promise<Result<Reminder | null>>,
  show: (reminder: Reminder) => void,
  log: (line: string) => void,
  everyMs: number = DAY_MS,
): () => void {
  const run = async (): Promise<void> => {
    const res = await ask().catch((err: unknown) => ({ ok: false as const, error: { message: err instanceof Error ? err.message : String(err) } }));
    if (!res.ok) log(`The overview's reminder could not be gathered: ${res.error.message}`);
    else if (res.value) show(res.value);
  };
  void run();
  const timer = setInterval(() => void run(), everyMs);
  timer.unref?.();
  return () => clearInterval(timer);
}
