/**
 * What counts as a problem in an inspected file, decided here once: the CLI's exit code and the
 * UI's banner both read these findings instead of judging the report themselves.
 */
import type { InspectReport } from '../../../shared/contract/pki.js';
import { bySeverity, type Finding } from '../../../shared/findings.js';

/** A root is not sent by servers (clients must already trust it); an intermediate must be. */
function missingIssuerFinding(issuer: string): Finding {
  return /\broot\b/i.test(issuer)
    ? {
      code: 'chain-incomplete', severity: 'info',
      message: `The issuer '${issuer}' is not in this file.`,
      fix: 'Servers need not send the root, but every client must trust it: add it to their trust stores (or to this file if a tool expects the full chain).',
    }
    : {
      code: 'chain-incomplete', severity: 'warning',
      message: `The issuer '${issuer}' is not in this file.`,
      fix: 'Add the intermediate certificate (from the CA\'s download page or the AIA "CA issuers" link) so clients can build the chain.',
    };
}

/** File-level findings for an inspect report: each certificate's own, the key match, the chain, requests; most severe first. */
export function inspectFindings(report: Omit<InspectReport, 'findings'>): Finding[] {
  const out: Finding[] = [];
  const hasCerts = report.items.some((i) => i.kind === 'certificate');
  report.items.forEach((item, i) => {
    const n = i + 1;
    switch (item.kind) {
      case 'certificate':
        for (const f of item.facts.findings) out.push({ ...f, message: `Certificate [${n}] (${item.facts.subject}): ${f.message}` });
        break;
      case 'privateKey':
        if (item.locked) {
          out.push({ code: 'key-locked', severity: 'info', message: `The private key [${n}] is encrypted.`, fix: 'Give its password to see its type and which certificate it belongs to.' });
        } else if (item.matchesCertificate === null && hasCerts) {
          out.push({
            code: 'key-mismatch', severity: 'error',
            message: `The private key [${n}] does not match any certificate in the file.`,
            fix: 'Find the key that was created with this certificate\'s request (or the certificate issued for this key); a server cannot use them together.',
          });
        }
        break;
      case 'csr':
        if (!item.facts.signatureValid) {
          out.push({
            code: 'csr-signature-invalid', severity: 'error',
            message: `The signature of certificate request [${n}] (${item.facts.subject}) is invalid: it was altered or damaged.`,
            fix: 'Create the request again from its key; a CA will refuse this one.',
          });
        }
        break;
      default: {
        const never: never = item;
        return never;
      }
    }
  });
  const chain = report.chain;
  if (chain && !chain.complete && chain.missingIssuer !== undefined) out.push(missingIssuerFinding(chain.missingIssuer));
  if (chain && chain.unrelated.length > 0) {
    out.push({
      code: 'unrelated-certificates', severity: 'info',
      message: `Certificates ${chain.unrelated.map((i) => `[${i + 1}]`).join(', ')} are not part of the chain.`,
      fix: 'Remove them if the file is meant to hold one chain (a server would send them for nothing).',
    });
  }
  return out.sort(bySeverity);
}
