/** Creating certificates and requests: self-signed server/client certificates, CSRs, and CA-reply matching. */
import { createHash, createPrivateKey, type KeyObject, randomBytes, sign } from 'node:crypto';
import type { CertUsage, KeySpec } from '../../../shared/contract/pki.js';
import { CertdeskError } from '../errors.js';
import { throwIfCancelled } from '../jobs.js';
import { loadCert, orderChain } from './chain.js';
import { childrenOf, parseDer } from './der.js';
import {
  bitString, boolean, derNull, explicit, implicitConstructed, implicitPrimitive, ipBytes, isPrintable, objectId, octetString, printableString,
  sequence, setOf, smallInteger, unsignedInteger, utf8String, x509Time,
} from './der-write.js';
import { normaliseSans } from './general-names.js';
import { generateKey, type ParsedKey, parsePrivateKey, publicKeyOf, samePublicKey } from './keys.js';
import { OID } from './oids.js';

export { inspectCsr } from './csr.js';

const DAY_MS = 86_400_000;
// Backdating absorbs small clock differences between this machine and the clients that check the cert.
const BACKDATE_MS = 5 * 60_000;

const EXT = { basicConstraints: '2.5.29.19', keyUsage: '2.5.29.15', subjectAltName: '2.5.29.17', subjectKeyId: '2.5.29.14', authorityKeyId: '2.5.29.35', extKeyUsage: '2.5.29.37' };
const EKU: Record<CertUsage, string> = { serverAuth: '1.3.6.1.5.5.7.3.1', clientAuth: '1.3.6.1.5.5.7.3.2' };
const ATTR = { C: '2.5.4.6', ST: '2.5.4.8', L: '2.5.4.7', O: '2.5.4.10', OU: '2.5.4.11', CN: '2.5.4.3' } as const;

/** A new key of the given type, or an existing PKCS#8 key to reuse (renewals keep their key). */
export type KeyInput = KeySpec | { pkcs8Der: Buffer };

export interface SelfSignedInput {
  cn: string;
  /** 'dns:name' | 'ip:1.2.3.4' | 'ip:::1'; the CN is added when missing. */
  sans: string[];
  key: KeyInput;
  days: number;
  usages: CertUsage[];
  signal?: AbortSignal;
}

/** Creates a self-signed end-entity certificate (SHA-256, random serial) and returns it with its key. */
export async function createSelfSigned(input: SelfSignedInput): Promise<{ certDer: Buffer; keyPkcs8Der: Buffer }> {
  if (!Number.isInteger(input.days) || input.days < 1) throw new CertdeskError('VALIDATION_FAILED', 'The validity must be at least one whole day.');
  const sans = normaliseSans(input.cn, input.sans);
  const key = await resolveKey(input.key, input.signal);
  const signer = signerOf(key);
  throwIfCancelled(input.signal);
  const now = Date.now();
  const keyId = keyIdentifier(signer.spki);
  const extensions = [
    // CA:FALSE, stated explicitly and critical (as Let's Encrypt leaves do). OpenSSL's `req -x509`
    // default (v3_ca) would say CA:TRUE, and Firefox refuses a CA certificate used as a server
    // certificate; mkcert leaves basicConstraints out, which some validators read as "unknown".
    // cA FALSE is the DEFAULT, so DER leaves it out: an empty SEQUENCE.
    extension(EXT.basicConstraints, true, sequence()),
    // keyEncipherment only matters for RSA key transport; it is meaningless for EC keys.
    // Named bits, trailing zeros dropped: digitalSignature (bit 0) and keyEncipherment (bit 2).
    extension(EXT.keyUsage, true, key.facts.keyType === 'RSA' ? Buffer.from([0x03, 0x02, 0x05, 0xa0]) : Buffer.from([0x03, 0x02, 0x07, 0x80])),
    extension(EXT.subjectAltName, false, generalNames(sans)),
    extension(EXT.subjectKeyId, false, octetString(keyId)),
    extension(EXT.authorityKeyId, false, sequence(implicitPrimitive(0, keyId))),
  ];
  if (input.usages.length > 0) extensions.push(extension(EXT.extKeyUsage, false, sequence(...input.usages.map((u) => objectId(EKU[u])))));
  const name = distinguishedName([['CN', input.cn]]);
  const tbs = sequence(
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(randomSerial()),
    signer.algorithm,
    name,
    sequence(x509Time(new Date(now - BACKDATE_MS)), x509Time(new Date(now + input.days * DAY_MS))),
    name,
    signer.spki,
    explicit(3, sequence(...extensions)),
  );
  const certDer = sequence(tbs, signer.algorithm, bitString(await signer.sign(tbs)));
  return { certDer, keyPkcs8Der: key.pkcs8Der };
}

