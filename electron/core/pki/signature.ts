/** Signature verification over DER structures (certificates, requests), with the algorithm named by an AlgorithmIdentifier. */
import { constants, type KeyObject, verify } from 'node:crypto';
import { type DerNode, childrenOf, intOf, isContext, isUniversal, oidOf, seqOf, TAG } from './der.js';
import { OID, SIGNATURE_ALGORITHMS } from './oids.js';
import { hashForOid } from './pbe.js';

// Verifying with a key of the wrong type leaves an error on OpenSSL's queue that Node does not clear
// (it then breaks the next, unrelated crypto call), so a mismatch is decided here without trying.
export function keyFitsSignature(signatureOid: string, key: KeyObject): boolean {
  const type = key.asymmetricKeyType;
  if (signatureOid.startsWith('1.2.840.113549.1.1.')) return type === 'rsa' || type === 'rsa-pss';
  if (signatureOid.startsWith('1.2.840.10045.4.')) return type === 'ec';
  if (signatureOid === '1.3.101.112') return type === 'ed25519';
  if (signatureOid === '1.3.101.113') return type === 'ed448';
  if (signatureOid.startsWith('2.16.840.1.101.3.4.3.')) {
    // NIST sigAlgs arc: 1-8 DSA (SHA-2, SHA-3), 9-12 ECDSA with SHA-3, 13-16 RSA with SHA-3.
    const arc = Number(signatureOid.slice('2.16.840.1.101.3.4.3.'.length));
    if (arc >= 13 && arc <= 16) return type === 'rsa';
    if (arc >= 9 && arc <= 12) return type === 'ec';
    return type === 'dsa';
  }
  if (signatureOid.startsWith('1.2.840.10040.4.')) return type === 'dsa';
  return true;
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

