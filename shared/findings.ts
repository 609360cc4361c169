import { z } from 'zod';

/**
 * One judgement the core makes about something the person looks at (a certificate, a keystore, a
 * TLS handshake, an auth call). The core decides code, severity and thresholds; the CLI and the UI
 * only present them.
 */
export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

export const Finding = z.object({
  /** Stable, kebab-case (`expired`, `hostname-mismatch`): scripts and the UI branch on it. */
  code: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  severity: Severity,
  /** One line for the person: what is wrong. */
  message: z.string(),
  /** What to do about it, when there is something to do. */
  fix: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** Most severe first; stable for equal severities. */
export function bySeverity(a: Pick<Finding, 'severity'>, b: Pick<Finding, 'severity'>): number {
  return RANK[a.severity] - RANK[b.severity];
}

/** The worst severity among findings, or null when there are none. */
export function worstSeverity(findings: readonly Pick<Finding, 'severity'>[]): Severity | null {
  let worst: Severity | null = null;
  for (const f of findings) if (worst === null || RANK[f.severity] < RANK[worst]) worst = f.severity;
  return worst;
}