export interface CsrInput {
  cn: string;
  o?: string;
  ou?: string;
  l?: string;
  st?: string;
  c?: string;
  sans: string[];
  key: KeyInput;
  signal?: AbortSignal;
}

/** Creates a PKCS#10 request (SHA-256) with the SANs (CN included) in an extension request. */
export async function createCsr(input: CsrInput): Promise<{ csrDer: Buffer; keyPkcs8Der: Buffer }> {
  if (input.c !== undefined && !/^[A-Za-z]{2}$/.test(input.c)) {
    throw new CertdeskError('VALIDATION_FAILED', `Country "${input.c}" must be a two-letter code such as US.`);
  }
  const sans = normaliseSans(input.cn, input.sans);
  const key = await resolveKey(input.key, input.signal);
  const signer = signerOf(key);
  throwIfCancelled(input.signal);
  // Most general first in the encoding, so it prints "CN=..., OU=..., O=..., C=..." like keytool.
  const rdns: [keyof typeof ATTR, string][] = [];
  const add = (attr: keyof typeof ATTR, value: string | undefined) => {
    if (value !== undefined && value !== '') rdns.push([attr, value]);
  };
  add('C', input.c?.toUpperCase());
  add('ST', input.st);
  add('L', input.l);
  add('O', input.o);
  add('OU', input.ou);
  add('CN', input.cn);
  const extensionRequest = sequence(objectId(OID.extensionRequest), setOf(sequence(extension(EXT.subjectAltName, false, generalNames(sans)))));
  const info = sequence(smallInteger(0), distinguishedName(rdns), signer.spki, implicitConstructed(0, extensionRequest));
  const csrDer = sequence(info, signer.algorithm, bitString(await signer.sign(info)));
  return { csrDer, keyPkcs8Der: key.pkcs8Der };
}

/**
 * Finds the certificate a CA issued for our key among the certificates of its reply (any order,
 * possibly with extras) and orders its chain; KEY_CERT_MISMATCH when none carries our key.
 */
export function matchCaReply(input: { certsDer: Buffer[]; keyPkcs8Der: Buffer }): {
  leafDer: Buffer;
  chainDer: Buffer[];
  complete: boolean;
  missingIssuer?: string;
  unrelatedDer: Buffer[];
} {
  if (input.certsDer.length === 0) throw new CertdeskError('NO_CERTIFICATE', 'The CA reply contains no certificate.');
  const pub = publicKeyOf(input.keyPkcs8Der);
  const leafDer = input.certsDer.find((d) => samePublicKey(loadCert(d).publicKey, pub));
  if (!leafDer) {
    throw new CertdeskError('KEY_CERT_MISMATCH',
      `None of the ${input.certsDer.length} certificate(s) in the CA reply belongs to this private key.`,
      'Use the reply to the request that was made with this key.');
  }
  return { leafDer, ...orderChain(leafDer, input.certsDer) };
}

async function resolveKey(key: KeyInput, signal: AbortSignal | undefined): Promise<ParsedKey> {
  throwIfCancelled(signal);
  return typeof key === 'string' ? generateKey(key, signal ? { signal } : {}) : parsePrivateKey(key.pkcs8Der);
}

interface Signer {
  /** The SubjectPublicKeyInfo DER. */
  spki: Buffer;
  /** The AlgorithmIdentifier DER of the signature (sha256WithRSAEncryption or ecdsa-with-SHA256). */
  algorithm: Buffer;
  /** Signs in Node's thread pool, so a large RSA key never blocks the event loop. */
  sign(data: Buffer): Promise<Buffer>;
}

