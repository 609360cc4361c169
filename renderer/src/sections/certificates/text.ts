/** Words and small pure helpers for the Certificates section (no DOM, no API). */
import type { CertificateFacts } from '../../../../shared/contract/certificate.js';
import type { InspectItem, KeySpec } from '../../../../shared/contract/pki.js';
import type { InspectResult } from '../../../../shared/contract/pki-ops.js';

export const KEY_CHOICES: ReadonlyArray<{ value: KeySpec; label: string }> = [
  { value: 'rsa:2048', label: 'RSA 2048 (most compatible)' },
  { value: 'rsa:3072', label: 'RSA 3072' },
  { value: 'rsa:4096', label: 'RSA 4096 (slow to generate)' },
  { value: 'ec:p256', label: 'EC P-256 (fast, modern)' },
  { value: 'ec:p384', label: 'EC P-384' },
];

/** The first progress message of a job that generates this key (before the core's own events arrive). */
export function generatingText(spec: KeySpec): string {
  const [alg = '', size = ''] = spec.split(':');
  return `Generating ${alg === 'ec' ? `EC ${size.toUpperCase().replace(/^P/, 'P-')}` : `RSA ${size}`} key…`;
}

/** The role a certificate plays in the file's chain, for its heading. */
export function certRole(report: InspectResult, index: number, facts: CertificateFacts): string {
  const chain = report.chain;
  if (!chain) return 'Certificate';
  if (chain.unrelated.includes(index)) return 'Certificate (not in this chain)';
  if (chain.rootBeyondGap === index) return 'Root certificate (an intermediate below it is missing)';
  const pos = chain.order.indexOf(index);
  if (pos === 0) return facts.selfSigned ? 'Self-signed certificate' : 'Leaf certificate';
  if (pos > 0) return facts.selfSigned ? 'Root certificate' : 'Intermediate certificate';
  return 'Certificate';
}

/** "The issuer 'CN=…' is not in this file: add the intermediate certificate." */
export function missingSentence(issuer: string): string {
  return /\broot\b/i.test(issuer)
    ? `The issuer '${issuer}' is not in this file: add the root certificate (servers need not send it, but clients must trust it).`
    : `The issuer '${issuer}' is not in this file: add the intermediate certificate.`;
}

/** The number of items of a kind in a report. */
export function count(report: InspectResult, kind: InspectItem['kind']): number {
  return report.items.filter((i) => i.kind === kind).length;
}

/** Base64 of a dropped or picked file, in chunks so big files do not overflow the call stack. */
export async function fileToBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** A safe default file name from a common name. */
export function fileStem(cn: string): string {
  return cn.trim().replace(/^\*\./, 'wildcard.').replace(/[^A-Za-z0-9._-]+/g, '_') || 'certificate';
}

/** One row of the SAN editor. */
export interface SanRow {
  id: number;
  kind: 'dns' | 'ip';
  value: string;
}

/** The SAN list for the contract: `dns:`/`ip:` strings; an address typed as a DNS name is taken as an IP. */
export function sansOf(rows: SanRow[]): string[] {
  return rows
    .map((r) => ({ ...r, value: r.value.trim() }))
    .filter((r) => r.value !== '')
    .map((r) => {
      const looksIp = /^\d{1,3}(\.\d{1,3}){3}$/.test(r.value) || r.value.includes(':');
      return `${looksIp ? 'ip' : r.kind}:${r.value}`;
    });
}
