/**
 * The overview's sources and the ports other domains plug in. Each source gathers its items; the
 * overview judges and sorts them (judge.ts). A source that cannot be read at all reports a problem
 * instead of failing the whole list.
 */
import type { Credential } from '../../../shared/contract/vault.js';
import type { CertificateFacts } from '../../../shared/contract/certificate.js';
import type { CoreDeps, JobContext } from '../deps.js';
import type { GatheredItem } from './judge.js';

/** One run of the overview: the time, the threshold, and whether watched endpoints are checked again. */
export interface GatherContext {
  deps: CoreDeps;
  now: Date;
  threshold: number;
  /** 'all': re-check every watched endpoint; 'none': use the last check (an endpoint never checked is checked). */
  recheck: 'none' | 'all';
  /** Only this watch (the app's "Re-check" on one row). */
  watchId?: string | undefined;
  job: JobContext;
}

export interface OverviewSource {
  /** Named in a problem when the source cannot be read. */
  readonly name: string;
  gather(ctx: GatherContext): Promise<GatheredItem[]>;
}

/** A saved auth test with its last verdict, as the auth tests keep it. */
export interface SavedAuthTest {
  id: string;
  name: string;
  url: string;
  credential?: string | undefined;
  last: { at: string; verdict: 'authenticated' | 'forbidden' | 'rejected' | 'error'; summary: string } | null;
}

/**
 * What other domains lend the overview. Each is optional: a core without the vault or the auth tests
 * (or a CLI bundle that does not carry them) simply has fewer sources.
 */
export interface OverviewPorts {
  /** The vault's credentials, metadata only (vault.list). */
  credentials?: () => Promise<Credential[]>;
  /** One secret field of a vault credential (a `keystore-password` credential's `password`). */
  credentialSecret?: (name: string, field: string) => Promise<string>;
  /** The name of the vault `keystore-password` credential kept for this keystore file, if any (metadata only). */
  keystoreCredential?: (path: string) => Promise<string | null>;
  /** The saved auth tests and their last verdicts. */
  authTests?: () => Promise<SavedAuthTest[]>;
}

/** The soonest-ending certificate of a group, as an item's expiry; null when there is none. */
export function soonestExpiry(certs: readonly Pick<CertificateFacts, 'notAfter' | 'daysLeft'>[]): GatheredItem['expires'] {
  let soonest: Pick<CertificateFacts, 'notAfter' | 'daysLeft'> | undefined;
  for (const c of certs) if (!soonest || c.daysLeft < soonest.daysLeft) soonest = c;
  return soonest ? { at: soonest.notAfter, daysLeft: soonest.daysLeft } : null;
}

/** The CN of a subject as the core writes it (`CN=…, O=…`), or the whole subject. */
export function subjectName(subject: string): string {
  const m = /(?:^|,\s*)CN=((?:[^,\\]|\\.)+)/.exec(subject);
  return m?.[1]?.trim() || subject;
}

/** Any thrown thing as one line for a failing item (errors carry no secret: the services register them). */
export function problemText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
