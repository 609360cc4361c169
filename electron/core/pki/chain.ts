/**
 * Chain building over a bag of certificates: who issued whom, leaf → root order, what is missing.
 *
 * Issuance is decided by name match plus a signature check. Node's checkIssued() is not used: it also
 * requires keyCertSign, so it says "no" for a self-signed server certificate issuing itself.
 */
import { type KeyObject, X509Certificate } from 'node:crypto';
import { CertdeskError } from '../errors.js';
import { childrenOf, isContext, isUniversal, parseDer, TAG } from './der.js';
import { OID, SIGNATURE_ALGORITHMS } from './oids.js';
import { keyFitsSignature, verifySignature } from './signature.js';
import { publicKeyFromSpki } from './spki-key.js';
import { samePublicKey } from './keys.js';
import { type CertificateParts, certificateParts, formatName, readingCertificate } from './x509-der.js';

/** How many certificates one file may hold: far above any real bundle, and a bound on time and memory. */
export const MAX_CERTIFICATES = 20_000;

// Name matches tried per certificate: real files have one or two issuers per name (a renewal, a
// cross-sign); a hostile file with thousands of same-named CAs must not make chain building quadratic.
const MAX_CANDIDATES = 64;

export interface LoadedCert {
  der: Buffer;
  /** Node's view, made on first use: OpenSSL's parser costs more than everything else inspect does per certificate. */
  readonly x509: X509Certificate;
  /** The subject public key, made on first use (only issuers and key matching need it). */
  readonly publicKey: KeyObject;
  /** basicConstraints cA. */
  ca: boolean;
  parts: CertificateParts;
  /** Subject and issuer as formatName shows them, made once. */
  subjectName: string;
  issuerName: string;
  /** Formatted, lower-cased names, made once: the issuer index is keyed by them. */
  subjectKey: string;
  issuerKey: string;
  /** Subject and authority key identifiers (hex), when present: they narrow the issuer candidates. */
  subjectKeyId?: string;
  authorityKeyId?: string;
  /** Memo of isSelfSigned (one signature check per certificate). */
  selfSigned?: boolean;
}

/** Parses certificates once for repeated chain checks; CORRUPT_FILE if one is not a certificate. */
export function loadCert(der: Buffer): LoadedCert {
  const parts = certificateParts(der);
  const damaged = () => new CertdeskError('CORRUPT_FILE', 'The certificate is damaged or not a certificate.');
  const subjectName = readingCertificate(() => formatName(parts.subject));
  // A root's issuer is its subject, byte for byte: formatted once.
  const issuerName = parts.issuer.raw.equals(parts.subject.raw) ? subjectName : readingCertificate(() => formatName(parts.issuer));
  let x509: X509Certificate | undefined;
  let publicKey: KeyObject | undefined;
  const loaded: LoadedCert = {
    der,
    get x509() {
      try {
        x509 ??= new X509Certificate(der);
      } catch {
        throw damaged();
      }
      return x509;
    },
    get publicKey() {
      try {
        publicKey ??= publicKeyFromSpki(parts.spki);
      } catch {
        throw damaged();
      }
      return publicKey;
    },
    ca: false,
    parts,
    subjectName,
    issuerName,
    subjectKey: subjectName.toLowerCase(),
    issuerKey: issuerName.toLowerCase(),
  };
  for (const ext of parts.extensions) {
    try {
      if (ext.oid === '2.5.29.19') {
        const first = childrenOf(parseDer(ext.value))[0];
        loaded.ca = isUniversal(first, TAG.BOOLEAN) && first.content[0] !== 0;
      }
      if (ext.oid === '2.5.29.14') loaded.subjectKeyId = parseDer(ext.value).content.toString('hex');
      if (ext.oid === '2.5.29.35') {
        const keyId = childrenOf(parseDer(ext.value)).find((n) => isContext(n, 0));
        if (keyId) loaded.authorityKeyId = keyId.content.toString('hex');
      }
    } catch {
      // A malformed key identifier only loses the shortcut; names and signatures still decide.
    }
  }
  return loaded;
}

