/**
 * What counts as a problem in an inspected file, decided here once: the CLI's exit code and the
 * UI's banner both read these findings instead of judging the report themselves.
 */
import type { ChainAnalysis, InspectReport } from '../../../shared/contract/pki.js';
import { bySeverity, type Finding } from '../../../shared/findings.js';

type Report = Omit<InspectReport, 'findings'>;
type CertItem = Extract<InspectReport['items'][number], { kind: 'certificate' }>;

function certAt(report: Report, index: number | undefined): CertItem | undefined {
  const item = index === undefined ? undefined : report.items[index];
  return item?.kind === 'certificate' ? item : undefined;
}

/** "Fetch it from http://…" when the certificate below the gap says where its issuer is published. */
function whereToFetch(urls: readonly string[] | undefined): string {
  return urls && urls.length > 0 ? ` Fetch it from ${urls.join(' or ')} (the certificate's AIA "CA Issuers" link).` : '';
}

/**
 * The chain stops short. A lone certificate without a key is a normal file (a server certificate
 * sent on its own): its issuers are simply not included, said calmly. Where a chain was expected
 * (a key travels with it, as in a .pfx for a server, or several certificates were bundled) a missing
 * intermediate is a warning; a missing root only an info, since servers need not send it.
 */
function incompleteChainFinding(report: Report, chain: ChainAnalysis): Finding {
  const issuer = chain.missingIssuer ?? 'an issuer';
  const fetch = whereToFetch(chain.missingIssuerUrls);
  const root = certAt(report, chain.rootBeyondGap);
  const certCount = report.items.filter((i) => i.kind === 'certificate').length;
  const hasKey = report.items.some((i) => i.kind === 'privateKey');
  if (root) {
    return {
      code: 'intermediate-missing', severity: hasKey || certCount > 1 ? 'warning' : 'info',
      message: `The intermediate '${issuer}' is missing: [${(chain.rootBeyondGap ?? 0) + 1}] (${root.facts.subject}) is the root of this chain, and the intermediate between them is not in this file.`,
      fix: `Add the intermediate certificate between the leaf and the root.${fetch || ' Get it from the CA\'s download page.'}`,
    };
  }
  if (!hasKey && certCount === 1) {
    return {
      code: 'chain-not-included', severity: 'info',
      message: `Chain not included: the issuer '${issuer}' is not in this file (normal for a single certificate).`,
      fix: `Clients build the chain from what the server sends; add the issuer's certificate where a full chain is needed.${fetch}`,
    };
  }
  if (/\broot\b/i.test(issuer)) {
    return {
      code: 'chain-incomplete', severity: 'info',
      message: `The issuer '${issuer}' is not in this file.`,
      fix: `Servers need not send the root, but every client must trust it: add it to their trust stores (or to this file if a tool expects the full chain).${fetch}`,
    };
  }
  return {
    code: 'chain-incomplete', severity: 'warning',
    message: `The issuer '${issuer}' is not in this file, so clients cannot build the chain.`,
    fix: `Add the intermediate certificate.${fetch || ' Get it from the CA\'s download page.'}`,
  };
}

/**
 * What the chain is when it is whole, as an info finding. It never reads as a clean bill on its
 * own: the certificates' errors (expired first) sort before it, and its text says so when a
 * certificate of the chain has expired.
 */
function completeChainFinding(report: Report, chain: ChainAnalysis): Finding {
  const expired = chain.order.some((i) => certAt(report, i)?.facts.findings.some((f) => f.code === 'expired'));
  const top = certAt(report, chain.order.at(-1));
  if (chain.order.length === 1) {
    return expired
      ? { code: 'self-signed', severity: 'info', message: 'Self-signed and expired: no client accepts it, even where it is trusted.', fix: 'Create a new self-signed certificate and replace it wherever it is imported.' }
      : { code: 'self-signed', severity: 'info', message: 'Self-signed: it is its own root, trusted only where it has been imported.' };
  }
  return {
    code: 'chain-complete', severity: 'info',
    message: `The chain ends at the self-signed root '${top?.facts.subject ?? '?'}'${expired ? ', but a certificate in it has expired' : ''}.`,
  };
}

/**
 * Which systems refuse a .pfx of this profile. Modern files (PBES2/AES) are refused by Windows
 * Server 2016 and older, Java before 8u301 and many appliances, typically with a misleading "the
 * password is incorrect"; legacy ones (SHA-1 PKCS#12 PBEs) by FIPS-mode systems, and OpenSSL 3
 * reads an RC2 part only with -legacy.
 */
function pfxProfileFinding(report: Report): Finding | null {
  const enc = report.pkcs12Encryption;
  const algs = enc ? [...new Set([...enc.keys, ...enc.certificates])].join('; ') : '';
  switch (report.pkcs12Profile) {
    case 'modern':
      return {
        code: 'pfx-modern-encryption', severity: 'info',
        message: `Modern encryption (${algs}): Windows Server 2016 and older, Java before 8u301 and many appliances refuse it, often saying the password is incorrect.`,
        fix: 'For such a system, convert it to the legacy profile (3DES/SHA-1), with the same password or a new one.',
      };
    case 'legacy': {
      const rc2 = algs.includes('RC2');
      return {
        code: 'pfx-legacy-encryption', severity: 'info',
        message: `Legacy encryption (${algs}): FIPS-mode systems refuse it${rc2 ? ', and OpenSSL 3 reads its RC2 part only with -legacy' : ''}.`,
        fix: 'Convert it to the modern profile (AES-256/PBKDF2) unless an old system (Windows Server 2016 and older, Java before 8u301) needs it.',
      };
    }
    case 'unknown':
    case undefined:
      return null;
    default: {
      const never: never = report.pkcs12Profile;
      return never;
    }
  }
}

/** File-level findings for an inspect report: each certificate's own, the key match, the chain, requests; most severe first. */
export function inspectFindings(report: Report): Finding[] {
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
  if (chain) out.push(chain.complete ? completeChainFinding(report, chain) : incompleteChainFinding(report, chain));
  const profile = pfxProfileFinding(report);
  if (profile) out.push(profile);
  if (chain && chain.unrelated.length > 0) {
    out.push({
      code: 'unrelated-certificates', severity: 'info',
      message: `Certificates ${chain.unrelated.map((i) => `[${i + 1}]`).join(', ')} are not part of the chain.`,
      fix: 'Remove them if the file is meant to hold one chain (a server would send them for nothing).',
    });
  }
  return out.sort(bySeverity);
}
