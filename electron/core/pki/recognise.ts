/**
 * Naming what a file is when it is not a certificate, key, request or bundle, and undoing the
 * encodings Windows editors save text in, so a PEM saved by Notepad reads like any other.
 */
import { CertdeskError } from '../errors.js';
import { childrenOf, type DerNode, isUniversal, TAG } from './der.js';

/**
 * The bytes as single-byte text when they are text with a byte-order mark (UTF-8, UTF-16 LE/BE),
 * else the bytes unchanged. PEM is ASCII, so nothing is lost by decoding UTF-16 to it.
 */
export function withoutByteOrderMark(bytes: Buffer): Buffer {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3);
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return Buffer.from(bytes.subarray(2).toString('utf16le'), 'utf8');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const body = Buffer.from(bytes.subarray(2, bytes.length - (bytes.length % 2)));
    return Buffer.from(body.swap16().toString('utf16le'), 'utf8');
  }
  return bytes;
}

interface Known {
  what: string;
  hint: string;
}

const CRL: Known = {
  what: 'a certificate revocation list (CRL), not a certificate',
  hint: 'View it with `openssl crl -in FILE -noout -text`; to check a certificate against it, use `openssl verify -crl_check -CRLfile FILE`.',
};
const PGP: Known = {
  what: 'an OpenPGP (GnuPG) key or message, not an X.509 certificate',
  hint: 'Use `gpg --show-keys FILE` to see it; Certdesk reads X.509 certificates and keys.',
};
const SSH_PUBLIC: Known = {
  what: 'an SSH public key, not a certificate',
  hint: 'Use `ssh-keygen -l -f FILE` to see its fingerprint; `ssh-keygen -e -m PKCS8 -f FILE` converts it to a PEM public key.',
};
const SSH_PRIVATE: Known = {
  what: 'an OpenSSH private key',
  hint: 'Convert a copy to PEM first: `cp FILE key.pem && ssh-keygen -p -m PKCS8 -f key.pem`, then inspect key.pem.',
};
const PUTTY: Known = {
  what: 'a PuTTY private key (.ppk)',
  hint: 'Convert it with `puttygen FILE -O private-openssh -o key.pem` (PuTTYgen: Conversions → Export OpenSSH key), then inspect key.pem.',
};
const JAVA_KEYSTORE: Known = {
  what: 'a Java keystore',
  hint: 'Open it in Keystores, or run `certdesk keystore list FILE`.',
};
const PKCS7_CRL_ONLY: Known = {
  what: 'a PKCS#7 bundle without certificates',
  hint: 'Ask for the bundle again with the certificates included (`openssl crl2pkcs7 -nocrl -certfile chain.pem`).',
};

function error(k: Known): CertdeskError {
  return new CertdeskError('UNSUPPORTED_FORMAT', `This is ${k.what}.`, k.hint);
}

/** The error for a PKCS#7 that holds no certificate, the same whether it came as PEM or DER. */
export function emptyPkcs7Error(): CertdeskError {
  return new CertdeskError('UNSUPPORTED_FORMAT', `This is ${PKCS7_CRL_ONLY.what}.`, PKCS7_CRL_ONLY.hint);
}

/** The error for a PKCS#12 file that is a Java keystore (it holds secret keys, which only Java stores). */
export function javaKeystoreError(kind: string): CertdeskError {
  return new CertdeskError('UNSUPPORTED_FORMAT', `This is ${JAVA_KEYSTORE.what} (${kind}).`, JAVA_KEYSTORE.hint);
}

/** What a PEM label that is none of ours holds, when known. */
export function foreignPemLabel(label: string): CertdeskError | undefined {
  if (label === 'X509 CRL') return error(CRL);
  if (label.startsWith('PGP ')) return error(PGP);
  if (label === 'OPENSSH PRIVATE KEY') return error(SSH_PRIVATE);
  if (label === 'SSH2 PUBLIC KEY') return error(SSH_PUBLIC);
  return undefined;
}

/**
 * Recognises the common files that are not certificates by their first bytes: Java keystores, SSH,
 * PuTTY and OpenPGP keys. Undefined when the file may be ours (or is unknown).
 */
