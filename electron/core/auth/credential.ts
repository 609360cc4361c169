/**
 * A credential as a call uses it: its scheme, its field values (secret ones apart) and where its secret
 * may go. Built from a vault credential or an inline one; checked against the kinds' vocabulary.
 */
import { CREDENTIAL_KINDS, type CredentialField, isCredentialKind } from '../../../shared/credential-kinds.js';
import { CertdeskError } from '../errors.js';

export interface CallCredential {
  scheme: string;
  /** The vault credential's name; absent for an inline one. */
  name?: string;
  fields: Record<string, string>;
  secrets: Record<string, string>;
  /** Hosts the secret may be sent to (`host`, `host:port` or `*.domain`). */
  allowedHosts: string[];
}

/** A field's value (secret or not), else its default, else ''. */
export function fieldOf(cred: CallCredential, name: string): string {
  const v = cred.secrets[name] ?? cred.fields[name];
  if (v !== undefined && v !== '') return v;
  if (!isCredentialKind(cred.scheme)) return '';
  const def = (CREDENTIAL_KINDS[cred.scheme].fields as readonly CredentialField[]).find((f) => f.name === name);
  return def?.default ?? '';
}

/** Refuses unknown fields, a secret field given as a plain field, and missing required ones. */
export function checkCredential(cred: CallCredential): void {
  if (cred.scheme === 'none') return;
  if (!isCredentialKind(cred.scheme)) throw new CertdeskError('VALIDATION_FAILED', `Unknown scheme "${cred.scheme}".`);
  const defs = CREDENTIAL_KINDS[cred.scheme].fields as readonly CredentialField[];
  const known = new Set(defs.map((f) => f.name));
  for (const name of [...Object.keys(cred.fields), ...Object.keys(cred.secrets)]) {
    if (!known.has(name)) throw new CertdeskError('VALIDATION_FAILED', `The scheme ${cred.scheme} has no field "${name}".`, `Its fields: ${defs.map((f) => f.name).join(', ')}.`);
  }
  for (const f of defs) {
    if (f.secret && cred.fields[f.name] !== undefined) throw new CertdeskError('VALIDATION_FAILED', `The field "${f.name}" of ${cred.scheme} is secret: give it as a secret, not a plain field.`, `On the command line: --secret-env ${f.name}=VAR.`);
    if (f.required && fieldOf(cred, f.name) === '') throw new CertdeskError('VALIDATION_FAILED', `The scheme ${cred.scheme} needs the field "${f.name}" (${f.label}).`, f.secret ? `Give it with --secret-env ${f.name}=VAR.` : `Give it with --field ${f.name}=VALUE.`);
  }
}

/** Every secret string of the credential, and the encodings it may appear in on the wire (for masking). */
export function secretForms(cred: CallCredential): string[] {
  const out = new Set<string>();
  for (const v of Object.values(cred.secrets)) {
    if (v.length < 1) continue;
    out.add(v);
    out.add(encodeURIComponent(v));
    out.add(new URLSearchParams({ v }).toString().slice(2));
  }
  // Basic credentials travel as base64 of the pair.
  if (cred.scheme === 'basic') out.add(Buffer.from(`${fieldOf(cred, 'user')}:${fieldOf(cred, 'password')}`).toString('base64'));
  if (cred.scheme === 'api-key-and-secret') out.add(Buffer.from(`${fieldOf(cred, 'key')}:${fieldOf(cred, 'secret')}`).toString('base64'));
  // Longest first, so a secret inside a longer form is masked as one piece.
  return [...out].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
}

/** `text` with each secret form replaced by ****. */
export function maskSecrets(text: string, forms: readonly string[]): string {
  let out = text;
  for (const s of forms) out = out.split(s).join('****');
  return out;
}

/** True when `host` (and `port`) is one of the allowed hosts: exact names, `host:port`, or `*.suffix`. */
export function hostAllowed(allowed: readonly string[], host: string, port: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, '');
  return allowed.some((raw) => {
    const entry = raw.trim().toLowerCase();
    const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(entry);
    if (!m?.[1]) return false;
    if (m[2] !== undefined && m[2] !== port) return false;
    const name = m[1].replace(/^\[|\]$/g, '');
    if (name.startsWith('*.')) return h.endsWith(name.slice(1)) && h.length > name.length - 1;
    return h === name;
  });
}
