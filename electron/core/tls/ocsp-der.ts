/**
 * OCSP (RFC 6960) in DER: the request for one certificate, and the response parsed and verified
 * (signed by the issuer or by a responder the issuer delegated to) before its status is believed.
 */
import forge from 'node-forge';
import { createHash, verify as verifySignature, X509Certificate } from 'node:crypto';
import { nul, octets, oid, seq, toDer } from '../pki/asn1-build.js';
import { childrenOf, isContext, isUniversal, oidOf, parseDer, seqOf, TAG, timeOf, type DerNode } from '../pki/der.js';
import type { LoadedCert } from '../pki/chain.js';
import { keyFitsSignature } from '../pki/signature.js';
import { OID, SIGNATURE_ALGORITHMS } from '../pki/oids.js';
import { serialHex } from '../pki/x509-der.js';

const OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';
const SKEW_MS = 5 * 60_000;

/** SHA-1 of the issuer's public key bits (the BIT STRING contents without the unused-bits byte). */
function issuerKeyHash(issuer: LoadedCert, alg: string): Buffer {
  const [, bits] = seqOf(issuer.parts.spki, 'a public key');
  return createHash(alg).update((bits?.content ?? Buffer.alloc(1)).subarray(1)).digest();
}

/** An OCSPRequest for `leaf` issued by `issuer` (SHA-1 CertID, as responders expect). */
export function ocspRequest(leaf: LoadedCert, issuer: LoadedCert): Buffer {
  const certId = seq([
    seq([oid(OID.sha1), nul()]),
    octets(createHash('sha1').update(issuer.parts.subject.raw).digest()),
    octets(issuerKeyHash(issuer, 'sha1')),
    forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.INTEGER, false, leaf.parts.serial.toString('binary')),
  ]);
  return toDer(seq([seq([seq([seq([certId])])])]));
}

export type OcspVerdict =
  | { status: 'good' | 'revoked' | 'unknown'; thisUpdate: Date; nextUpdate?: Date; revokedAt?: Date }
  | { status: 'invalid'; reason: string };

const HASH_BY_OID: Record<string, string> = { [OID.sha1]: 'sha1', '2.16.840.1.101.3.4.2.1': 'sha256', '2.16.840.1.101.3.4.2.2': 'sha384', '2.16.840.1.101.3.4.2.3': 'sha512' };

/** Parses and verifies a DER OCSPResponse about `leaf`; 'invalid' with the reason when it cannot be believed. */
export function readOcspResponse(der: Buffer, leaf: LoadedCert, issuer: LoadedCert, now: Date): OcspVerdict {
  try {
    const [statusNode, bytesWrapper] = seqOf(parseDer(der), 'an OCSP response');
    const status = statusNode?.content[0] ?? 255;
    if (status !== 0) return { status: 'invalid', reason: `the responder answered with error status ${status}` };
    if (!isContext(bytesWrapper, 0)) return { status: 'invalid', reason: 'the response has no body' };
    const [typeNode, body] = seqOf(childrenOf(bytesWrapper)[0], 'response bytes');
    if (oidOf(typeNode) !== OCSP_BASIC || !body) return { status: 'invalid', reason: 'not a basic OCSP response' };
    const [tbs, sigAlg, sigBits, certsWrapper] = seqOf(parseDer(body.content), 'a basic OCSP response');
    if (!tbs || !sigBits) return { status: 'invalid', reason: 'the response is incomplete' };
    const signer = responderKey(issuer, certsWrapper);
    const sigOid = oidOf(seqOf(sigAlg, 'a signature algorithm')[0]);
    const hash = SIGNATURE_ALGORITHMS[sigOid]?.hash;
    if (!hash || !keyFitsSignature(sigOid, signer.publicKey)) return { status: 'invalid', reason: `unsupported signature algorithm ${sigOid}` };
    if (!verifySignature(hash, tbs.raw, signer.publicKey, sigBits.content.subarray(1))) return { status: 'invalid', reason: 'its signature does not verify' };
    const fields = seqOf(tbs, 'response data');
    const rest = isContext(fields[0], 0) ? fields.slice(1) : fields;
    const single = seqOf(rest[2], 'responses').map((n) => readSingle(n)).find((s) => matches(s.certId, leaf, issuer));
    if (!single) return { status: 'invalid', reason: 'it does not speak about this certificate' };
    if (single.thisUpdate.getTime() > now.getTime() + SKEW_MS) return { status: 'invalid', reason: 'it is dated in the future' };
    if (single.nextUpdate && single.nextUpdate.getTime() < now.getTime() - SKEW_MS) return { status: 'invalid', reason: 'it is out of date' };
    const out: OcspVerdict = { status: single.status, thisUpdate: single.thisUpdate };
    if (single.nextUpdate) out.nextUpdate = single.nextUpdate;
    if (single.revokedAt) out.revokedAt = single.revokedAt;
    return out;
  } catch (err) {
    return { status: 'invalid', reason: `it is malformed (${(err as Error).message})` };
  }
}

/** The issuer itself, or a certificate in the response that the issuer signed for OCSP signing. */
function responderKey(issuer: LoadedCert, certsWrapper: DerNode | undefined): X509Certificate {
  if (!isContext(certsWrapper, 0)) return issuer.x509;
  for (const c of seqOf(childrenOf(certsWrapper)[0], 'responder certificates')) {
    const x = new X509Certificate(c.raw);
    if (x.fingerprint256 === issuer.x509.fingerprint256) return issuer.x509;
    if (x.checkIssued(issuer.x509) && x.verify(issuer.x509.publicKey) && (x.keyUsage ?? []).includes(OCSP_SIGNING)) return x;
  }
  return issuer.x509;
}

interface Single {
  certId: { hashAlg: string; nameHash: Buffer; keyHash: Buffer; serial: string };
  status: 'good' | 'revoked' | 'unknown';
  thisUpdate: Date;
  nextUpdate?: Date;
  revokedAt?: Date;
}

function readSingle(node: DerNode): Single {
  const [certId, statusNode, thisUpdate, ...more] = seqOf(node, 'a single response');
  const [alg, nameHash, keyHash, serial] = seqOf(certId, 'a CertID');
  const hashAlg = HASH_BY_OID[oidOf(seqOf(alg, 'a hash algorithm')[0])] ?? 'unknown';
  const status = statusNode?.tag === 0 ? 'good' : statusNode?.tag === 1 ? 'revoked' : 'unknown';
  const out: Single = {
    certId: { hashAlg, nameHash: nameHash?.content ?? Buffer.alloc(0), keyHash: keyHash?.content ?? Buffer.alloc(0), serial: serialHex(serial?.content ?? Buffer.alloc(0)) },
    status, thisUpdate: timeOf(thisUpdate),
  };
  const next = more.find((n) => isContext(n, 0));
  if (next) out.nextUpdate = timeOf(childrenOf(next)[0]);
  if (status === 'revoked' && statusNode) {
    const first = childrenOf(statusNode)[0];
    if (first && isUniversal(first, TAG.GENERALIZED_TIME)) out.revokedAt = timeOf(first);
  }
  return out;
}

function matches(id: Single['certId'], leaf: LoadedCert, issuer: LoadedCert): boolean {
  if (id.hashAlg === 'unknown' || id.serial !== serialHex(leaf.parts.serial)) return false;
  return id.nameHash.equals(createHash(id.hashAlg).update(issuer.parts.subject.raw).digest()) && id.keyHash.equals(issuerKeyHash(issuer, id.hashAlg));
}
