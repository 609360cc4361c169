import { worstSeverity, type Finding } from '../../../shared/findings.js';
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

/** Findings that say what a whole file is (its chain), as opposed to a .pfx's encryption profile, shown apart. */
const PFX_PROFILE_CODES = new Set(['pfx-modern-encryption', 'pfx-legacy-encryption']);
/** Info findings that are good news: the verdict shows them green. */
const GOOD_NEWS = new Set(['chain-complete', 'self-signed']);

/** A file's verdict: its most severe finding (an expired certificate outranks "self-signed"), and the tone to show it in. */
export function fileVerdict(findings: readonly Finding[]): { tone: 'bad' | 'warn' | 'info' | 'ok'; finding: Finding } | null {
  const candidates = findings.filter((f) => !PFX_PROFILE_CODES.has(f.code));
  const worst = worstSeverity(candidates);
  const finding = candidates.find((f) => f.severity === worst);
  if (!finding) return null;
  switch (finding.severity) {
    case 'error':
      return { tone: 'bad', finding };
    case 'warning':
      return { tone: 'warn', finding };
    case 'info':
      return { tone: GOOD_NEWS.has(finding.code) ? 'ok' : 'info', finding };
    default: {
      const never: never = finding.severity;
      return never;
    }
  }
}

/** The finding about a .pfx's encryption profile (which systems are known to refuse it), if any. */
export function pfxProfileFinding(findings: readonly Finding[]): Finding | undefined {
  return findings.find((f) => PFX_PROFILE_CODES.has(f.code));
}
