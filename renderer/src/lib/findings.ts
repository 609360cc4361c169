import type { Finding } from '../../../shared/findings.js';
import { daysLeftText } from '../../../shared/format.js';

/** A certificate as the core describes it: its judgements (`findings`), or the older `warnings` with upper-case codes. */
interface Judged {
  daysLeft: number;
  findings?: readonly Finding[];
  warnings?: readonly { code: string; message: string }[];
}

const OLD_CODES: Readonly<Record<string, Pick<Finding, 'code' | 'severity'>>> = {
  EXPIRED: { code: 'expired', severity: 'error' },
  NOT_YET_VALID: { code: 'not-yet-valid', severity: 'error' },
  EXPIRING_SOON: { code: 'expiring-soon', severity: 'warning' },
  SHA1_SIGNATURE: { code: 'weak-signature', severity: 'warning' },
  WEAK_RSA_KEY: { code: 'weak-key', severity: 'warning' },
  NO_SAN: { code: 'no-san', severity: 'warning' },
};

/**
 * The core's findings about a certificate. The one place that still reads the older `warnings`
 * shape; once every result carries `findings` this is `facts.findings`.
 */
export function certFindings(facts: Judged): readonly Finding[] {
  if (facts.findings) return facts.findings;
  return (facts.warnings ?? []).map((w) => ({ ...(OLD_CODES[w.code] ?? { code: 'other', severity: 'warning' as const }), message: w.message }));
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
