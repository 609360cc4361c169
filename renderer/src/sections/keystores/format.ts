import type { KeystoreEntryInfo } from '../../../../shared/contract/keystore.js';

/** Small display helpers for the Keystores section (shared words live in shared/format.ts). */


/** True when the entry matches a free-text filter (alias, subject, issuer, SAN or fingerprint). */
export function matchesFilter(e: KeystoreEntryInfo, filter: string): boolean {
  const q = filter.trim().toLowerCase();
  if (!q) return true;
  const leaf = e.certificates[0];
  const hay = [e.alias, leaf?.subject, leaf?.issuer, ...(leaf?.san ?? []), leaf?.sha256, leaf?.sha1, leaf?.sha256.replaceAll(':', '')]
    .filter(Boolean)
    .join('\n')
    .toLowerCase();
  return hay.includes(q) || hay.includes(q.replaceAll(':', ''));
}

/** A file name beside `path` with another extension (for suggested output paths). */
export function withExtension(path: string, ext: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dir = path.slice(0, slash + 1);
  const name = path.slice(slash + 1);
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name.replace(/^\./, '') || 'keystore';
  return `${dir}${stem}${ext}`;
}

/** What an import result says about the chain, in words. */
export function chainWarnings(r: { chainComplete: boolean; missingIssuer?: string | undefined; ignoredCertificates: number }): string[] {
  const out: string[] = [];
  if (!r.chainComplete)
    out.push(
      `The chain stops at ${r.missingIssuer ?? 'an issuer that was not given'}: callers must already trust that issuer (add its certificate to the chain, or to their trust store).`,
    );
  if (r.ignoredCertificates > 0)
    out.push(`${r.ignoredCertificates} certificate${r.ignoredCertificates === 1 ? '' : 's'} in the files ${r.ignoredCertificates === 1 ? 'does' : 'do'} not belong to this key's chain and ${r.ignoredCertificates === 1 ? 'was' : 'were'} left out.`);
  return out;
}
