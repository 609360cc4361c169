/** PEM armour: reading blocks (with RFC 1421 headers), writing them, and certificate PEM/DER conversion. */
import { CertdeskError } from '../errors.js';
import { parseDer, readNode, DerError } from './der.js';
import { withoutByteOrderMark } from './recognise.js';
import { certificateParts } from './x509-der.js';

export interface PemBlock {
  /** The label between BEGIN and the dashes, e.g. "CERTIFICATE". */
  label: string;
  /** RFC 1421 headers such as Proc-Type and DEK-Info (legacy encrypted keys). */
  headers: Record<string, string>;
  der: Buffer;
}

const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);

/** True when the bytes contain PEM armour (anywhere: files often carry text before the first block). */
export function looksLikePem(bytes: Buffer): boolean {
  return withoutByteOrderMark(bytes).includes('-----BEGIN ');
}

/** All PEM blocks in the text, in order; CORRUPT_FILE for an unterminated block or bad base64. */
export function parsePem(input: Buffer | string): PemBlock[] {
  // Windows editors save with a byte-order mark, or as UTF-16 ("Unicode" in Notepad).
  const text = typeof input === 'string' ? input.replace(/^\uFEFF/, '') : withoutByteOrderMark(input).toString('latin1');
  const lines = text.split(/\r?\n|\r/);
  const blocks: PemBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const begin = /^-----BEGIN ([A-Z0-9 ]+)-----\s*$/.exec((lines[i] ?? '').trim());
    if (!begin) continue;
    const label = begin[1] ?? '';
    const headers: Record<string, string> = {};
    const body: string[] = [];
    let closed = false;
    for (i++; i < lines.length; i++) {
      const line = (lines[i] ?? '').trim();
      if (line.startsWith('-----END ')) {
        if (line !== `-----END ${label}-----`) throw new CertdeskError('CORRUPT_FILE', `The PEM block "${label}" ends with a mismatched END line.`);
        closed = true;
        break;
      }
      const header = /^([A-Za-z0-9-]+):\s*(.*)$/.exec(line);
      if (header && body.length === 0) headers[header[1] ?? ''] = header[2] ?? '';
      else if (line !== '') body.push(line);
    }
    if (!closed) throw new CertdeskError('CORRUPT_FILE', `The PEM block "${label}" has no END line: the file looks truncated.`);
    const b64 = body.join('');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(b64) || b64.length % 4 === 1) {
      throw new CertdeskError('CORRUPT_FILE', `The PEM block "${label}" contains invalid base64.`);
    }
    blocks.push({ label, headers, der: Buffer.from(b64, 'base64') });
  }
  return blocks;
}

/** True for the labels that carry an X.509 certificate. */
export function isCertificateLabel(label: string): boolean {
  return CERT_LABELS.has(label);
}

/** The certificate DER inside a certificate PEM block (TRUSTED CERTIFICATE appends OpenSSL trust data after it). */
export function certificateDerOfBlock(block: PemBlock): Buffer {
  if (block.label !== 'TRUSTED CERTIFICATE') return block.der;
  try {
    return block.der.subarray(0, readNode(block.der).end);
  } catch (err) {
    if (err instanceof DerError) throw new CertdeskError('CORRUPT_FILE', 'The TRUSTED CERTIFICATE block is damaged.');
    throw err;
  }
}

/** Wraps DER in PEM armour with 64-character lines. */
export function toPem(der: Buffer, label = 'CERTIFICATE'): string {
  const b64 = der.toString('base64');
  const lines: string[] = [];
  for (let i = 0; i < b64.length; i += 64) lines.push(b64.slice(i, i + 64));
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

/** All certificates (DER) in a PEM text or a single DER certificate. */
export function certificatesFrom(input: Buffer | string): Buffer[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  if (looksLikePem(bytes)) return parsePem(bytes).filter((b) => isCertificateLabel(b.label)).map(certificateDerOfBlock);
  try {
    parseDer(bytes);
  } catch {
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'This is neither a PEM file nor a DER certificate.');
  }
  certificateParts(bytes);
  return [bytes];
}

/** The first certificate of a PEM text or DER input, as DER; NO_CERTIFICATE when there is none. */
export function toDer(input: Buffer | string): Buffer {
  const [first] = certificatesFrom(input);
  if (!first) throw new CertdeskError('NO_CERTIFICATE', 'The file contains no certificate.', 'Choose the .crt/.cer/.pem file that holds the certificate.');
  certificateParts(first);
  return first;
}