export function recogniseByMagic(bytes: Buffer): CertdeskError | undefined {
  const magic = bytes.length >= 4 ? bytes.readUInt32BE(0) : 0;
  if (magic === 0xfeedfeed) return javaKeystoreError('JKS');
  if (magic === 0xcececece) return javaKeystoreError('JCEKS');
  if (looksLikeBinaryPgp(bytes)) return error(PGP);
  const head = bytes.subarray(0, 256).toString('latin1').trimStart();
  if (head.startsWith('PuTTY-User-Key-File-')) return error(PUTTY);
  if (/^(ssh-(rsa|dss|ed25519|ed448)|ecdsa-sha2-nistp\d+|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\.com)(-cert-v01@openssh\.com)? [A-Za-z0-9+/=]{16,}/.test(head)) {
    return error(SSH_PUBLIC);
  }
  if (head.startsWith('---- BEGIN SSH2 PUBLIC KEY ----')) return error(SSH_PUBLIC);
  const firstBegin = /-----BEGIN ([A-Z0-9 ]+)-----/.exec(bytes.subarray(0, 64 * 1024).toString('latin1'));
  if (firstBegin?.[1] !== undefined && (firstBegin[1].startsWith('PGP ') || firstBegin[1] === 'OPENSSH PRIVATE KEY')) {
    return foreignPemLabel(firstBegin[1]);
  }
  return undefined;
}

/**
 * A binary OpenPGP key (`gpg --export`): a public- or secret-key packet (tag 5 or 6, old or new
 * packet format) whose body starts with key version 3 to 6. DER never starts with these bytes.
 */
function looksLikeBinaryPgp(bytes: Buffer): boolean {
  const first = bytes[0] ?? 0;
  let versionAt: number | undefined;
  if (first === 0x94 || first === 0x98) versionAt = 2; // old format, one-byte length
  else if (first === 0x95 || first === 0x99) versionAt = 3; // old format, two-byte length
  else if (first === 0xc5 || first === 0xc6) versionAt = (bytes[1] ?? 0) < 192 ? 2 : 3; // new format
  const version = versionAt === undefined ? undefined : bytes[versionAt];
  return version !== undefined && version >= 3 && version <= 6;
}

/** True when a DER element has the shape of a CRL: TBSCertList is [version,] AlgId, Name, thisUpdate Time. */
export function looksLikeDerCrl(node: DerNode): boolean {
  try {
    const [tbs, alg, sig] = childrenOf(node);
    if (!isUniversal(tbs, TAG.SEQUENCE) || !isUniversal(alg, TAG.SEQUENCE) || !isUniversal(sig, TAG.BIT_STRING)) return false;
    const fields = childrenOf(tbs);
    const start = isUniversal(fields[0], TAG.INTEGER) ? 1 : 0;
    const [algId, issuer, thisUpdate] = fields.slice(start);
    return isUniversal(algId, TAG.SEQUENCE) && isUniversal(issuer, TAG.SEQUENCE)
      && (isUniversal(thisUpdate, TAG.UTC_TIME) || isUniversal(thisUpdate, TAG.GENERALIZED_TIME));
  } catch {
    return false;
  }
}

/** The error for a DER CRL. */
export function crlError(): CertdeskError {
  return error(CRL);
}

/** The error for bytes that are none of the formats, naming plain text when it is text. */
export function unknownFileError(bytes: Buffer): CertdeskError {
  const sample = bytes.subarray(0, 4096);
  let printable = 0;
  for (const b of sample) if (b === 9 || b === 10 || b === 13 || (b >= 0x20 && b < 0x7f) || b >= 0x80) printable++;
  if (sample.length > 0 && printable === sample.length && !sample.includes(0)) {
    return new CertdeskError('UNSUPPORTED_FORMAT', 'Certdesk does not recognise this file: it is plain text without any PEM block (no "-----BEGIN …-----" line).',
      'Choose the certificate file itself (.crt, .cer, .pem, .p7b, .pfx); if the certificate was pasted into an e-mail or document, copy the block from -----BEGIN to -----END into a .pem file.');
  }
  return new CertdeskError('UNSUPPORTED_FORMAT', 'Certdesk does not recognise this file: it is not PEM, DER, PKCS#7 or PKCS#12.',
    'Choose a certificate (.crt/.cer/.pem), key, request (.csr), bundle (.p7b) or .pfx file.');
}
