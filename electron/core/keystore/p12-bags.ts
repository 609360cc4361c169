import * as A from '../pki/asn1-build.js';
import { OID } from '../pki/oids.js';

/** PKCS#12 SafeBag builders for the keystore writer. */

/**
 * A DER element around already-encoded parts. Kept blobs are spliced in as bytes (forge would
 * re-encode them on the way through), so they stay exactly as read.
 */
export function derElement(tag: number, parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : lengthBytes(n);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}

function lengthBytes(n: number): Buffer {
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** SEQUENCE around already-encoded elements. */
export function derSequence(parts: Buffer[]): Buffer {
  return derElement(0x30, parts);
}

/** A bag attribute with one value. */
export function attribute(type: string, value: A.Asn1): A.Asn1 {
  return A.seq([A.oid(type), A.set([value])]);
}

/** A SafeBag: type, [0] the encoded value, optional attributes. */
export function safeBag(type: string, valueDer: Buffer, attrs: A.Asn1[]): Buffer {
  const parts = [A.toDer(A.oid(type)), derElement(0xa0, [valueDer])];
  if (attrs.length > 0) parts.push(A.toDer(A.set(attrs)));
  return derSequence(parts);
}

/** An X.509 certificate bag. */
export function certBag(der: Buffer, attrs: A.Asn1[]): Buffer {
  return safeBag(OID.certBag, derSequence([A.toDer(A.oid(OID.x509Certificate)), derElement(0xa0, [derElement(0x04, [der])])]), attrs);
}