function signerOf(key: ParsedKey): Signer {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: key.pkcs8Der, format: 'der', type: 'pkcs8' });
  } catch {
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'This key cannot be used for signing (RSA-PSS-only and unusual keys are not supported).');
  }
  let algorithm: Buffer;
  switch (key.facts.keyType) {
    case 'RSA':
      // An RSA-PSS-only key cannot make PKCS#1 v1.5 signatures.
      if (privateKey.asymmetricKeyType !== 'rsa') {
        throw new CertdeskError('UNSUPPORTED_FORMAT', 'This key cannot be used for signing (RSA-PSS-only and unusual keys are not supported).');
      }
      algorithm = sequence(objectId('1.2.840.113549.1.1.11'), derNull());
      break;
    case 'EC':
      if (key.facts.curve !== 'P-256' && key.facts.curve !== 'P-384' && key.facts.curve !== 'P-521') {
        throw new CertdeskError('UNSUPPORTED_FORMAT', `EC keys on curve ${key.facts.curve ?? 'unknown'} cannot sign certificates here; use P-256 or P-384.`);
      }
      // ECDSA with SHA-256 on every curve (as before); the parameters are absent (RFC 5758).
      algorithm = sequence(objectId('1.2.840.10045.4.3.2'));
      break;
    case 'Ed25519':
    case 'Ed448':
    case 'DSA':
    case 'unknown':
      throw new CertdeskError('UNSUPPORTED_FORMAT', `${key.facts.keyType} keys are not supported here; use RSA or EC.`);
    default: {
      const never: never = key.facts.keyType;
      return never;
    }
  }
  const spki = publicKeyOf(key.pkcs8Der).export({ type: 'spki', format: 'der' });
  return {
    spki,
    algorithm,
    // ECDSA signatures come out DER-encoded (Node's default dsaEncoding), as X.509 and PKCS#10 want them.
    sign: (data) => new Promise((resolve, reject) => sign('sha256', data, privateKey, (err, sig) => (err ? reject(err) : resolve(sig)))),
  };
}

/** The key identifier of RFC 5280 4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: Buffer): Buffer {
  const bits = childrenOf(parseDer(spki))[1];
  if (!bits) throw new CertdeskError('INTERNAL', 'The public key has no key bits.');
  return createHash('sha1').update(bits.content.subarray(1)).digest();
}

/** One Extension: extnID, critical (only when true: FALSE is the DEFAULT), extnValue. */
function extension(oid: string, critical: boolean, value: Buffer): Buffer {
  return critical ? sequence(objectId(oid), boolean(true), octetString(value)) : sequence(objectId(oid), octetString(value));
}

/** GeneralNames for the SAN extension: dNSName [2], rfc822Name [1], URI [6], iPAddress [7]. */
function generalNames(sans: ReturnType<typeof normaliseSans>): Buffer {
  return sequence(
    ...sans.map((san) => {
      switch (san.type) {
        case 'dns':
          return implicitPrimitive(2, Buffer.from(san.value, 'latin1'));
        case 'email':
          return implicitPrimitive(1, Buffer.from(san.value, 'latin1'));
        case 'url':
          return implicitPrimitive(6, Buffer.from(san.value, 'latin1'));
        case 'ip':
          // normaliseSans has checked the address.
          return implicitPrimitive(7, ipBytes(san.value));
        default: {
          const never: never = san.type;
          return never;
        }
      }
    }),
  );
}

/**
 * A Name with one attribute per RDN, in the order given. The country is a PrintableString (RFC 5280);
 * other values are PrintableString when they fit and UTF8String otherwise.
 */
function distinguishedName(rdns: [keyof typeof ATTR, string][]): Buffer {
  return sequence(
    ...rdns.map(([attr, value]) =>
      setOf(sequence(objectId(ATTR[attr]), attr === 'C' || isPrintable(value) ? printableString(value) : utf8String(value))),
    ),
  );
}

// 16 random bytes, top bit clear so the INTEGER is positive, first byte non-zero so it stays minimal DER.
function randomSerial(): Buffer {
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f || 0x01;
  return b;
}
