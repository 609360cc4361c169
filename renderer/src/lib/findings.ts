import type { Finding } from '../../../shared/findings.js';
import { daysLeftText } from '../../../shared/format.js';

/** A certificate as the core describes it: its facts and its judgements (`findings`). */
interface Judged {
  daysLeft: number;
  findings: readonly Finding[];
}

/** The core's findings about a certificate, most severe first. */
export function certFindings(facts: Judged): readonly Finding[] {
  return facts.findings;
}

/** True when the core judged the certificate expired or expiring soon (the core owns the threshold). */
export function needsRenewal(facts: Judged): boolean {
  return certFindings(facts).some((f) => f.code === 'expired' || f.code === 'expiring-soon');
}

/** The validity badge: its tone from the core's findings, its words from the days left. */
export function validityBadge(facts: Judged): { cls: 'ok' | 'warn' | 'bad'; text: string } {
  const codes = new Set(certFindings(facts).map((f) => f.code));
  if (codes.has('expired')) return { cls: 'bad', text: daysLeftText(facts.daysLeft) };
  if (codes.has('not-yet-valid')) return { cls: 'bad', text: 'not valid yet' };
  if (codes.has('expiring-soon')) return { cls: 'warn', text: daysLeftText(facts.daysLeft) };
  return { cls: 'ok', text: daysLeftText(facts.daysLeft) };
}
