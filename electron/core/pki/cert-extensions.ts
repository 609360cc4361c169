/**
 * The certificate extensions CertificateFacts shows, read with the project's DER reader.
 *
 * A general ASN.1 schema library costs more per certificate than everything else a listing does,
 * so each extension is read by hand here. Each reader returns undefined for a malformed value: one
 * damaged extension must not hide the rest of the certificate.
 */
import { CONTEXT, childrenOf, UNIVERSAL, type DerNode, isContext, isUniversal, oidOf, parseDer, TAG } from './der.js';
import { EKU_NAMES } from './oids.js';

/** Extension OIDs CertificateFacts reads. */
export const EXT = {
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
} as const;

// KeyUsage bit names, bit 0 (the first octet's high bit) first: RFC 5280 §4.2.1.3.
const KEY_USAGE_BITS = [
  'digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly',
] as const;

const AD_OCSP = '1.3.6.1.5.5.7.48.1';
const AD_CA_ISSUERS = '1.3.6.1.5.5.7.48.2';
const URI_TAG = 6;

const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).toUpperCase().padStart(2, '0'));

/** Upper-case colon-separated hex, as keytool prints fingerprints and key identifiers. */
export function colonHex(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += (i === 0 ? '' : ':') + (HEX_BYTES[bytes[i] ?? 0] ?? '');
  return out;
}

function guard<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function sequence(value: Buffer): DerNode[] {
  const node = parseDer(value, { allowTrailing: true });
  if (!isUniversal(node, TAG.SEQUENCE) || !node.constructed) throw new Error('Expected a SEQUENCE');
  return childrenOf(node);
}

/** keyUsage bit names in RFC order; unused trailing bits are ignored. */
export function readKeyUsage(value: Buffer): string[] | undefined {
  return guard(() => {
    const bits = parseDer(value, { allowTrailing: true });
    if (!isUniversal(bits, TAG.BIT_STRING) || bits.constructed) throw new Error('Expected a BIT STRING');
    const unused = bits.content[0];
    const octets = bits.content.subarray(1);
    if (unused === undefined || unused > 7 || octets.length === 0) return [];
    const count = octets.length * 8 - unused;
    return KEY_USAGE_BITS.filter((_, i) => i < count && ((octets[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
  });
}

/** extendedKeyUsage purposes by name (OpenSSL's short names), unknown ones as OIDs. */
export function readExtKeyUsage(value: Buffer): string[] | undefined {
  return guard(() => sequence(value).map((n) => {
    const oid = oidOf(n);
    return EKU_NAMES[oid] ?? oid;
  }));
}

/** basicConstraints: cA (default false) and pathLenConstraint when present. */
export function readBasicConstraints(value: Buffer): { ca: boolean; pathLen?: number } | undefined {
  return guard(() => {
    let ca = false;
    let pathLen: number | undefined;
    for (const n of sequence(value)) {
      if (n.cls !== UNIVERSAL) throw new Error('Unexpected element in basicConstraints');
      if (n.tag === TAG.BOOLEAN) ca = (n.content[0] ?? 0) !== 0;
      else if (n.tag === TAG.INTEGER) pathLen = signedInt(n.content);
      else throw new Error('Unexpected element in basicConstraints');
    }
    return pathLen === undefined ? { ca } : { ca, pathLen };
  });
}

function signedInt(bytes: Buffer): number {
  if (bytes.length === 0 || bytes.length > 6) throw new Error('Unsupported INTEGER');
  return bytes.readIntBE(0, bytes.length);
}

/** subjectKeyIdentifier as colon hex. */
export function readSubjectKeyId(value: Buffer): string | undefined {
  return guard(() => {
    const n = parseDer(value, { allowTrailing: true });
    if (!isUniversal(n, TAG.OCTET_STRING)) throw new Error('Expected an OCTET STRING');
    return colonHex(n.content);
  });
}

/** authorityKeyIdentifier's keyIdentifier as colon hex; undefined when absent or empty. */
export function readAuthorityKeyId(value: Buffer): string | undefined {
  return guard(() => {
    const keyId = sequence(value).find((n) => isContext(n, 0));
    return keyId && keyId.content.length > 0 ? colonHex(keyId.content) : undefined;
  });
}

/** authorityInfoAccess URLs: OCSP responders and CA issuer locations. */
export function readAuthorityInfoAccess(value: Buffer): { ocsp: string[]; caIssuers: string[] } | undefined {
  return guard(() => {
    const out = { ocsp: [] as string[], caIssuers: [] as string[] };
    for (const desc of sequence(value)) {
      const [methodNode, location] = childrenOf(desc);
      const method = oidOf(methodNode);
      if (!location || location.cls !== CONTEXT) throw new Error('Expected a GeneralName');
      if (location.tag !== URI_TAG) continue;
      if (method === AD_OCSP) out.ocsp.push(location.content.toString('latin1'));
      else if (method === AD_CA_ISSUERS) out.caIssuers.push(location.content.toString('latin1'));
    }
    return out;
  });
}

/** cRLDistributionPoints URLs, from every point's fullName. */
export function readCrlUrls(value: Buffer): string[] | undefined {
  return guard(() => sequence(value).flatMap((point) => {
    // DistributionPoint ::= SEQUENCE { distributionPoint [0] DistributionPointName OPTIONAL, reasons [1], cRLIssuer [2] }
    const name = childrenOf(point).find((n) => isContext(n, 0));
    const fullName = name ? childrenOf(name).find((n) => isContext(n, 0)) : undefined;
    if (!fullName) return [];
    return childrenOf(fullName).flatMap((g) => (g.cls === CONTEXT && g.tag === URI_TAG ? [g.content.toString('latin1')] : []));
  }));
}
