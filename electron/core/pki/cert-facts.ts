/** CertificateFacts for one DER certificate: what a person checks, plus the core's findings about it. */
import { createHash } from 'node:crypto';
import type { CertificateFacts } from '../../../shared/contract/certificate.js';
import { bySeverity, type Finding } from '../../../shared/findings.js';
import { DEFAULT_SETTINGS } from '../settings.js';
import {
  colonHex, EXT, readAuthorityInfoAccess, readAuthorityKeyId, readBasicConstraints, readCrlUrls, readExtKeyUsage, readKeyUsage, readSubjectKeyId,
} from './cert-extensions.js';
import { isSelfSigned, type LoadedCert, loadCert } from './chain.js';
import { daysLeftUntil } from './expiry.js';
import { parseGeneralNames } from './general-names.js';
import { keyFacts, spkiFacts } from './keys.js';
import { SIGNATURE_ALGORITHMS } from './oids.js';
import { readingCertificate, serialHex } from './x509-der.js';


// Extensions Certdesk reads, plus the ones OpenSSL, browsers and Java process: only a critical
// extension outside this set makes a verifier reject the certificate.
const KNOWN_EXTENSIONS = new Set<string>([
  ...Object.values(EXT),
  '2.5.29.18', // issuerAltName
  '2.5.29.30', // nameConstraints
  '2.5.29.32', // certificatePolicies
  '2.5.29.33', // policyMappings
  '2.5.29.36', // policyConstraints
  '2.5.29.46', // freshestCRL
  '2.5.29.54', // inhibitAnyPolicy
  '2.5.29.9', // subjectDirectoryAttributes
  '1.3.6.1.5.5.7.1.24', // TLS feature (OCSP must-staple)
  '1.3.6.1.5.5.7.1.3', // qcStatements
  '1.3.6.1.4.1.11129.2.4.3', // CT precertificate poison: critical on purpose
]);

/**
 * Everything Certdesk shows about a certificate; CORRUPT_FILE if the bytes are not one.
 * `expiringSoonDays` is the run's threshold (`deps.settings.expiringSoonDays`); `loaded` saves a re-parse.
 */
export function describeCertificate(
  der: Buffer,
  now: Date = new Date(),
  expiringSoonDays: number = DEFAULT_SETTINGS.expiringSoonDays,
  loaded?: LoadedCert,
): CertificateFacts {
  return readingCertificate(() => certificateFacts(der, now, expiringSoonDays, loaded));
}

function certificateFacts(der: Buffer, now: Date, expiringSoonDays: number, loaded: LoadedCert | undefined): CertificateFacts {
  const cert = loaded ?? loadCert(der);
  const { parts } = cert;
  const ext = (oid: string) => parts.extensions.find((e) => e.oid === oid);

  let key: ReturnType<typeof keyFacts> = { keyType: 'unknown' };
  try {
    key = spkiFacts(parts.spki) ?? keyFacts(cert.publicKey);
  } catch {
    // Algorithms Node cannot load (e.g. GOST) still get the rest of the facts.
  }
  const read = <T>(oid: string, reader: (value: Buffer) => T | undefined): T | undefined => {
    const found = ext(oid);
    return found ? reader(found.value) : undefined;
  };
  const keyUsage = read(EXT.keyUsage, readKeyUsage) ?? [];
  const extKeyUsage = read(EXT.extKeyUsage, readExtKeyUsage) ?? [];
  const basicConstraints = read(EXT.basicConstraints, readBasicConstraints) ?? null;
  const subjectKeyId = read(EXT.subjectKeyId, readSubjectKeyId);
  const authorityKeyId = read(EXT.authorityKeyId, readAuthorityKeyId);
  const aia = read(EXT.authorityInfoAccess, readAuthorityInfoAccess);
  const crlUrls = read(EXT.crlDistributionPoints, readCrlUrls) ?? [];
  const sanExt = ext(EXT.subjectAltName);
  let san: string[] = [];
  try {
    san = sanExt ? parseGeneralNames(sanExt.value) : [];
  } catch {
    // A damaged SAN is shown as none rather than hiding the whole certificate.
  }

  const selfSigned = isSelfSigned(cert);
  const sig = SIGNATURE_ALGORITHMS[parts.signatureOid];
  const daysLeft = daysLeftUntil(parts.notAfter, now);
  const facts: CertificateFacts = {
    subject: cert.subjectName,
    issuer: cert.issuerName,
    serial: serialHex(parts.serial),
    notBefore: parts.notBefore.toISOString(),
    notAfter: parts.notAfter.toISOString(),
    daysLeft,
    san,
    keyType: key.keyType,
    signatureAlgorithm: sig?.name ?? parts.signatureOid,
    keyUsage,
    extKeyUsage,
    basicConstraints,
    ocspUrls: aia?.ocsp ?? [],
    caIssuerUrls: aia?.caIssuers ?? [],
    crlUrls,
    sha1: colonHex(createHash('sha1').update(der).digest()),
    sha256: colonHex(createHash('sha256').update(der).digest()),
    selfSigned,
    findings: [],
  };
  if (key.keySize !== undefined) facts.keySize = key.keySize;
  if (key.curve !== undefined) facts.curve = key.curve;
  if (subjectKeyId !== undefined) facts.subjectKeyId = subjectKeyId;
  if (authorityKeyId !== undefined) facts.authorityKeyId = authorityKeyId;
  const unknownCritical = parts.extensions.filter((e) => e.critical && !KNOWN_EXTENSIONS.has(e.oid)).map((e) => e.oid);
  if (unknownCritical.length > 0) facts.unknownCriticalExtensions = unknownCritical;
  facts.findings = certificateFindings(facts, { notBefore: parts.notBefore, notAfter: parts.notAfter, now, sigHash: sig?.hash ?? null, expiringSoonDays });
  if (unknownCritical.length > 0)
    facts.findings.unshift({
      code: 'unknown-critical-extension',
      severity: 'error',
      message: `It has a critical extension clients do not understand (${unknownCritical.join(', ')}): they must reject it.`,
      fix: 'Have the certificate issued again without that extension, or with it marked non-critical.',
    });
  return facts;
}

