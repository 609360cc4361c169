/** Human text for the certificate commands: facts blocks, inspect reports, written files. */
import type { CertificateFacts } from '../../../shared/contract/certificate.js';
import { baseName, dateText, daysLeftText, keyText } from '../../../shared/format.js';
import type { CsrFacts, InspectItem } from '../../../shared/contract/pki.js';
import type { FileRole, WrittenFile } from '../../../shared/contract/files.js';
import type { InspectResult } from '../../../shared/contract/pki-ops.js';
import { escapeControl as esc } from '../../../shared/text-safety.js';

const rows = (pairs: [string, string | undefined][], indent = '    '): string[] => {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => `${indent}${k.padEnd(width)}  ${v}`);
};

/** Every fact about a certificate, one per line. */
export function certificateLines(f: CertificateFacts, indent = '    '): string[] {
  const aia = esc([...f.ocspUrls.map((u) => `OCSP ${u}`), ...f.caIssuerUrls.map((u) => `CA issuers ${u}`)].join(', '));
  const bc = f.basicConstraints ? `CA:${f.basicConstraints.ca ? 'TRUE' : 'FALSE'}${f.basicConstraints.pathLen !== undefined ? `, pathlen:${f.basicConstraints.pathLen}` : ''}` : undefined;
  return [
    ...rows([
      ['Subject', esc(f.subject)],
      ['Issuer', esc(f.issuer)],
      ['Serial', f.serial],
      ['Valid', `${f.notBefore} → ${f.notAfter} (${daysLeftText(f.daysLeft)})`],
      ['SAN', f.san.length ? esc(f.san.join(', ')) : '(none)'],
      ['Key', keyText(f)],
      ['Signature', f.signatureAlgorithm],
      ['Key usage', f.keyUsage.join(', ')],
      ['Ext. key usage', f.extKeyUsage.join(', ')],
      ['Basic constraints', bc],
      ['Subject key ID', f.subjectKeyId],
      ['Authority key ID', f.authorityKeyId],
      ['AIA', aia],
      ['CRL', esc(f.crlUrls.join(', '))],
      ['SHA-1', f.sha1],
      ['SHA-256', f.sha256],
      ['Self-signed', f.selfSigned ? 'yes' : 'no'],
      ['Unknown critical', f.unknownCriticalExtensions?.map((oid) => `${oid} (clients must reject the certificate)`).join(', ')],
    ], indent),
    ...f.findings.map((w) => `${indent}! ${w.message}`),
  ];
}

function csrLines(f: CsrFacts): string[] {
  return rows([
    ['Subject', esc(f.subject)],
    ['SAN', f.san.length ? esc(f.san.join(', ')) : '(none)'],
    ['Key', keyText(f.key)],
    ['Signature', `${f.signatureAlgorithm}${f.signatureValid ? ' (valid)' : ' (INVALID: the request was altered or damaged)'}`],
  ]);
}

function keyLines(item: Extract<InspectItem, { kind: 'privateKey' }>, report: InspectResult): string[] {
  if (item.locked) return ['    Encrypted: give its password (--password-env VAR) to see its type and which certificate it matches.'];
  const hasCerts = report.items.some((i) => i.kind === 'certificate');
  const match = item.matchesCertificate === null
    ? hasCerts ? 'NONE of the certificates in this file' : undefined
    : `certificate [${item.matchesCertificate + 1}]`;
  return rows([
    ['Key', item.key ? keyText(item.key) : 'unknown'],
    ['Encrypted', item.encrypted ? 'yes' : 'no'],
    ['Alias', item.alias === undefined ? undefined : esc(item.alias)],
    ['Matches', match],
  ]);
}

const FORMAT_NAMES = { pem: 'PEM', der: 'DER', pkcs7: 'PKCS#7', pkcs12: 'PKCS#12' } as const;

/** The role of a certificate in the chain, for its heading. */
function roleOf(report: InspectResult, index: number, facts: CertificateFacts): string {
  const order = report.chain?.order ?? [];
  const pos = order.indexOf(index);
  if (report.chain?.unrelated.includes(index)) return 'not part of the chain';
  if (report.chain?.rootBeyondGap === index) return 'root of this chain; the intermediate below it is missing';
  if (pos === 0) return facts.selfSigned ? 'self-signed' : 'leaf';
  if (pos > 0 && facts.selfSigned) return 'root';
  if (pos > 0) return 'intermediate';
  return '';
}

