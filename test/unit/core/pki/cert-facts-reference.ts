/**
 * The reference for cert-facts equivalence tests: describeCertificate as it was when it read extensions
 * with @peculiar/x509 and decided self-signed by a signature check with OpenSSL's DER key decoder.
 * Kept only here, unchanged but for imports, so the tests can prove the faster code gives the same facts.
 */
import 'reflect-metadata';
import { createHash, createPublicKey, type KeyObject, X509Certificate } from 'node:crypto';
import {
  AuthorityInfoAccessExtension, AuthorityKeyIdentifierExtension, BasicConstraintsExtension, CRLDistributionPointsExtension,
  ExtendedKeyUsageExtension, type Extension, KeyUsageFlags, KeyUsagesExtension, SubjectKeyIdentifierExtension,
} from '@peculiar/x509';
import type { CertificateFacts } from '../../../../shared/contract/certificate.js';
import { bySeverity, type Finding } from '../../../../shared/findings.js';
import { DEFAULT_SETTINGS } from '../../../../electron/core/settings.js';
import { loadCert } from '../../../../electron/core/pki/chain.js';
import { keyFitsSignature, verifySignature } from '../../../../electron/core/pki/signature.js';
import { parseGeneralNames } from '../../../../electron/core/pki/general-names.js';
import { keyFacts, spkiFacts } from '../../../../electron/core/pki/keys.js';
import { EKU_NAMES, OID, SIGNATURE_ALGORITHMS } from '../../../../electron/core/pki/oids.js';
import { type CertExtension, formatName, serialHex } from '../../../../electron/core/pki/x509-der.js';

const DAY_MS = 86_400_000;

const EXT = {
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

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

const KEY_USAGE_ORDER: [KeyUsageFlags, string][] = [
  [KeyUsageFlags.digitalSignature, 'digitalSignature'],
  [KeyUsageFlags.nonRepudiation, 'nonRepudiation'],
  [KeyUsageFlags.keyEncipherment, 'keyEncipherment'],
  [KeyUsageFlags.dataEncipherment, 'dataEncipherment'],
  [KeyUsageFlags.keyAgreement, 'keyAgreement'],
  [KeyUsageFlags.keyCertSign, 'keyCertSign'],
  [KeyUsageFlags.cRLSign, 'cRLSign'],
  [KeyUsageFlags.encipherOnly, 'encipherOnly'],
  [KeyUsageFlags.decipherOnly, 'decipherOnly'],
];

// The old issuedBy(cert, cert): same formatted name, then the signature checked with the key from OpenSSL's DER decoder.
function referenceSelfSigned(sameName: boolean, der: Buffer): boolean {
  if (!sameName) return false;
  const { parts } = loadCert(der);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: parts.spki.raw, format: 'der', type: 'spki' });
  } catch {
    return false;
  }
  if (!keyFitsSignature(parts.signatureOid, key)) return false;
  if (SIGNATURE_ALGORITHMS[parts.signatureOid] || parts.signatureOid === OID.rsaPss) {
    return verifySignature(parts.signatureAlgorithm, parts.tbs.raw, key, parts.signature);
  }
  try {
    return new X509Certificate(der).verify(key);
  } catch {
    return false;
  }
}

function colonHex(bytes: Buffer): string {
  return (bytes.toString('hex').toUpperCase().match(/../g) ?? []).join(':');
}

/**
 * Everything Certdesk shows about a certificate; CORRUPT_FILE if the bytes are not one.
 * `expiringSoonDays` is the run's threshold (`deps.settings.expiringSoonDays`); `loaded` saves a re-parse.
 */
export function referenceFacts(
  der: Buffer,
  now: Date = new Date(),
  expiringSoonDays: number = DEFAULT_SETTINGS.expiringSoonDays,
): CertificateFacts {
  const cert = loadCert(der);
  const { parts } = cert;
  const ext = (oid: string) => parts.extensions.find((e) => e.oid === oid);

  let key: ReturnType<typeof keyFacts> = { keyType: 'unknown' };
  try {
    key = spkiFacts(parts.spki) ?? keyFacts(cert.publicKey);
  } catch {
    // Algorithms Node cannot load (e.g. GOST) still get the rest of the facts.
  }
  const keyUsage = readExt(ext(EXT.keyUsage), KeyUsagesExtension, (e) => KEY_USAGE_ORDER.filter(([flag]) => (e.usages & flag) !== 0).map(([, name]) => name)) ?? [];
  const extKeyUsage = readExt(ext(EXT.extKeyUsage), ExtendedKeyUsageExtension, (e) => e.usages.map((u) => EKU_NAMES[String(u)] ?? String(u))) ?? [];
  const basicConstraints = readExt(ext(EXT.basicConstraints), BasicConstraintsExtension, (e) =>
    e.pathLength === undefined ? { ca: e.ca } : { ca: e.ca, pathLen: e.pathLength }) ?? null;
  const subjectKeyId = readExt(ext(EXT.subjectKeyId), SubjectKeyIdentifierExtension, (e) => colonHex(Buffer.from(e.keyId, 'hex')));
  const authorityKeyId = readExt(ext(EXT.authorityKeyId), AuthorityKeyIdentifierExtension, (e) => (e.keyId ? colonHex(Buffer.from(e.keyId, 'hex')) : undefined));
  const aia = readExt(ext(EXT.authorityInfoAccess), AuthorityInfoAccessExtension, (e) => ({
    ocsp: e.ocsp.filter((g) => g.type === 'url').map((g) => g.value),
    caIssuers: e.caIssuers.filter((g) => g.type === 'url').map((g) => g.value),
  }));
  const crlUrls = readExt(ext(EXT.crlDistributionPoints), CRLDistributionPointsExtension, (e) =>
    e.distributionPoints.flatMap((dp) => dp.distributionPoint?.fullName ?? []).flatMap((g) => (g.uniformResourceIdentifier ? [g.uniformResourceIdentifier] : []))) ?? [];
  const sanExt = ext(EXT.subjectAltName);
  let san: string[] = [];
  try {
    san = sanExt ? parseGeneralNames(sanExt.value) : [];
  } catch {
    // A damaged SAN is shown as none rather than hiding the whole certificate.
  }

  const selfSigned = referenceSelfSigned(cert.issuerKey === cert.subjectKey, der);
  const sig = SIGNATURE_ALGORITHMS[parts.signatureOid];
  // Started days count while the certificate is valid (a fresh 365-day certificate has 365 days
  // left, one that ends in two hours has 1); once expired, whole days since the end, negative.
  const remaining = (parts.notAfter.getTime() - now.getTime()) / DAY_MS;
  const daysLeft = remaining > 0 ? Math.ceil(remaining) : Math.floor(remaining);
  const facts: CertificateFacts = {
    subject: formatName(parts.subject),
    issuer: formatName(parts.issuer),
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

function readExt<E extends Extension, T>(raw: CertExtension | undefined, Cls: new (raw: BufferSource) => E, pick: (e: E) => T): T | undefined {
  if (!raw) return undefined;
  try {
    return pick(new Cls(new Uint8Array(raw.raw)));
  } catch {
    return undefined; // one malformed extension should not hide the rest of the certificate
  }
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
