/** The order of a batch TLS check's rows, the same in the core, the CLI and the window. Pure. */
import type { TlsScanRow } from './contract/tls.js';
import { bySeverity } from './findings.js';

/** Errors first, then warnings; within each, the certificate ending soonest first (none reached last), then list order. */
export function byUrgency(a: Pick<TlsScanRow, 'severity' | 'daysLeft' | 'line'>, b: Pick<TlsScanRow, 'severity' | 'daysLeft' | 'line'>): number {
  return bySeverity(a, b) || (a.daysLeft ?? Infinity) - (b.daysLeft ?? Infinity) || a.line - b.line;
}
