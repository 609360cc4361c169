/**
 * "What is in this file?" — detection by content (never by extension) of PEM, DER, PKCS#7 and
 * PKCS#12, with facts for every certificate, key and request, and how the certificates chain.
 */
import type { ChainAnalysis, InspectFormat, InspectItem, InspectReport } from '../../../shared/contract/pki.js';
import { CertdeskError } from '../errors.js';
import {
  chainFrom, holdsPublicKey, IssuerIndex, isSelfSigned, type LoadedCert, loadCert, MAX_CERTIFICATES, pickLeafSteps, runSteps, runStepsAsync, type Steps, tooManyCertificates,
} from './chain.js';
import { describeCertificate } from './cert-facts.js';
import { inspectCsr, looksLikeCsr } from './csr.js';
import { inspectFindings } from './inspect-findings.js';
import { DerError, parseDer } from './der.js';
import { classifyDerKey, KEY_LABELS, type ParsedKey, parseKeyBlock, parsePrivateKey, publicKeyOf } from './keys.js';
import { certificateDerOfBlock, isCertificateLabel, looksLikePem, type PemBlock, parsePem } from './pem.js';
import { certificatesFromPkcs7, looksLikePkcs7, PKCS7_LABELS } from './pkcs7.js';
import { looksLikePkcs12, readPkcs12 } from './pkcs12.js';
import type { Pkcs12Contents } from './pkcs12-types.js';
import { certificateParts } from './x509-der.js';
import {
  crlError, emptyPkcs7Error, foreignPemLabel, javaKeystoreError, looksLikeDerCrl, recogniseByMagic, unknownFileError, withoutByteOrderMark,
} from './recognise.js';

const CSR_LABELS = new Set(['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST']);

export interface InspectOptions {
  /** Password for an encrypted key or a PKCS#12 file; asked for only when needed. */
  password?: string;
  now?: Date;
  /** The run's expiring-soon threshold (`deps.settings.expiringSoonDays`). */
  expiringSoonDays?: number;
  /** Cancels between certificates (inspectBytesAsync gives it a chance to fire). */
  signal?: AbortSignal;
}

/** Builds the report while remembering the DER behind each item (for key matching and chains). */
class Collector {
  readonly items: InspectItem[] = [];
  private readonly certs: { item: number; cert: LoadedCert }[] = [];
  private readonly keys: { item: number; pkcs8: Buffer }[] = [];
  // Item of each distinct certificate, by its bytes: a repeated certificate is found without a scan.
  private readonly seen = new Map<string, number>();

  constructor(private readonly now: Date, private readonly expiringSoonDays: number | undefined) {}

  cert(der: Buffer, extra: { alias?: string | undefined; trusted?: boolean } = {}): number {
    const key = der.toString('base64');
    const existing = this.seen.get(key);
    if (existing !== undefined && extra.alias === undefined && !extra.trusted) return existing;
    if (this.certs.length >= MAX_CERTIFICATES) throw tooManyCertificates();
    const loaded = loadCert(der);
    const item: InspectItem = { kind: 'certificate', facts: describeCertificate(der, this.now, this.expiringSoonDays, loaded) };
    if (extra.alias !== undefined) item.alias = extra.alias;
    if (extra.trusted !== undefined) item.trusted = extra.trusted;
    this.certs.push({ item: this.items.length, cert: loaded });
    const index = this.items.push(item) - 1;
    if (existing === undefined) this.seen.set(key, index);
    return index;
  }

  key(parsed: ParsedKey | 'locked', alias?: string): void {
    const item: InspectItem = parsed === 'locked'
      ? { kind: 'privateKey', encrypted: true, locked: true, key: null, matchesCertificate: null }
      : { kind: 'privateKey', encrypted: parsed.encrypted, locked: false, key: parsed.facts, matchesCertificate: null };
    if (alias !== undefined) item.alias = alias;
    if (parsed !== 'locked') this.keys.push({ item: this.items.length, pkcs8: parsed.pkcs8Der });
    this.items.push(item);
  }

  csr(der: Buffer): void {
    this.items.push({ kind: 'csr', facts: inspectCsr(der) });
  }

