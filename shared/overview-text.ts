/**
 * The overview's words, one place for the app, the CLI, the reports and the reminders. Plain data, no
 * schemas: the CLI's entry and the renderer both load it cheaply.
 */
import type { OverviewItemKind, OverviewSeverity } from './contract/overview.js';

/** Urgency order, most urgent first (the rank sorts the list). */
export const SEVERITY_RANK: Readonly<Record<OverviewSeverity, number>> = {
  expired: 0,
  'within-7-days': 1,
  'within-threshold': 2,
  failing: 3,
  ok: 4,
};

/** A severity as a short label; the threshold is the run's shared "expiring soon" days. */
export function severityText(severity: OverviewSeverity, threshold: number): string {
  switch (severity) {
    case 'expired':
      return 'Expired';
    case 'within-7-days':
      return 'Within 7 days';
    case 'within-threshold':
      return `Within ${threshold} days`;
    case 'failing':
      return 'Failing';
    case 'ok':
      return 'OK';
    default: {
      const never: never = severity;
      return never;
    }
  }
}

export const ITEM_KIND_TEXT: Readonly<Record<OverviewItemKind, string>> = {
  'certificate-file': 'Certificate file',
  'keystore-entry': 'Keystore entry',
  'agent-keystore': 'Agent keystore',
  endpoint: 'TLS endpoint',
  credential: 'Credential',
  'auth-test': 'Auth test',
};