function day(d: Date): string {
  return d.toISOString().slice(0, 10);
}

interface FindingContext {
  notBefore: Date;
  notAfter: Date;
  now: Date;
  sigHash: string | null;
  expiringSoonDays: number;
}

/** The core's judgement of one certificate, most severe first; each finding says what to do. */
function certificateFindings(f: CertificateFacts, c: FindingContext): Finding[] {
  const out: Finding[] = [];
  if (c.now.getTime() > c.notAfter.getTime()) {
    out.push({
      code: 'expired', severity: 'error',
      message: `The certificate expired on ${day(c.notAfter)} (${-f.daysLeft} day${f.daysLeft === -1 ? '' : 's'} ago).`,
      fix: 'Renew it with the issuing CA (or create a new self-signed one) and replace it everywhere it is installed.',
    });
  } else if (f.daysLeft <= c.expiringSoonDays) {
    out.push({
      code: 'expiring-soon', severity: 'warning',
      message: `The certificate expires on ${day(c.notAfter)}, in ${f.daysLeft} day${f.daysLeft === 1 ? '' : 's'}.`,
      fix: 'Request the renewal now so the new certificate is installed before this one ends.',
    });
  }
  if (c.now.getTime() < c.notBefore.getTime()) {
    out.push({
      code: 'not-yet-valid', severity: 'error',
      message: `The certificate is not valid until ${day(c.notBefore)}.`,
      fix: 'Check the clocks of this computer and of the server; if they are right, wait until that date or ask the CA to reissue it.',
    });
  }
  // A self-signed certificate is trusted by being present, never by its signature, so a SHA-1
  // self-signature (common on old roots in cacerts) is harmless and not worth a finding.
  if ((c.sigHash === 'sha1' || c.sigHash === 'md5') && !f.selfSigned) {
    out.push({
      code: 'weak-signature', severity: 'error',
      message: `The certificate is signed with ${f.signatureAlgorithm}, which current browsers and Java reject.`,
      fix: 'Ask the CA to reissue it with a SHA-256 signature (the same key and CSR can be reused).',
    });
  }
  if (f.keyType === 'RSA' && f.keySize !== undefined && f.keySize < 2048) {
    out.push({
      code: 'weak-key', severity: 'error',
      message: `The RSA key is only ${f.keySize} bits; 2048 bits is the minimum clients accept.`,
      fix: 'Create a new key of at least 2048 bits (RSA 3072 or EC P-256 are better), a new CSR, and have it signed again.',
    });
  }
  // Only server certificates are matched against host names: CAs and client-only certificates need no SAN.
  const serverUsable = f.extKeyUsage.length === 0 || f.extKeyUsage.includes('serverAuth') || f.extKeyUsage.includes('anyExtendedKeyUsage');
  if (f.san.length === 0 && !f.basicConstraints?.ca && serverUsable) {
    out.push({
      code: 'no-san', severity: 'warning',
      message: 'The certificate has no subjectAltName; browsers and modern clients ignore the CN and will reject it for any host name.',
      fix: 'Reissue it with the host names (and IP addresses) it serves as subjectAltName entries.',
    });
  }
  return out.sort(bySeverity);
}