/** The chain in one sentence (or two), as the UI says it. */
export function chainSentence(report: InspectResult): string[] {
  const chain = report.chain;
  if (!chain) return [];
  const names = chain.order.map((i) => {
    const it = report.items[i];
    return `[${i + 1}] ${it?.kind === 'certificate' ? esc(it.facts.subject) : '?'}`;
  });
  const lines = [`Chain (leaf → root): ${names.join(' → ')}`];
  // The core's own verdict text, which says so when a certificate of the chain has expired.
  const verdict = report.findings.find((f) => f.code === 'self-signed' || f.code === 'chain-complete');
  if (chain.complete) lines.push(`  ${verdict ? esc(verdict.message) : chain.order.length === 1 ? 'Self-signed: it is its own root.' : 'Complete: it ends at a self-signed root.'}`);
  else if (chain.missingIssuer) lines.push(`  ${missingSentence(chain.missingIssuer)}`);
  if (chain.rootBeyondGap !== undefined) lines.push(`  [${chain.rootBeyondGap + 1}] is the root of this chain; the intermediate between them is missing.`);
  if (!chain.complete && chain.missingIssuerUrls?.length) lines.push(`  Fetch the issuer from: ${esc(chain.missingIssuerUrls.join(', '))}`);
  if (chain.unrelated.length) lines.push(`  Not part of this chain: ${chain.unrelated.map((i) => `[${i + 1}]`).join(', ')}.`);
  return lines;
}

/** "The issuer '…' is not in this file: add the intermediate certificate." */
export function missingSentence(rawIssuer: string): string {
  const issuer = esc(rawIssuer);
  const root = /\broot\b/i.test(issuer);
  return root
    ? `The issuer '${issuer}' is not in this file: add the root certificate (servers need not send it; clients must trust it).`
    : `The issuer '${issuer}' is not in this file: add the intermediate certificate.`;
}

/** Problems that make `inspect` exit 1: the core's findings of severity error. */
export function inspectProblems(report: InspectResult): string[] {
  return report.findings.filter((f) => f.severity === 'error').map((f) => esc(f.message));
}

/** The whole report for a person. */
export function formatInspect(report: InspectResult): string {
  const profile = report.pkcs12Profile ? `, ${report.pkcs12Profile} encryption` : '';
  const lines = [`${report.name}: ${FORMAT_NAMES[report.format]}${report.format === 'pkcs7' ? ` (${report.encoding.toUpperCase()})` : ''}${profile}, ${report.items.length} item${report.items.length === 1 ? '' : 's'}`];
  report.items.forEach((item, i) => {
    lines.push('');
    switch (item.kind) {
      case 'certificate': {
        const role = roleOf(report, i, item.facts);
        const alias = item.alias ? ` alias "${esc(item.alias)}"` : '';
        lines.push(`[${i + 1}] Certificate${role ? ` (${role})` : ''}${alias}${item.trusted ? ', trusted entry' : ''}`, ...certificateLines(item.facts));
        break;
      }
      case 'privateKey':
        lines.push(`[${i + 1}] Private key`, ...keyLines(item, report));
        break;
      case 'csr':
        lines.push(`[${i + 1}] Certificate request (CSR)`, ...csrLines(item.facts));
        break;
      default: {
        const never: never = item;
        return never;
      }
    }
  });
  const chain = chainSentence(report);
  if (chain.length) lines.push('', ...chain);
  const enc = report.pkcs12Encryption;
  if (enc) {
    lines.push('', `Encryption (${report.pkcs12Profile ?? 'unknown'} profile): keys ${enc.keys.join('; ') || 'not encrypted'}; certificates ${enc.certificates.join('; ') || 'not encrypted'}; MAC ${enc.mac ?? 'none'}`);
    for (const f of report.findings.filter((x) => x.code === 'pfx-modern-encryption' || x.code === 'pfx-legacy-encryption')) lines.push(`  ${f.message}`, ...(f.fix ? [`  ${f.fix}`] : []));
  }
  const problems = inspectProblems(report);
  if (problems.length) lines.push('', ...problems.map((p) => `Problem: ${p}`));
  return lines.join('\n');
}

const ROLE_TEXT: Record<FileRole, string> = {
  certificate: 'certificate',
  privateKey: 'private key, owner-only',
  chain: 'chain',
  csr: 'certificate request',
  pfx: '.pfx, owner-only',
  keystore: 'keystore',
  config: 'configuration',
  metadata: 'Certdesk data',
};

/** "Wrote …" lines, with the backup kept of each replaced file. */
export function writtenLines(written: WrittenFile[]): string[] {
  return written.flatMap((w) => [
    `Wrote ${w.path} (${w.role ? ROLE_TEXT[w.role] : 'file'})`,
    ...(w.backupPath ? [`  it replaced a file; the old one is kept as ${baseName(w.backupPath)}`] : []),
  ]);
}

/** A short summary of a certificate: subject, names, key, validity, fingerprint. */
export function shortCertLines(f: CertificateFacts): string[] {
  return rows([
    ['Subject', esc(f.subject)],
    ['Issuer', f.selfSigned ? '(self-signed)' : esc(f.issuer)],
    ['SAN', esc(f.san.join(', '))],
    ['Key', keyText(f)],
    ['Valid', `${dateText(f.notBefore)} → ${dateText(f.notAfter)} (${daysLeftText(f.daysLeft)})`],
    ['SHA-256', f.sha256],
  ], '  ');
}