/**
 * True when the certificate carries this public key. A certificate whose key cannot be loaded (damaged,
 * or an algorithm Node does not know) holds no key that matches: it is never an error here.
 */
export function holdsPublicKey(cert: LoadedCert, key: KeyObject): boolean {
  let own: KeyObject;
  try {
    own = cert.publicKey;
  } catch {
    return false;
  }
  return samePublicKey(own, key);
}

/** CANCELLED when the signal has fired; called between steps of long work. */
export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CertdeskError('CANCELLED', 'The operation was cancelled.');
}

/** Long work as a series of steps: a caller runs them straight through, or yields and checks for cancel in between. */
export type Steps<T> = Generator<void, T, void>;

/** Runs steps to the end, checking the signal between them. */
export function runSteps<T>(steps: Steps<T>, signal?: AbortSignal): T {
  for (;;) {
    throwIfCancelled(signal);
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs steps, giving the event loop a turn every few dozen so a cancel can arrive, and checking it. */
export async function runStepsAsync<T>(steps: Steps<T>, signal?: AbortSignal): Promise<T> {
  for (let n = 1; ; n++) {
    throwIfCancelled(signal);
    const r = steps.next();
    if (r.done) return r.value;
    if (n % 64 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The CertdeskError for a file with more certificates than Certdesk reads at once. */
export function tooManyCertificates(): CertdeskError {
  return new CertdeskError('UNSUPPORTED_FORMAT', `The file holds more than ${MAX_CERTIFICATES.toLocaleString('en-US')} certificates, more than Certdesk reads at once.`,
    'Check that this is the file you meant; split a larger bundle into parts (for example with `csplit`).');
}

/** Issuer candidates by subject name (and key identifier), so finding an issuer is a lookup, not a scan. */
export class IssuerIndex {
  private readonly bySubject = new Map<string, number[]>();

  constructor(private readonly certs: LoadedCert[]) {
    certs.forEach((c, i) => {
      const list = this.bySubject.get(c.subjectKey);
      if (list) list.push(i);
      else this.bySubject.set(c.subjectKey, [i]);
    });
  }

  /** Indices of the certificates that may have issued certs[i]: same name, matching key id when both have one. */
  candidates(i: number): number[] {
    const child = this.certs[i];
    if (!child) return [];
    const named = this.bySubject.get(child.issuerKey) ?? [];
    const akid = child.authorityKeyId;
    const fit = akid === undefined ? named : named.filter((j) => {
      const skid = this.certs[j]?.subjectKeyId;
      return skid === undefined || skid === akid;
    });
    return fit.length > MAX_CANDIDATES ? fit.slice(0, MAX_CANDIDATES) : fit;
  }
}

/** True when `issuer` signed `child`. */
export function issuedBy(child: LoadedCert, issuer: LoadedCert): boolean {
  if (child.issuerKey !== issuer.subjectKey) return false;
  let key: KeyObject;
  try {
    key = issuer.publicKey;
  } catch {
    return false; // an issuer whose key cannot be loaded signed nothing we can check
  }
  if (!keyFitsSignature(child.parts.signatureOid, key)) return false;
  if (SIGNATURE_ALGORITHMS[child.parts.signatureOid] || child.parts.signatureOid === OID.rsaPss) {
    return verifySignature(child.parts.signatureAlgorithm, child.parts.tbs.raw, key, child.parts.signature);
  }
  // Algorithms outside Certdesk's table (SHA-3, GOST, ...): OpenSSL's own check, when it knows them.
  try {
    return child.x509.verify(key);
  } catch {
    return false;
  }
}

/** True when both certificates carry (non-empty) key identifiers and the child's authority key id is not the issuer's subject key id. */
function keyIdsDiffer(child: LoadedCert, issuer: LoadedCert): boolean {
  return !!child.authorityKeyId && !!issuer.subjectKeyId && child.authorityKeyId !== issuer.subjectKeyId;
}

/** True when the certificate is its own issuer (a root, or a self-signed server certificate). */
export function isSelfSigned(cert: LoadedCert): boolean {
  // Names and key identifiers are compared first: the signature is checked only when they match.
  cert.selfSigned ??= cert.issuerKey === cert.subjectKey && !keyIdsDiffer(cert, cert) && issuedBy(cert, cert);
  return cert.selfSigned;
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
export function chainFrom(leaf: number, certs: LoadedCert[], index: IssuerIndex = new IssuerIndex(certs)): ChainOrder {
  const order = [leaf];
  const inChain = new Set(order);
  let current = certs[leaf];
  if (!current) throw new RangeError('leaf index out of range');
  for (;;) {
    if (isSelfSigned(current)) return finish(order, certs, true);
    const here: LoadedCert = current;
    const next = index.candidates(order[order.length - 1] ?? leaf)
      .find((i) => !inChain.has(i) && !certs[i]?.der.equals(here.der) && issuedBy(here, certs[i] as LoadedCert));
    const found = next === undefined ? undefined : certs[next];
    if (next === undefined || !found) return finish(order, certs, false, formatName(here.parts.issuer));
    order.push(next);
    inChain.add(next);
    current = found;
  }
}

function finish(order: number[], certs: LoadedCert[], complete: boolean, missingIssuer?: string): ChainOrder {
  // Exact duplicates of chain members are not "unrelated": a file may repeat a certificate.
  const inChain = new Set(order);
  const chainDers = new Set(order.map((o) => certs[o]?.der.toString('base64')));
  const unrelated = certs.flatMap((c, i) => (inChain.has(i) || chainDers.has(c.der.toString('base64')) ? [] : [i]));
  return missingIssuer === undefined ? { order, complete, unrelated } : { order, complete, missingIssuer, unrelated };
}

/**
 * Guesses the leaf when no key says which: a certificate that issued none of the others, preferring
 * one that is not a CA; ties go to the first in the file. One step per certificate.
 */
export function* pickLeafSteps(certs: LoadedCert[], index: IssuerIndex): Steps<number> {
  const issuers = new Set<number>();
  for (let i = 0; i < certs.length; i++) {
    const child = certs[i] as LoadedCert;
    for (const j of index.candidates(i)) {
      const issuer = certs[j];
      if (j === i || issuers.has(j) || !issuer || issuer.der.equals(child.der)) continue;
      if (issuedBy(child, issuer)) issuers.add(j);
    }
    yield;
  }
  const candidates = certs.map((c, i) => ({ c, i })).filter(({ i }) => !issuers.has(i));
  const endEntity = candidates.find(({ c }) => !c.ca);
  return (endEntity ?? candidates[0] ?? { i: 0 }).i;
}

/** pickLeafSteps run straight through. */
export function pickLeaf(certs: LoadedCert[]): number {
  return runSteps(pickLeafSteps(certs, new IssuerIndex(certs)));
}

/** Orders `others` into the chain above `leafDer`; certificates outside the chain come back separately. */
export function orderChain(leafDer: Buffer, others: Buffer[]): { chainDer: Buffer[]; complete: boolean; missingIssuer?: string; unrelatedDer: Buffer[] } {
  const certs = [leafDer, ...others.filter((o) => !o.equals(leafDer))].map(loadCert);
  const result = chainFrom(0, certs);
  const pick = (i: number) => certs[i]?.der ?? Buffer.alloc(0);
  const base = { chainDer: result.order.slice(1).map(pick), complete: result.complete, unrelatedDer: result.unrelated.map(pick) };
  return result.missingIssuer === undefined ? base : { ...base, missingIssuer: result.missingIssuer };
}
