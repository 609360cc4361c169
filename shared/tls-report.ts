/**
 * A TLS check as text for a ticket: plain text or Markdown, the same from the CLI and the window.
 * Pure: no Node, no DOM. Holds nothing secret (a check result never carries keys or passwords).
 */
import type { TlsCheckResult } from './contract/tls-result.js';
import { keyText } from './format.js';

const SEVERITY_WORD = { error: 'ERROR', warning: 'WARNING', info: 'INFO' } as const;

function ms(n: number | undefined): string {
  return n === undefined ? '-' : `${Math.round(n)} ms`;
}

/** The report lines; `markdown` adds headings and list markers. */
export function tlsReport(r: TlsCheckResult, style: 'text' | 'markdown'): string {
  const md = style === 'markdown';
  const h = (t: string) => (md ? `### ${t}` : `${t}:`);
  const li = (t: string) => (md ? `- ${t}` : `  ${t}`);
  const out: string[] = [];
  out.push(md ? `## TLS check of ${r.target}: ${r.ok ? 'OK' : 'problems found'}` : `TLS check of ${r.target}: ${r.ok ? 'OK' : 'problems found'}`);
  out.push('');
  out.push(h('Findings'));
  for (const f of r.findings) {
    out.push(li(`${SEVERITY_WORD[f.severity]} ${f.code}: ${f.message}`));
    if (f.fix) out.push(md ? `  - Fix: ${f.fix}` : `    Fix: ${f.fix}`);
  }
  out.push('');
  out.push(h('Connection'));
  out.push(li(`Protocol: ${r.protocol ?? '-'}, cipher: ${r.cipher ?? '-'}${r.alpn ? `, ALPN: ${r.alpn}` : ''}${r.httpStatus !== undefined ? `, HTTP status: ${r.httpStatus}` : ''}`));
  out.push(li(`Addresses: ${r.addresses.length ? r.addresses.join(', ') : '-'}${r.proxy ? ` (through proxy ${r.proxy})` : ''}`));
  out.push(li(`Timings: DNS ${ms(r.timings.dns)}, connect ${ms(r.timings.connect)}, TLS ${ms(r.timings.tls)}, first byte ${ms(r.timings.firstByte)}, total ${ms(r.timings.total)}`));
  out.push(li(`Trusted with: ${r.trustUsed}; revocation: ${r.revocation}`));
  if (r.clientCertRequested) out.push(li(`Client certificate requested${r.acceptableCAs.length ? ` from: ${r.acceptableCAs.join('; ')}` : ''}`));
  if (r.protocols) out.push(li(`Protocols: ${Object.entries(r.protocols).map(([v, s]) => `${v} ${s}`).join(', ')}`));
  if (r.chain.length) {
    out.push('');
    out.push(h(`Chain as served (order: ${r.chainOrder})`));
    r.chain.forEach((c, i) => {
      out.push(li(`${i}: ${c.subject} — issued by ${c.issuer}; ${keyText(c)}, ${c.signatureAlgorithm}; until ${c.notAfter.slice(0, 10)} (${c.daysLeft} days); SHA-256 ${c.sha256}`));
    });
  }
  if (r.path) {
    out.push('');
    out.push(h('Path to a trusted root'));
    out.push(li(`${r.path.subjects.join(' → ')}${r.path.trusted ? ' (trusted)' : r.path.missingIssuer ? ` → missing: ${r.path.missingIssuer}` : ' (not trusted)'}`));
    if (r.path.fetchedFrom) out.push(li(`Intermediate fetched from ${r.path.fetchedFrom}`));
  }
  return `${out.join('\n')}\n`;
}
