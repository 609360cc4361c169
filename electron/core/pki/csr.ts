/** Reading PKCS#10 certificate requests, including a synchronous proof-of-possession check. */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { CsrFacts } from '../../../shared/contract/pki.js';
import { CertdeskError } from '../errors.js';
import { verifySignature } from './signature.js';
import { type DerNode, childrenOf, DerError, isContext, isUniversal, octetsOf, oidOf, seqOf, TAG } from './der.js';
import { parseGeneralNames } from './general-names.js';
import { keyFacts } from './keys.js';
import { OID, SIGNATURE_ALGORITHMS } from './oids.js';
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

export { verifySignature } from './signature.js';
