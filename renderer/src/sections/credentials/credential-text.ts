import type { Credential } from '../../../../shared/contract/vault.js';
import { CREDENTIAL_KINDS, type CredentialField, type CredentialKind } from '../../../../shared/credential-kinds.js';
import { daysLeftText } from '../../../../shared/format.js';

/** A kind's fields as the form generates them (the data in shared/credential-kinds.ts, nothing per kind here). */
export function kindFields(kind: CredentialKind): readonly CredentialField[] {
  return CREDENTIAL_KINDS[kind].fields;
}

/** "a, b\nc" → ["a", "b", "c"]: tags, endpoints and hosts are typed as comma or line lists. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The core's finding codes for a credential past its expiry and one within the expiring-soon threshold. */
export const EXPIRED = 'credential-expired';
export const EXPIRING_SOON = 'credential-expiring-soon';

/** True when the core judged the credential expired or expiring soon (the core owns the threshold). */
export function needsRenewal(c: Pick<Credential, 'findings'>): boolean {
  return c.findings.some((f) => f.code === EXPIRED || f.code === EXPIRING_SOON);
}

/** The expiry badge from the core's judgement (its findings) and the days left; none for "never". */
export function expiryBadge(c: Pick<Credential, 'findings' | 'daysLeft' | 'expires'>): { cls: 'ok' | 'warn' | 'bad' | 'neutral'; text: string; status: string } {
  const codes = new Set(c.findings.map((f) => f.code));
  if (c.expires === null || c.daysLeft === null) return { cls: 'neutral', text: 'never expires', status: 'never' };
  if (codes.has(EXPIRED)) return { cls: 'bad', text: daysLeftText(c.daysLeft), status: 'expired' };
  if (codes.has(EXPIRING_SOON)) return { cls: 'warn', text: daysLeftText(c.daysLeft), status: 'expiring-soon' };
  return { cls: 'ok', text: daysLeftText(c.daysLeft), status: 'valid' };
}

/** A field's label for a credential's kind (a field kept secret by choice keeps its kind's label). */
export function fieldLabel(kind: CredentialKind, name: string): string {
  return kindFields(kind).find((f) => f.name === name)?.label ?? name;
}

/** The secret fields a rotation may set: those it holds, and the kind's optional ones not given yet. */
export function rotatableFields(c: Pick<Credential, 'kind' | 'secretFields' | 'fields'>): string[] {
  const kindSecrets = kindFields(c.kind)
    .filter((f) => f.secret && !(f.name in c.fields))
    .map((f) => f.name);
  return [...new Set([...c.secretFields, ...kindSecrets])];
}

/** A time left in seconds, in words ("3 days 4 h", "expired 2 h ago"). */
export function secondsLeftText(seconds: number): string {
  const abs = Math.abs(seconds);
  const d = Math.floor(abs / 86400);
  const h = Math.floor((abs % 86400) / 3600);
  const m = Math.floor((abs % 3600) / 60);
  const span = d > 0 ? `${d} day${d === 1 ? '' : 's'}${h ? ` ${h} h` : ''}` : h > 0 ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min`;
  return seconds < 0 ? `expired ${span} ago` : `${span} left`;
}
