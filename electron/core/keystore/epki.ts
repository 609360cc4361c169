import forge from 'node-forge';
import { corrupt } from './java-data.js';

/**
 * PKCS#8 EncryptedPrivateKeyInfo, the wrapper JKS and JCEKS put around a protected key:
 * SEQUENCE { AlgorithmIdentifier { OID, params }, OCTET STRING encryptedData }.
 */
export interface EncryptedKeyInfo {
  algorithmOid: string;
  /** The algorithm parameters, or null when absent or ASN.1 NULL. */
  params: forge.asn1.Asn1 | null;
  encrypted: Buffer;
}

/** Parses an EncryptedPrivateKeyInfo; anything else means a damaged entry. */
export function decodeEncryptedKeyInfo(der: Buffer): EncryptedKeyInfo {
  let root: forge.asn1.Asn1;
  try {
    root = forge.asn1.fromDer(der.toString('binary'), true);
  } catch {
    throw corrupt('a protected key is not valid DER');
  }
  const [alg, data] = children(root);
  const [oid, params] = alg ? children(alg) : [];
  if (!oid || oid.type !== forge.asn1.Type.OID || !data || data.type !== forge.asn1.Type.OCTETSTRING || typeof data.value !== 'string')
    throw corrupt('a protected key has an unexpected structure');
  return {
    algorithmOid: forge.asn1.derToOid(oid.value as string),
    params: params && params.type !== forge.asn1.Type.NULL ? params : null,
    encrypted: Buffer.from(data.value, 'binary'),
  };
}

/** Builds an EncryptedPrivateKeyInfo; null params are written as ASN.1 NULL, as Java's AlgorithmId does. */
export function encodeEncryptedKeyInfo(algorithmOid: string, params: forge.asn1.Asn1 | null, encrypted: Buffer): Buffer {
  const algId = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
    forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OID, false, forge.asn1.oidToDer(algorithmOid).getBytes()),
    params ?? forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.NULL, false, ''),
  ]);
  const root = forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
    algId,
    forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OCTETSTRING, false, encrypted.toString('binary')),
  ]);
  return Buffer.from(forge.asn1.toDer(root).getBytes(), 'binary');
}

/** PBEParameter ::= SEQUENCE { salt OCTET STRING, iterationCount INTEGER } (PKCS#5 v1.5). */
export function decodePbeParams(params: forge.asn1.Asn1 | null): { salt: Buffer; iterations: number } {
  const [salt, iter] = params ? children(params) : [];
  if (!salt || salt.type !== forge.asn1.Type.OCTETSTRING || !iter || iter.type !== forge.asn1.Type.INTEGER)
    throw corrupt('the key protection parameters are missing');
  const iterations = forge.asn1.derToInteger(iter.value as string);
  return { salt: Buffer.from(salt.value as string, 'binary'), iterations };
}

/** Encodes a PBEParameter. */
export function encodePbeParams(salt: Buffer, iterations: number): forge.asn1.Asn1 {
  return forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.SEQUENCE, true, [
    forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.OCTETSTRING, false, salt.toString('binary')),
    forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.INTEGER, false, forge.asn1.integerToDer(iterations).getBytes()),
  ]);
}

/** Parses PBEParameter DER bytes (SealedObject.encodedParams). */
export function decodePbeParamsDer(der: Buffer): { salt: Buffer; iterations: number } {
  try {
    return decodePbeParams(forge.asn1.fromDer(der.toString('binary'), true));
  } catch {
    throw corrupt('the secret key protection parameters are not valid');
  }
}

function children(node: forge.asn1.Asn1): forge.asn1.Asn1[] {
  return Array.isArray(node.value) ? node.value : [];
}
