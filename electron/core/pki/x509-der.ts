/**
 * Just enough X.509 / PKCS#10 structure reading to get exact bytes (serial, names, TBS) that
 * Node's X509Certificate does not expose in a stable form across Node versions.
 */
import { CertdeskError } from '../errors.js';
import { type DerNode, DerError, explicitOf, isContext, isUniversal, oidOf, parseDer, seqOf, stringOf, TAG, timeOf } from './der.js';
import { DN_ATTRIBUTES } from './oids.js';

export interface CertificateParts {
  tbs: DerNode;
  serial: Buffer;
  signatureOid: string;
  issuer: DerNode;
  subject: DerNode;
  notBefore: Date;
  notAfter: Date;
  spki: DerNode;
  extensions: CertExtension[];
  /** The outer signature AlgorithmIdentifier and the signature bits (for verifying without OpenSSL's X509 parser). */
  signatureAlgorithm: DerNode;
  signature: Buffer;
}

export interface CertExtension {
  oid: string;
  critical: boolean;
  /** The whole Extension SEQUENCE. */
  raw: Buffer;
  /** The extnValue contents. */
  value: Buffer;
}

/** Splits a DER certificate into the parts Certdesk reads; CORRUPT_FILE when it is not one. */
export function certificateParts(der: Buffer): CertificateParts {
  return readingCertificate(() => {
    const [tbs, sigAlg, sig] = seqOf(parseDer(der), 'a certificate');
    const fields = seqOf(tbs, 'a TBSCertificate');
    // The version is an optional EXPLICIT [0]; everything after it is positional.
    const start = isContext(fields[0], 0) ? 1 : 0;
    const [serial, , issuer, validity, subject, spki, ...optional] = fields.slice(start);
    if (!isUniversal(serial, TAG.INTEGER) || !tbs || !issuer || !subject || !spki || !sigAlg || !isUniversal(sig, TAG.BIT_STRING)) {
      throw new DerError('Incomplete certificate');
    }
    const [nb, na] = seqOf(validity, 'a validity period');
    return {
      tbs,
      serial: serial.content,
      signatureOid: oidOf(seqOf(sigAlg, 'a signature algorithm')[0]),
      issuer,
      subject,
      notBefore: timeOf(nb),
      notAfter: timeOf(na),
      spki,
      extensions: readExtensions(optional.find((n) => isContext(n, 3))),
      signatureAlgorithm: sigAlg,
      signature: sig.content.subarray(1),
    };
  });
}

/**
 * Runs a reader over a certificate's DER: a DerError (a field is not what the certificate's structure
 * says it is) becomes CORRUPT_FILE, so a damaged certificate is a typed error wherever it is read.
 */
export function readingCertificate<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof DerError) throw new CertdeskError('CORRUPT_FILE', `The certificate is damaged or not a certificate: ${err.message}.`);
    throw err;
  }
}

function readExtensions(wrapper: DerNode | undefined): CertExtension[] {
  if (!wrapper) return [];
  return seqOf(explicitOf(wrapper, 3, 'extensions'), 'extensions').map((ext) => {
    const [idNode, second, third] = seqOf(ext, 'an extension');
    const critical = isUniversal(second, TAG.BOOLEAN) && second.content[0] !== 0;
    const valueNode = isUniversal(second, TAG.BOOLEAN) ? third : second;
    if (!isUniversal(valueNode, TAG.OCTET_STRING)) throw new DerError('Extension without a value');
    return { oid: oidOf(idNode), critical, raw: ext.raw, value: valueNode.content };
  });
}

/** Serial number as lower-case hex without leading zeros, as keytool prints it. */
export function serialHex(serial: Buffer): string {
  const hex = serial.toString('hex').replace(/^0+/, '');
  return hex === '' ? '0' : hex;
}

/**
 * Formats an X.501 Name as an RFC 2253-style line, most specific first ("CN=leaf, O=Acme, C=US"),
 * the order keytool and Windows show. Values of unknown string types use the RFC's #hex form.
 */
export function formatName(name: DerNode): string {
  const rdns = seqOf(name, 'a distinguished name').map((rdn) =>
    seqOf(rdn, 'a relative distinguished name', TAG.SET)
      .map((atv) => {
        const [typeNode, valueNode] = seqOf(atv, 'a name attribute');
        const oid = oidOf(typeNode);
        const key = DN_ATTRIBUTES[oid] ?? oid;
        if (!valueNode) return `${key}=`;
        const text = stringOf(valueNode);
        return text === undefined ? `${key}=#${valueNode.raw.toString('hex')}` : `${key}=${escapeDnValue(text)}`;
      })
      .join('+'),
  );
  return rdns.reverse().join(', ');
}

function escapeDnValue(value: string): string {
  let out = value.replace(/[\\,+"<>;]/g, (c) => `\\${c}`);
  if (out.startsWith('#') || out.startsWith(' ')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

/** The value of the most specific CN in a Name, if any. */
export function commonName(name: DerNode): string | undefined {
  let cn: string | undefined;
  for (const rdn of seqOf(name, 'a distinguished name')) {
    for (const atv of seqOf(rdn, 'a relative distinguished name', TAG.SET)) {
      const [t, v] = seqOf(atv, 'a name attribute');
      if (oidOf(t) === '2.5.4.3' && v) cn = stringOf(v) ?? cn;
    }
  }
  return cn;
}

export interface CsrParts {
  info: DerNode;
  subject: DerNode;
  spki: DerNode;
  signatureOid: string;
  signatureAlgorithm: DerNode;
  signature: Buffer;
}

/** Splits a DER PKCS#10 request; CORRUPT_FILE when it is not one. */
export function csrParts(der: Buffer): CsrParts {
  try {
    const [info, sigAlg, sig] = seqOf(parseDer(der), 'a certificate request');
    const [version, subject, spki] = seqOf(info, 'a CertificationRequestInfo');
    if (!isUniversal(version, TAG.INTEGER) || !subject || !spki || !sigAlg || !isUniversal(sig, TAG.BIT_STRING) || !info) {
      throw new DerError('Incomplete certificate request');
    }
    return { info, subject, spki, signatureOid: oidOf(seqOf(sigAlg, 'a signature algorithm')[0]), signatureAlgorithm: sigAlg, signature: sig.content.subarray(1) };
  } catch (err) {
    if (err instanceof DerError) throw new CertdeskError('CORRUPT_FILE', `The certificate request is damaged: ${err.message}.`);
    throw err;
  }
}
