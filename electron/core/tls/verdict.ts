/** The findings of a check that got a certificate: trust path, host name, the certificates' own findings. */
import { isIP } from 'node:net';
import type { CertificateFacts } from '../../../shared/contract/certificate.js';
import type { Finding } from '../../../shared/findings.js';
import type { PathResult } from './chain-path.js';

const CERT_CODES = new Set(['expired', 'not-yet-valid', 'expiring-soon', 'weak-signature', 'weak-key']);

/** The certificates' own findings (validity, strength), each saying which certificate it is about. */
export function certificateFindings(facts: CertificateFacts[], anchorIndex: number | null): Finding[] {
  const out: Finding[] = [];
  facts.forEach((f, i) => {
    const role = i === 0 ? 'The server certificate' : i === anchorIndex ? `The root "${f.subject}"` : `The intermediate "${f.subject}"`;
    for (const finding of f.findings) {
      if (!CERT_CODES.has(finding.code)) continue;
      out.push({ ...finding, message: finding.message.replace(/^The certificate|^The RSA key/, (m) => (m === 'The certificate' ? role : `${role}'s RSA key`)) });
    }
  });
  return out;
}

/** hostname-mismatch when the leaf is not for `name`; says which names it is for and whether IP or DNS. */
export function hostnameFinding(leaf: CertificateFacts, x509Check: (name: string) => boolean, name: string): Finding | null {
  if (x509Check(name)) return null;
  const names = leaf.san.length ? leaf.san.join(', ') : `no subjectAltName (subject ${leaf.subject})`;
  const byIp = isIP(name) !== 0;
  const ipSans = leaf.san.filter((s) => s.startsWith('ip:'));
  const message = byIp
    ? `The certificate does not list the IP address ${name} (it is for ${names}); an IP address must appear as an IP entry in subjectAltName.`
    : `The certificate is for ${names}, not for ${name}.`;
  const fix = byIp
    ? ipSans.length === 0 && leaf.san.some((s) => s.startsWith('dns:'))
      ? `Connect by one of the host names it lists, or reissue it with IP:${name} in subjectAltName.`
      : `Reissue the certificate with IP:${name} in subjectAltName, or connect by a name it lists.`
    : `Use one of the names it lists, or reissue it with DNS:${name} in subjectAltName.`;
  return { code: 'hostname-mismatch', severity: 'error', message, fix };
}

const COVERED: Record<string, string[]> = {
  CERT_HAS_EXPIRED: ['expired'],
  CERT_NOT_YET_VALID: ['not-yet-valid'],
  CA_MD_TOO_WEAK: ['weak-signature'],
  // What Node 20 reports for a SHA-1 signed chain at the default security level.
  UNSPECIFIED: ['weak-signature', 'weak-key'],
  EE_KEY_TOO_SMALL: ['weak-key'],
  CA_KEY_TOO_SMALL: ['weak-key'],
  DEPTH_ZERO_SELF_SIGNED_CERT: ['self-signed'],
  SELF_SIGNED_CERT_IN_CHAIN: ['untrusted-root', 'self-signed'],
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: ['incomplete-chain', 'untrusted-root'],
  UNABLE_TO_GET_ISSUER_CERT: ['incomplete-chain', 'untrusted-root'],
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: ['incomplete-chain', 'untrusted-root'],
};

/** Trust findings from the path, plus OpenSSL's own verdict when nothing else explains it. */
export function trustFindings(p: PathResult, facts: CertificateFacts[], trustUsed: string, nodeError: string | undefined, others: Finding[]): Finding[] {
  const out: Finding[] = [];
  const leaf = facts[0];
  const top = facts[p.certs.length - 1];
  const { path } = p;
  if (!path.trusted && leaf && top) {
    if (path.missingIssuer !== undefined) {
      const at = facts[p.certs.length - 1]?.subject ?? '';
      out.push({
        code: 'incomplete-chain', severity: 'error',
        message: `The chain breaks after "${at}": the server did not send its issuer "${path.missingIssuer}", and ${trustUsed} does not hold it.${p.fetchError ? ` Fetching it failed: ${p.fetchError}` : ''}`,
        fix: `Install the intermediate certificate "${path.missingIssuer}" on the server (serve the leaf followed by its intermediates); if it is a private CA, trust its root.`,
      });
    } else if (p.certs.length === 1 && leaf.selfSigned) {
      out.push({
        code: 'self-signed', severity: 'error',
        message: `The server certificate "${leaf.subject}" is self-signed, and ${trustUsed} does not hold it.`,
        fix: 'Replace it with a certificate from a CA the clients trust, or import this exact certificate into the clients\' trust store if that is intended.',
      });
    } else {
      out.push({
        code: 'untrusted-root', severity: 'error',
        message: `The chain ends at the root "${top.subject}", which ${trustUsed} does not trust.`,
        fix: 'If this is your organisation\'s CA, import its root into the trust store the clients use; otherwise get a certificate from a publicly trusted CA.',
      });
    }
  }
  if (path.trusted && p.fetched.length > 0) {
    out.push({
      code: 'incomplete-chain', severity: 'error',
      message: `The server does not send the intermediate "${facts[1]?.subject ?? ''}"; Certdesk fetched it from ${path.fetchedFrom ?? 'the AIA URL'}, which most clients (Java, curl, Firefox) will not do.`,
      fix: 'Serve the completed chain (leaf, then intermediates): save it below and install it on the server.',
    });
  }
  const codes = new Set([...out, ...others].map((f) => f.code));
  if (nodeError && !(COVERED[nodeError] ?? []).some((c) => codes.has(c)) && !(path.trusted && p.fetched.length > 0)) {
    out.push({
      code: 'untrusted', severity: 'error',
      message: `OpenSSL refused the certificate: ${nodeError}.`,
      fix: 'Look at the chain below; the code names what OpenSSL found wrong.',
    });
  }
  return out;
}
