/** Reading PKCS#10 certificate requests, including a synchronous proof-of-possession check. */
import { constants, createPublicKey, type KeyObject, verify } from 'node:crypto';
import type { CsrFacts } from '../../../shared/contract/pki.js';
import { CertdeskError } from '../errors.js';
import { keyFitsSignature } from './chain.js';
import { type DerNode, childrenOf, DerError, intOf, isContext, isUniversal, octetsOf, oidOf, seqOf, TAG } from './der.js';
import { parseGeneralNames } from './general-names.js';
import { keyFacts } from './keys.js';
import { OID, SIGNATURE_ALGORITHMS } from './oids.js';
import { hashForOid } from './pbe.js';
import { csrParts, formatName } from './x509-der.js';

const SAN_OID = '2.5.29.17';

/** Subject, SANs, key facts and whether the request's self-signature holds. */
export function inspectCsr(der: Buffer): CsrFacts {
  const parts = csrParts(der);
  let key: KeyObject;
  try {
    key = createPublicKey({ key: parts.spki.raw, format: 'der', type: 'spki' });
  } catch {
    throw new CertdeskError('CORRUPT_FILE', 'The public key in the certificate request is damaged or unsupported.');
  }
  let san: string[] = [];
  try {
    san = requestedSans(parts.info);
  } catch {
    // A malformed extension request is shown as no SANs; the signature check still tells the truth.
  }
  return {
    subject: formatName(parts.subject),
    san,
    key: keyFacts(key),
    signatureAlgorithm: SIGNATURE_ALGORITHMS[parts.signatureOid]?.name ?? parts.signatureOid,
    signatureValid: verifySignature(parts.signatureAlgorithm, parts.info.raw, key, parts.signature),
  };
}

function requestedSans(info: DerNode): string[] {
  const attrs = childrenOf(info).find((n) => isContext(n, 0));
  if (!attrs) return [];
  for (const attr of childrenOf(attrs)) {
    const [type, values] = seqOf(attr, 'a request attribute');
    if (oidOf(type) !== OID.extensionRequest) continue;
    const [extensions] = seqOf(values, 'attribute values', TAG.SET);
    for (const ext of seqOf(extensions, 'requested extensions')) {
      const [id, second, third] = seqOf(ext, 'an extension');
      if (oidOf(id) !== SAN_OID) continue;
      return parseGeneralNames(octetsOf(isUniversal(second, TAG.BOOLEAN) ? third : second));
    }
  }
  return [];
}

/** Verifies a signature over `data` with the algorithm named by the AlgorithmIdentifier (RSA, RSA-PSS, ECDSA, EdDSA, DSA). */
export function verifySignature(algId: DerNode, data: Buffer, key: KeyObject, signature: Buffer): boolean {
  try {
    const [oidNode, params] = seqOf(algId, 'a signature algorithm');
    const oid = oidOf(oidNode);
    if (!keyFitsSignature(oid, key)) return false;
    if (oid === OID.rsaPss) {
      const { hash, saltLength } = pssParams(params);
      return verify(hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
    }
    const alg = SIGNATURE_ALGORITHMS[oid];
    if (!alg) return false;
    return verify(alg.hash, data, key, signature);
  } catch {
    return false;
  }
}

// RSASSA-PSS-params: [0] hash (default SHA-1), [1] MGF, [2] salt length (default 20), [3] trailer.
function pssParams(params: DerNode | undefined): { hash: string; saltLength: number } {
  let hash = 'sha1';
  let saltLength = 20;
  if (!params || !isUniversal(params, TAG.SEQUENCE)) return { hash, saltLength };
  for (const p of childrenOf(params)) {
    const inner = childrenOf(p)[0];
    if (isContext(p, 0)) hash = hashForOid(oidOf(seqOf(inner, 'a hash algorithm')[0])) ?? hash;
    if (isContext(p, 2)) saltLength = intOf(inner);
  }
  return { hash, saltLength };
}

/** True for DER that has the outer shape of a PKCS#10 request. */
export function looksLikeCsr(der: Buffer): boolean {
  try {
    csrParts(der);
    return true;
  } catch (err) {
    if (err instanceof CertdeskError || err instanceof DerError) return false;
    throw err;
  }
}
