/**
 * Thresholds the core decides with, read from one place. Every finding that depends on a threshold
 * (a certificate "expiring soon", later a token or an endpoint) takes it from here.
 */
export interface CoreSettings {
  /** A certificate or credential within this many days of its end is "expiring soon". */
  expiringSoonDays: number;
}

export const DEFAULT_SETTINGS: CoreSettings = { expiringSoonDays: 30 };

/** Settings for a run: the defaults, with `CERTDESK_EXPIRING_SOON_DAYS` (1..3650) overriding the threshold. */
export function loadSettings(env: Record<string, string | undefined> = {}): CoreSettings {
  const raw = env['CERTDESK_EXPIRING_SOON_DAYS'];
  const n = raw === undefined ? NaN : Number(raw);
  return { expiringSoonDays: Number.isInteger(n) && n >= 1 && n <= 3650 ? n : DEFAULT_SETTINGS.expiringSoonDays };
}
