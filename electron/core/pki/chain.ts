/**
 * Chain building over a bag of certificates: who issued whom, leaf → root order, what is missing.
 *
 * Issuance is decided by name match plus a signature check. Node's checkIssued() is not used: it also
 * requires keyCertSign, so it says "no" for a self-signed server certificate issuing itself.
 */
import { type KeyObject, X509Certificate } from 'node:crypto';
import { CertdeskError } from '../errors.js';
import { type CertificateParts, certificateParts, formatName } from './x509-der.js';

export interface LoadedCert {
  der: Buffer;
  x509: X509Certificate;
  parts: CertificateParts;
  /** Formatted, lower-cased names: chain building compares them n² times, so they are made once. */
  subjectKey: string;
  issuerKey: string;
}

/** Parses certificates once for repeated chain checks; CORRUPT_FILE if one is not a certificate. */
export function loadCert(der: Buffer): LoadedCert {
  const parts = certificateParts(der);
  try {
    const x509 = new X509Certificate(der);
    return { der, x509, parts, subjectKey: formatName(parts.subject).toLowerCase(), issuerKey: formatName(parts.issuer).toLowerCase() };
  } catch {
    throw new CertdeskError('CORRUPT_FILE', 'The certificate is damaged or not a certificate.');
  }
}

/** True when `issuer` signed `child`. */
export function issuedBy(child: LoadedCert, issuer: LoadedCert): boolean {
  if (child.issuerKey !== issuer.subjectKey) return false;
  if (!keyFitsSignature(child.parts.signatureOid, issuer.x509.publicKey)) return false;
  try {
    return child.x509.verify(issuer.x509.publicKey);
  } catch {
    return false;
  }
}

// Verifying with a key of the wrong type leaves an error on OpenSSL's queue that Node does not clear
// (it then breaks the next, unrelated crypto call), so a mismatch is decided here without trying.
export function keyFitsSignature(signatureOid: string, key: KeyObject): boolean {
  const type = key.asymmetricKeyType;
  if (signatureOid.startsWith('1.2.840.113549.1.1.')) return type === 'rsa' || type === 'rsa-pss';
  if (signatureOid.startsWith('1.2.840.10045.4.')) return type === 'ec';
  if (signatureOid === '1.3.101.112') return type === 'ed25519';
  if (signatureOid === '1.3.101.113') return type === 'ed448';
  if (signatureOid.startsWith('1.2.840.10040.4.') || signatureOid.startsWith('2.16.840.1.101.3.4.3.')) return type === 'dsa';
  return true;
}

/** True when the certificate is its own issuer (a root, or a self-signed server certificate). */
export function isSelfSigned(cert: LoadedCert): boolean {
  return issuedBy(cert, cert);
}

export interface ChainOrder {
  /** Indices into the input, leaf first. */
  order: number[];
  complete: boolean;
  missingIssuer?: string;
  /** Indices not in the chain. */
  unrelated: number[];
}

/** Follows issuers upward from `leaf`. */
export function chainFrom(leaf: number, certs: LoadedCert[]): ChainOrder {
  const order = [leaf];
  let current = certs[leaf];
  if (!current) throw new RangeError('leaf index out of range');
  for (;;) {
    if (isSelfSigned(current)) return finish(order, certs, true);
    const here: LoadedCert = current;
    const next = certs.findIndex((c, i) => !order.includes(i) && !c.der.equals(here.der) && issuedBy(here, c));
    const found = certs[next];
    if (next < 0 || !found) return finish(order, certs, false, formatName(here.parts.issuer));
    order.push(next);
    current = found;
  }
}

function finish(order: number[], certs: LoadedCert[], complete: boolean, missingIssuer?: string): ChainOrder {
  // Exact duplicates of chain members are not "unrelated": a file may repeat a certificate.
  const unrelated = certs
    .map((c, i) => ({ c, i }))
    .filter(({ c, i }) => !order.includes(i) && !order.some((o) => certs[o]?.der.equals(c.der)))
    .map(({ i }) => i);
  return missingIssuer === undefined ? { order, complete, unrelated } : { order, complete, missingIssuer, unrelated };
}

/**
 * Guesses the leaf when no key says which: a certificate that issued none of the others, preferring
 * one that is not a CA; ties go to the first in the file.
 */
export function pickLeaf(certs: LoadedCert[]): number {
  const issuesOthers = (c: LoadedCert) => certs.some((o) => o !== c && !o.der.equals(c.der) && issuedBy(o, c));
  const candidates = certs.map((c, i) => ({ c, i })).filter(({ c }) => !issuesOthers(c));
  const endEntity = candidates.find(({ c }) => !c.x509.ca);
  return (endEntity ?? candidates[0] ?? { i: 0 }).i;
}

/** Orders `others` into the chain above `leafDer`; certificates outside the chain come back separately. */
export function orderChain(leafDer: Buffer, others: Buffer[]): { chainDer: Buffer[]; complete: boolean; missingIssuer?: string; unrelatedDer: Buffer[] } {
  const certs = [leafDer, ...others.filter((o) => !o.equals(leafDer))].map(loadCert);
  const result = chainFrom(0, certs);
  const pick = (i: number) => certs[i]?.der ?? Buffer.alloc(0);
  const base = { chainDer: result.order.slice(1).map(pick), complete: result.complete, unrelatedDer: result.unrelated.map(pick) };
  return result.missingIssuer === undefined ? base : { ...base, missingIssuer: result.missingIssuer };
}
