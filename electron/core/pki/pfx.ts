/**
 * The step people get wrong: turning a certificate + key (+ chain) into a .pfx, and back.
 * The key is checked against the certificate first, and the chain is put in leaf → root order.
 */
import type { PfxSummary, Pkcs12Profile } from '../../../shared/contract/pki.js';
import { CertdeskError } from '../errors.js';
import { describeCertificate } from './cert-facts.js';
import { holdsPublicKey, loadCert, orderChain } from './chain.js';
import { exportPrivateKeyPem, KEY_LABELS, keyMatchesCertificate, parsePrivateKey, publicKeyOf } from './keys.js';
import { looksLikePem, parsePem, toPem } from './pem.js';
import { certificatesFromAny } from './pkcs7.js';
import { readPkcs12, writePkcs12 } from './pkcs12.js';

/**
 * Certificate and key taken out of a .pfx, as PEM text. It holds the private key, so it stays in the
 * core (it is written to files) and is deliberately not part of the shared contract.
 */
export interface PfxExtract {
  alias: string;
  certPem: string;
  keyPem: string;
  /** The issuers, leaf's issuer first; empty string when there are none. */
  chainPem: string;
  keyEncrypted: boolean;
}
import { commonName } from './x509-der.js';

export { toDer, toPem } from './pem.js';

export interface CreatePfxInput {
  certDer: Buffer;
  keyPkcs8Der: Buffer;
  /** Issuer certificates in any order; ones outside the leaf's chain are left out (and counted). */
  chainDer: Buffer[];
  password: string;
  friendlyName: string;
  profile: Pkcs12Profile;
}

/** Builds a .pfx from DER parts; KEY_CERT_MISMATCH when the key does not belong to the certificate. */
export function createPfx(input: CreatePfxInput): { pfx: Buffer; summary: PfxSummary } {
  if (!keyMatchesCertificate(input.keyPkcs8Der, input.certDer)) {
    const subject = describeCertificate(input.certDer).subject;
    throw new CertdeskError('KEY_CERT_MISMATCH', `The private key does not belong to the certificate "${subject}".`,
      'Choose the key that was created together with the certificate request for this certificate.');
  }
  const chain = orderChain(input.certDer, input.chainDer);
  const pfx = writePkcs12(
    { keys: [{ alias: input.friendlyName, keyPkcs8Der: input.keyPkcs8Der, chainDer: [input.certDer, ...chain.chainDer] }], certs: [] },
    input.password,
    { profile: input.profile },
  );
  const summary: PfxSummary = {
    leaf: describeCertificate(input.certDer),
    chainLength: chain.chainDer.length,
    chainComplete: chain.complete,
    ignoredCertificates: chain.unrelatedDer.length,
    profile: input.profile,
  };
  if (chain.missingIssuer !== undefined) summary.missingIssuer = chain.missingIssuer;
  return { pfx, summary };
}

export interface PfxFromFilesInput {
  /** The certificate file as read: PEM (may hold the chain, even the key), DER, or PKCS#7. */
  certFile: Buffer;
  /** The key file as read (PEM of any kind, or DER); omit when the certificate file holds the key. */
  keyFile?: Buffer;
  keyPassword?: string;
  /** Extra chain files, each possibly with several certificates. */
  chainFiles?: Buffer[];
  password: string;
  /** The alias Java will show; defaults to the certificate's CN. */
  friendlyName?: string;
  profile: Pkcs12Profile;
}

/** Builds a .pfx from raw file contents, finding the leaf as the certificate that matches the key. */
export function createPfxFromFiles(input: PfxFromFilesInput): { pfx: Buffer; summary: PfxSummary } {
  const fromCertFile = certificatesFromAny(input.certFile);
  const chainCerts = (input.chainFiles ?? []).flatMap((f) => certificatesFromAny(f));
  const all = [...fromCertFile, ...chainCerts];
  const [firstCert] = fromCertFile;
  if (!firstCert) {
    throw new CertdeskError('NO_CERTIFICATE', 'The certificate file contains no certificate.', 'Choose the .crt/.cer/.pem file the CA sent.');
  }
  const keySource = input.keyFile ?? input.certFile;
  if (input.keyFile === undefined && !(looksLikePem(keySource) && parsePem(keySource).some((b) => KEY_LABELS.has(b.label)))) {
    throw new CertdeskError('NO_PRIVATE_KEY', 'No private key was given and the certificate file does not contain one.', 'Choose the .key file as well.');
  }
  const key = parsePrivateKey(keySource, input.keyPassword);
  const pub = publicKeyOf(key.pkcs8Der);
  const leaf = all.find((d) => holdsPublicKey(loadCert(d), pub));
  if (!leaf) {
    const subject = describeCertificate(firstCert).subject;
    throw new CertdeskError('KEY_CERT_MISMATCH', `The private key does not belong to the certificate "${subject}" (nor to any certificate given).`,
      'Choose the key that was created together with the certificate request for this certificate.');
  }
  const friendlyName = input.friendlyName ?? commonName(loadCert(leaf).parts.subject) ?? '1';
  return createPfx({
    certDer: leaf,
    keyPkcs8Der: key.pkcs8Der,
    chainDer: all.filter((d) => !d.equals(leaf)),
    password: input.password,
    friendlyName,
    profile: input.profile,
  });
}

/** Takes the first (or the named) key entry out of a .pfx as PEM; the key is encrypted when keyPassword is given. */
export function extractPfx(bytes: Buffer, password: string, opts: { keyPassword?: string; alias?: string } = {}): PfxExtract {
  const p12 = readPkcs12(bytes, password);
  const entry = opts.alias === undefined ? p12.keys[0] : p12.keys.find((k) => k.alias === opts.alias);
  if (!entry) {
    if (opts.alias !== undefined) throw new CertdeskError('ALIAS_NOT_FOUND', `The file has no key entry named "${opts.alias}".`);
    throw new CertdeskError('NO_PRIVATE_KEY', 'The PKCS#12 file holds no private key, only certificates.');
  }
  const [leaf, ...chain] = entry.chainDer;
  if (!leaf) throw new CertdeskError('NO_CERTIFICATE', `The key entry "${entry.alias}" has no certificate.`);
  return {
    alias: entry.alias,
    certPem: toPem(leaf),
    keyPem: exportPrivateKeyPem(entry.keyPkcs8Der, opts.keyPassword === undefined ? {} : { password: opts.keyPassword }),
    chainPem: chain.map((d) => toPem(d)).join(''),
    keyEncrypted: opts.keyPassword !== undefined,
  };
}
