/**
 * Expiry of a group of certificates (a keystore entry's chain) as the core judges it, from the
 * certificates' own findings so the threshold is decided in one place (cert-facts.ts).
 */
import type { CertificateFacts } from '../../../shared/contract/certificate.js';
import type { ExpiryStatus } from '../../../shared/contract/expiry.js';

const DAY_MS = 86_400_000;

/**
 * Days left until `notAfter`, the one rule every output uses (it lands in CertificateFacts.daysLeft):
 * while valid, started days count, so a fresh 365-day certificate has 365 and one ending in two
 * hours has 1; once ended, minus the
 * started days since the end (ended an hour ago: -1, two days and a minute ago: -3).
 * Java, OpenSSL and Certdesk all treat notAfter itself as still valid.
 */
export function daysLeftUntil(notAfter: Date, now: Date): number {
  const remaining = (notAfter.getTime() - now.getTime()) / DAY_MS;
  return remaining > 0 ? Math.ceil(remaining) : Math.floor(remaining);
}

/** The status and days left of the soonest-ending certificate; null when there is none (a secret key). */
export function expiryOf(certs: readonly CertificateFacts[]): { status: ExpiryStatus; daysLeft: number } | null {
  if (certs.length === 0) return null;
  const daysLeft = Math.min(...certs.map((c) => c.daysLeft));
  const has = (code: string) => certs.some((c) => c.findings.some((f) => f.code === code));
  const status: ExpiryStatus = has('expired') ? 'expired' : has('not-yet-valid') ? 'not-yet-valid' : has('expiring-soon') ? 'expiring-soon' : 'valid';
  return { status, daysLeft };
}

/**
 * Every certificate (chains included) ending within `days` days, and, apart, every one that has already
 * ended, each with the entry it belongs to. Expired is not "expiring": a monitor treats them differently.
 */
export function expiringWithin(entries: readonly { alias: string; certificates: readonly CertificateFacts[] }[], days: number) {
  const all = entries.flatMap((e) => e.certificates.map((c) => ({ alias: e.alias, subject: c.subject, notAfter: c.notAfter, daysLeft: c.daysLeft })));
  return { expiring: all.filter((c) => c.daysLeft >= 0 && c.daysLeft <= days), expired: all.filter((c) => c.daysLeft < 0) };
}