  /** Links keys to certificates and analyses the chain of the (key's, else the likeliest) leaf. */
  *finish(): Steps<ChainAnalysis | null> {
    let leafItem: number | undefined;
    for (const k of this.keys) {
      const pub = publicKeyOf(k.pkcs8);
      const match = this.certs.find((c) => holdsPublicKey(c.cert, pub));
      const item = this.items[k.item];
      if (match && item?.kind === 'privateKey') {
        item.matchesCertificate = match.item;
        leafItem ??= match.item;
      }
    }
    if (this.certs.length === 0) return null;
    const loaded = this.certs.map((c) => c.cert);
    const index = new IssuerIndex(loaded);
    const leaf = leafItem === undefined ? yield* pickLeafSteps(loaded, index) : this.certs.findIndex((c) => c.item === leafItem);
    const chain = chainFrom(leaf, loaded, index);
    const toItem = (i: number) => this.certs[i]?.item ?? -1;
    const out: ChainAnalysis = { order: chain.order.map(toItem), complete: chain.complete, unrelated: chain.unrelated.map(toItem) };
    if (chain.missingIssuer !== undefined) out.missingIssuer = chain.missingIssuer;
    if (!chain.complete) {
      const top = this.items[out.order.at(-1) ?? -1];
      if (top?.kind === 'certificate' && top.facts.caIssuerUrls.length > 0) out.missingIssuerUrls = [...top.facts.caIssuerUrls];
      // One lone root beside a chain that stops short is its root with the intermediate missing, not a
      // stray certificate; with several (a CA bundle) which one it is cannot be told, so none is picked.
      const roots = chain.unrelated.filter((i) => loaded[i]?.ca && isSelfSigned(loaded[i]));
      if (roots.length === 1 && roots[0] !== undefined) {
        out.rootBeyondGap = toItem(roots[0]);
        out.unrelated = out.unrelated.filter((i) => i !== out.rootBeyondGap);
      }
    }
    return out;
  }
}

/** Inspects one file's bytes: PEM, DER, PKCS#7 or PKCS#12, decided by content. */
export function inspectBytes(input: Buffer, opts: InspectOptions = {}): InspectReport {
  return runSteps(inspectSteps(input, opts), opts.signal);
}

/** inspectBytes that lets the event loop run between certificates, so a cancel (opts.signal) is seen. */
export function inspectBytesAsync(input: Buffer, opts: InspectOptions = {}): Promise<InspectReport> {
  return runStepsAsync(inspectSteps(input, opts), opts.signal);
}

// One step per certificate read and per certificate checked for the chain.
function* inspectSteps(input: Buffer, opts: InspectOptions): Steps<InspectReport> {
  const bytes = withoutByteOrderMark(input);
  const foreign = recogniseByMagic(bytes);
  if (foreign) throw foreign;
  const c = new Collector(opts.now ?? new Date(), opts.expiringSoonDays);
  let format: InspectFormat;
  let encoding: 'pem' | 'der' = 'der';
  let pkcs12Profile: Pkcs12Contents['profile'] | undefined;
  let pkcs12Encryption: Pkcs12Contents['encryption'];
  if (looksLikePem(bytes)) {
    encoding = 'pem';
    const blocks = parsePem(bytes);
    if (blocks.filter((b) => isCertificateLabel(b.label)).length > MAX_CERTIFICATES) throw tooManyCertificates();
    for (const block of blocks) {
      addBlock(c, block, opts.password);
      yield;
    }
    format = blocks.length > 0 && blocks.every((b) => PKCS7_LABELS.has(b.label)) ? 'pkcs7' : 'pem';
    if (c.items.length === 0) {
      if (format === 'pkcs7') throw emptyPkcs7Error();
      const known = blocks.map((b) => foreignPemLabel(b.label)).find((e) => e !== undefined);
      if (known) throw known;
      throw new CertdeskError('UNSUPPORTED_FORMAT', 'The PEM file holds no certificate, private key or certificate request.',
        blocks.length > 0 ? `It contains: ${blocks.map((b) => b.label).join(', ')}.` : undefined);
    }
  } else if (looksLikePkcs12(bytes)) {
    format = 'pkcs12';
    const p12 = openPkcs12(bytes, opts.password, opts.signal);
    pkcs12Profile = p12.profile;
    pkcs12Encryption = p12.encryption;
    if ((p12.secretKeys ?? 0) > 0 && p12.keys.length === 0 && p12.certs.length === 0) throw javaKeystoreError('PKCS#12 with secret keys');
    for (const entry of p12.keys) {
      const facts = parsePrivateKey(entry.keyPkcs8Der);
      c.key({ ...facts, encrypted: entry.encrypted ?? true }, entry.alias);
      entry.chainDer.forEach((der, i) => c.cert(der, i === 0 ? { alias: entry.alias } : {}));
    }
    for (const cert of p12.certs) c.cert(cert.certDer, { alias: cert.alias, trusted: cert.trusted });
  } else {
    format = yield* addDer(c, bytes, opts.password);
  }
  const chain = yield* c.finish();
  const report: InspectReport = { format, encoding, items: c.items, chain, findings: [] };
  if (pkcs12Profile !== undefined) report.pkcs12Profile = pkcs12Profile;
  if (pkcs12Encryption !== undefined) report.pkcs12Encryption = pkcs12Encryption;
  report.findings = inspectFindings(report);
  return report;
}

