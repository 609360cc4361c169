/**
 * Thin typed builders over forge.asn1 for writing DER (PKCS#12 bags, PBE parameters).
 * forge works in "binary strings"; these helpers keep Buffers at the edges.
 */
import forge from 'node-forge';

export type Asn1 = forge.asn1.Asn1;

// forge is reached through `forge.` inside each function, never at load: the CLI bundles load
// forge on first use, so a command that writes no PKCS#12 never pays for it.
const U = 0; // forge.asn1.Class.UNIVERSAL

/** SEQUENCE of the given elements. */
export function seq(items: Asn1[]): Asn1 {
  return forge.asn1.create(U, forge.asn1.Type.SEQUENCE, true, items);
}

/** SET of the given elements (callers pass them already in the order they want). */
export function set(items: Asn1[]): Asn1 {
  return forge.asn1.create(U, forge.asn1.Type.SET, true, items);
}

/** OBJECT IDENTIFIER from dotted form. */
export function oid(dotted: string): Asn1 {
  return forge.asn1.create(U, forge.asn1.Type.OID, false, forge.asn1.oidToDer(dotted).getBytes());
}

/** Non-negative INTEGER. */
export function int(n: number): Asn1 {
  return forge.asn1.create(U, forge.asn1.Type.INTEGER, false, forge.asn1.integerToDer(n).getBytes());
}

/** OCTET STRING holding the given bytes. */
export function octets(bytes: Buffer): Asn1 {
  return forge.asn1.create(U, forge.asn1.Type.OCTETSTRING, false, bytes.toString('binary'));
}

/** BMPString (UTF-16BE), as PKCS#12 friendlyName requires. */
export function bmp(text: string): Asn1 {
  return forge.asn1.create(U, forge.asn1.Type.BMPSTRING, false, text);
}

/** NULL (AlgorithmIdentifier parameters). */
export function nul(): Asn1 {
  return forge.asn1.create(U, forge.asn1.Type.NULL, false, '');
}

/** EXPLICIT [n] wrapper. */
export function explicit(n: number, inner: Asn1): Asn1 {
  return forge.asn1.create(forge.asn1.Class.CONTEXT_SPECIFIC, n, true, [inner]);
}

/** IMPLICIT [n] OCTET STRING (primitive form). */
export function implicitOctets(n: number, bytes: Buffer): Asn1 {
  return forge.asn1.create(forge.asn1.Class.CONTEXT_SPECIFIC, n, false, bytes.toString('binary'));
}

/** Encodes to DER bytes. */
export function toDer(node: Asn1): Buffer {
  return Buffer.from(forge.asn1.toDer(node).getBytes(), 'binary');
}
