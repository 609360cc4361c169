/** Creating certificates and requests: self-signed server/client certificates, CSRs, and CA-reply matching. */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { randomBytes, webcrypto } from 'node:crypto';
import type { CertUsage, KeySpec } from '../../../shared/contract/pki.js';
import { CertdeskError } from '../errors.js';
import { throwIfCancelled } from '../jobs.js';
import { loadCert, orderChain } from './chain.js';
import { normaliseSans } from './general-names.js';
import { generateKey, type ParsedKey, parsePrivateKey, publicKeyOf, samePublicKey } from './keys.js';

export { inspectCsr } from './csr.js';

// @peculiar/x509 signs through WebCrypto; Node's implementation handles RSA and EC and runs off-thread.
const subtle = webcrypto as unknown as Crypto;
const DAY_MS = 86_400_000;
// Backdating absorbs small clock differences between this machine and the clients that check the cert.
const BACKDATE_MS = 5 * 60_000;

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
  const { keys, signingAlgorithm } = await importForSigning(key);
  throwIfCancelled(input.signal);
  const now = Date.now();
  const extensions: x509.Extension[] = [
    // CA:FALSE, stated explicitly and critical (as Let's Encrypt leaves do). OpenSSL's `req -x509`
    // default (v3_ca) would say CA:TRUE, and Firefox refuses a CA certificate used as a server
    // certificate; mkcert leaves basicConstraints out, which some validators read as "unknown".
    new x509.BasicConstraintsExtension(false, undefined, true),
    // keyEncipherment only matters for RSA key transport; it is meaningless for EC keys.
    new x509.KeyUsagesExtension(
      key.facts.keyType === 'RSA' ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment : x509.KeyUsageFlags.digitalSignature,
      true,
    ),
    new x509.SubjectAlternativeNameExtension(sans, false),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey, false, subtle),
    await x509.AuthorityKeyIdentifierExtension.create(keys.publicKey, false, subtle),
  ];
  if (input.usages.length > 0) {
    extensions.push(new x509.ExtendedKeyUsageExtension(input.usages.map((u) => x509.ExtendedKeyUsage[u]), false));
  }
  const cert = await x509.X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: randomSerial(),
      name: [{ CN: [input.cn] }],
      notBefore: new Date(now - BACKDATE_MS),
      notAfter: new Date(now + input.days * DAY_MS),
      signingAlgorithm,
      keys,
      extensions,
    },
    subtle,
  );
  return { certDer: Buffer.from(cert.rawData), keyPkcs8Der: key.pkcs8Der };
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
  const { keys, signingAlgorithm } = await importForSigning(key);
  throwIfCancelled(input.signal);
  // Most general first in the encoding, so it prints "CN=..., OU=..., O=..., C=..." like keytool.
  const name: Record<string, string[]>[] = [];
  const add = (attr: string, value: string | undefined) => {
    if (value !== undefined && value !== '') name.push({ [attr]: [value] });
  };
  add('C', input.c?.toUpperCase());
  add('ST', input.st);
  add('L', input.l);
  add('O', input.o);
  add('OU', input.ou);
  add('CN', input.cn);
  const csr = await x509.Pkcs10CertificateRequestGenerator.create(
    { name, keys, signingAlgorithm, extensions: [new x509.SubjectAlternativeNameExtension(sans, false)] },
    subtle,
  );
  return { csrDer: Buffer.from(csr.rawData), keyPkcs8Der: key.pkcs8Der };
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
  const leafDer = input.certsDer.find((d) => samePublicKey(loadCert(d).x509.publicKey, pub));
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

async function importForSigning(key: ParsedKey): Promise<{ keys: CryptoKeyPair; signingAlgorithm: Algorithm | EcdsaParams }> {
  const spki = new Uint8Array(publicKeyOf(key.pkcs8Der).export({ type: 'spki', format: 'der' }));
  const pkcs8 = new Uint8Array(key.pkcs8Der);
  let importAlg: RsaHashedImportParams | EcKeyImportParams;
  let signingAlgorithm: Algorithm | EcdsaParams;
  switch (key.facts.keyType) {
    case 'RSA':
      importAlg = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
      signingAlgorithm = { name: 'RSASSA-PKCS1-v1_5' };
      break;
    case 'EC':
      if (key.facts.curve !== 'P-256' && key.facts.curve !== 'P-384' && key.facts.curve !== 'P-521') {
        throw new CertdeskError('UNSUPPORTED_FORMAT', `EC keys on curve ${key.facts.curve ?? 'unknown'} cannot sign certificates here; use P-256 or P-384.`);
      }
      importAlg = { name: 'ECDSA', namedCurve: key.facts.curve };
      signingAlgorithm = { name: 'ECDSA', hash: 'SHA-256' } as EcdsaParams;
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
  try {
    const privateKey = await subtle.subtle.importKey('pkcs8', pkcs8, importAlg, false, ['sign']);
    const publicKey = await subtle.subtle.importKey('spki', spki, importAlg, true, ['verify']);
    return { keys: { privateKey, publicKey }, signingAlgorithm };
  } catch {
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'This key cannot be used for signing (RSA-PSS-only and unusual keys are not supported).');
  }
}

// 16 random bytes, top bit clear so the INTEGER is positive, first byte non-zero so it stays minimal DER.
function randomSerial(): string {
  const b = randomBytes(16);
  b[0] = (b[0] ?? 0) & 0x7f || 0x01;
  return b.toString('hex');
}