function addBlock(c: Collector, block: PemBlock, password: string | undefined): void {
  if (isCertificateLabel(block.label)) {
    c.cert(certificateDerOfBlock(block));
  } else if (KEY_LABELS.has(block.label)) {
    c.key(tryKey(() => parseKeyBlock(block, password)));
  } else if (CSR_LABELS.has(block.label)) {
    c.csr(block.der);
  } else if (PKCS7_LABELS.has(block.label)) {
    for (const der of certificatesFromPkcs7(block.der)) c.cert(der);
  }
  // Other blocks (EC PARAMETERS, PUBLIC KEY, X509 CRL, ...) carry nothing this report shows.
}

/** An encrypted key without a password is listed as locked instead of failing the whole file. */
function tryKey(read: () => ParsedKey): ParsedKey | 'locked' {
  try {
    return read();
  } catch (err) {
    if (err instanceof CertdeskError && err.code === 'PASSWORD_REQUIRED') return 'locked';
    throw err;
  }
}

function openPkcs12(bytes: Buffer, password: string | undefined, signal: AbortSignal | undefined): Pkcs12Contents {
  const opts = signal === undefined ? {} : { signal };
  if (password !== undefined) return readPkcs12(bytes, password, opts);
  try {
    // Some stores (Java's password-less PKCS#12, `-passout pass:`) open with an empty password.
    return readPkcs12(bytes, '', opts);
  } catch (err) {
    if (err instanceof CertdeskError && err.code === 'BAD_PASSWORD') {
      throw new CertdeskError('PASSWORD_REQUIRED', 'This PKCS#12 file is password-protected.', 'Enter the password it was exported with.');
    }
    throw err;
  }
}

function* addDer(c: Collector, bytes: Buffer, password: string | undefined): Steps<InspectFormat> {
  let node;
  try {
    node = parseDer(bytes);
  } catch (err) {
    if (err instanceof DerError && plausibleDer(bytes)) {
      throw new CertdeskError('CORRUPT_FILE', `The file looks like DER but is damaged or truncated (${err.message}).`);
    }
    throw unknownFileError(bytes);
  }
  if (looksLikePkcs7(bytes)) {
    const certs = certificatesFromPkcs7(bytes);
    if (certs.length === 0) throw emptyPkcs7Error();
    if (certs.length > MAX_CERTIFICATES) throw tooManyCertificates();
    for (const der of certs) {
      c.cert(der);
      yield;
    }
    return 'pkcs7';
  }
  // Before the request test: a CRL has the same outer shape as a PKCS#10 request.
  if (looksLikeDerCrl(node)) throw crlError();
  if (isCertificate(bytes)) {
    c.cert(bytes);
    return 'der';
  }
  if (looksLikeCsr(bytes)) {
    c.csr(bytes);
    return 'der';
  }
  if (classifyDerKey(node) !== null) {
    c.key(tryKey(() => parsePrivateKey(bytes, password)));
    return 'der';
  }
  throw new CertdeskError('UNSUPPORTED_FORMAT', 'This DER file is not a certificate, key, request, PKCS#7 or PKCS#12 file.');
}

function isCertificate(der: Buffer): boolean {
  try {
    certificateParts(der);
    return true;
  } catch {
    return false;
  }
}

// A SEQUENCE whose first element starts like something we read: truncation is likelier than garbage.
function plausibleDer(bytes: Buffer): boolean {
  const l = bytes[1];
  if (bytes[0] !== 0x30 || l === undefined) return false;
  const next = bytes[l & 0x80 && l !== 0x80 ? 2 + (l & 0x7f) : 2];
  return next === 0x30 || next === 0x02 || next === 0x06;
}
