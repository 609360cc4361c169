/** PKCS#7 / CMS certificate bundles (.p7b/.p7c), and "any file that holds certificates". */
import { CertdeskError } from '../errors.js';
import { MAX_CERTIFICATES, tooManyCertificates } from './chain.js';
import { childrenOf, DerError, explicitOf, isContext, isUniversal, oidOf, parseDer, readNode, seqOf, TAG } from './der.js';
import { OID } from './oids.js';
import { certificateDerOfBlock, isCertificateLabel, looksLikePem, parsePem } from './pem.js';
import { certificateParts } from './x509-der.js';

/** PEM labels that carry a PKCS#7/CMS structure. */
export const PKCS7_LABELS = new Set(['PKCS7', 'CMS', 'PKCS #7 SIGNED DATA']);

/** True when DER starts like ContentInfo { signedData, ... }. */
export function looksLikePkcs7(der: Buffer): boolean {
  try {
    const outer = readNode(der).node;
    const first = childrenOf(outer)[0];
    return isUniversal(first, TAG.OID) && oidOf(first) === OID.signedData;
  } catch {
    return false;
  }
}

/** The certificates of a SignedData, byte-exact, in file order (CRLs and signers are ignored). */
export function certificatesFromPkcs7(der: Buffer): Buffer[] {
  try {
    const [type, content] = seqOf(parseDer(der, { allowTrailing: true }), 'a PKCS#7 structure');
    if (oidOf(type) !== OID.signedData) {
      throw new CertdeskError('UNSUPPORTED_FORMAT', 'This PKCS#7 file is not a certificate bundle (no SignedData).');
    }
    const signedData = seqOf(explicitOf(content, 0, 'signed data'), 'signed data');
    const certs = signedData.find((n) => isContext(n, 0));
    if (!certs) return [];
    // Copies, so a caller keeping one certificate does not keep the whole file alive.
    return childrenOf(certs).filter((n) => isUniversal(n, TAG.SEQUENCE)).map((n) => Buffer.from(n.raw));
  } catch (err) {
    if (err instanceof DerError) throw new CertdeskError('CORRUPT_FILE', `The PKCS#7 file is damaged or truncated (${err.message}).`);
    throw err;
  }
}

/** Every certificate in PEM (CERTIFICATE and PKCS7 blocks), DER PKCS#7 or a DER certificate. */
export function certificatesFromAny(bytes: Buffer): Buffer[] {
  const capped = (certs: Buffer[]) => {
    if (certs.length > MAX_CERTIFICATES) throw tooManyCertificates();
    return certs;
  };
  if (looksLikePem(bytes)) {
    return capped(parsePem(bytes).flatMap((b) => {
      if (isCertificateLabel(b.label)) return [certificateDerOfBlock(b)];
      if (PKCS7_LABELS.has(b.label)) return certificatesFromPkcs7(b.der);
      return [];
    }));
  }
  if (looksLikePkcs7(bytes)) return capped(certificatesFromPkcs7(bytes));
  try {
    parseDer(bytes);
  } catch {
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'This file holds no certificate Certdesk can read (expected PEM, DER or PKCS#7).');
  }
  try {
    certificateParts(bytes);
  } catch {
    throw new CertdeskError('NO_CERTIFICATE', 'This DER file is not a certificate.', 'Choose the .crt/.cer/.pem file that holds the certificate.');
  }
  return [bytes];
}
