/** One TLS check of one endpoint: the way there, the handshake, the chain, the verdict. */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import * as tls from 'node:tls';
import type { CertificateFacts } from '../../../shared/contract/certificate.js';
import type { TlsCheckResult } from '../../../shared/contract/tls-result.js';
import { bySeverity, type Finding } from '../../../shared/findings.js';
import { CertdeskError } from '../errors.js';
import type { LoadedCert } from '../pki/chain.js';
import { toPem } from '../pki/pem.js';
import { DEFAULT_SETTINGS } from '../settings.js';
import { describeOnce, loadCertOnce } from './cert-memo.js';
import { buildPath, chainOrderOf } from './chain-path.js';
import { CheckStopped, Deadline } from './deadline.js';
import { clientCertFinding, handshakeFinding, plaintextFinding, transportFinding } from './failures.js';
import { type ClientCert, handshake, type HandshakeOptions, type HandshakeOutcome } from './handshake.js';
import { checkRevocation } from './ocsp.js';
import { LEGACY_CIPHERS, scanProtocols } from './protocols.js';
import { chooseProxy } from './proxy.js';
import type { StartTlsProtocol } from './starttls.js';
import { formatTarget, type TlsTarget } from './target.js';
import { openTransport, type Transport } from './transport.js';
import { resolveTrust, type TrustSource } from './trust.js';
import { certificateFindings, hostnameFinding, trustFindings } from './verdict.js';

export interface TlsCheckOptions {
  trust: TrustSource;
  /** Deadline for the whole check, every step and retry included. */
  timeoutMs: number;
  /** SNI and the name the certificate must match (defaults to the target's host). */
  servername?: string;
  alpn?: string[];
  clientCert?: ClientCert;
  /** An explicit proxy URL; null = none; undefined = HTTPS_PROXY / NO_PROXY from `env`. */
  proxy?: string | null;
  env?: Record<string, string | undefined>;
  starttls?: StartTlsProtocol;
  /** Allow fetching from the network on the certificates' behalf (AIA intermediates, OCSP). */
  allowNetworkLookups?: boolean;
  /** Try TLS 1.0–1.3 one by one (four more handshakes). */
  scanProtocols?: boolean;
  expiringSoonDays?: number;
  signal?: AbortSignal;
  now?: Date;
}

function validateClientCert(c: ClientCert | undefined): void {
  if (!c) return;
  try {
    tls.createSecureContext('pfx' in c ? { pfx: c.pfx, passphrase: c.password } : { cert: c.certPem, key: c.keyPem });
  } catch (err) {
    const text = (err as Error).message;
    if ('pfx' in c && /mac verify|password|decrypt/i.test(text)) throw new CertdeskError('BAD_PASSWORD', 'The client certificate password is wrong.', 'Enter the password of the .pfx file.');
    throw new CertdeskError('VALIDATION_FAILED', `The client certificate cannot be used: ${text}`, 'Give a .pfx with its password, or a certificate and its matching private key.');
  }
}

const ERROR_RANK = (f: Finding[]) => f.some((x) => x.severity === 'error');

/** Checks one endpoint; network and TLS problems become findings; bad options throw CertdeskError. */
export async function checkTls(target: TlsTarget, options: TlsCheckOptions): Promise<TlsCheckResult> {
  const now = options.now ?? new Date();
  const soon = options.expiringSoonDays ?? DEFAULT_SETTINGS.expiringSoonDays;
  const trust = resolveTrust(options.trust);
  validateClientCert(options.clientCert);
  const proxy = chooseProxy(target, options.proxy, options.env ?? {});
  const name = options.servername ?? target.host;
  const deadline = new Deadline(options.timeoutMs, options.signal);
  const where = formatTarget(target);
  const result: TlsCheckResult = {
    target: where, ok: false, findings: [], protocol: null, cipher: null, chain: [], chainOrder: 'unknown', trustUsed: trust.description,
    timings: { total: 0 }, addresses: [], clientCertRequested: false, acceptableCAs: [], revocation: 'not-checked',
  };
  if (proxy) result.proxy = proxy.display;
  const findings: Finding[] = [];
  const open = () => openTransport(target, { proxy, ...(options.starttls ? { starttls: options.starttls } : {}), deadline });
  const base: HandshakeOptions = {
    ...(isIP(name) === 0 ? { servername: name } : {}),
    ...(options.alpn ? { alpn: options.alpn } : {}),
    ...(trust.ca ? { ca: trust.ca } : {}),
    ...(options.clientCert ? { clientCert: options.clientCert } : {}),
    contextFor: (o) => trust.contextFor(o),
  };
  try {
    let first: Transport;
    try {
      first = await open();
    } catch (err) {
      findings.push(transportFinding(err, where, options.timeoutMs));
      return finish();
    }
    result.addresses = first.addresses;
    if (first.dnsMs !== undefined) result.timings.dns = round(first.dnsMs);
    result.timings.connect = round(first.connectMs);
    // The HTTP answer may use at most until three quarters of the deadline: the rest is for judging the chain.
    const http = target.scheme === 'https' ? { host: target.port === 443 ? target.host : where, path: target.path, waitMs: options.timeoutMs * 0.75 - deadline.elapsed() } : undefined;
    let hs = await handshake(first.socket, { ...base, requestOCSP: true, ...(http ? { http } : {}) }, deadline);
    const plain = plaintextFinding(hs, where);
    if (plain) {
      findings.push(plain);
      return finish();
    }
    const scan = options.scanProtocols ? await scanProtocols(open, base, deadline) : null;
    if (scan) result.protocols = scan.protocols;
    // The server's flight shows the served order and any CertificateRequest: in cleartext up to TLS 1.2,
    // decrypted with the handshake's secret in TLS 1.3. Only when that fails (a suite Certdesk cannot
    // decrypt) does a TLS 1.2 handshake show them.
    const shown = (h: HandshakeOutcome) => h.flight.certificates !== null || h.flight.certificateRequested;
    const cleartext = hs.raw.length && (hs.protocol !== 'TLSv1.3' || shown(hs)) ? hs : scan?.cleartext ?? (hs.secured && hs.protocol === 'TLSv1.3' ? await cleartextProbe(open, base, deadline) : null);
    const flight = cleartext?.flight ?? null;
    result.clientCertRequested = flight?.certificateRequested ?? false;
    result.acceptableCAs = flight?.acceptableCAs ?? [];
    const refusedClient = clientCertFinding(hs, result.clientCertRequested, options.clientCert !== undefined, result.acceptableCAs);
    if (refusedClient) findings.push(refusedClient);
    if (!hs.secured && !refusedClient) {
      // Node's defaults refuse old protocols, SHA-1 and small keys with unspecific errors: retry at
      // security level 0 from TLS 1.0 to obtain the certificate and say what exactly is wrong.
      const retry = await open().then((t) => handshake(t.socket, { ...base, minVersion: 'TLSv1', ciphers: LEGACY_CIPHERS }, deadline));
      if (!retry.secured) {
        findings.push(handshakeFinding(hs));
        return finish();
      }
      const legacy = retry.protocol === 'TLSv1' || retry.protocol === 'TLSv1.1';
      if (legacy) {
        findings.push({ code: 'legacy-protocol', severity: 'error', message: `The server speaks only ${retry.protocol}, which current browsers and Java refuse.`, fix: 'Enable TLS 1.2 and TLS 1.3 on the server (and disable TLS 1.0/1.1).' });
      }
      // Without an old protocol to blame, what a modern client refuses here is the server's cipher or key exchange.
      findings.push({
        ...handshakeFinding(hs, legacy ? 'warning' : 'error'),
        message: `With default security settings the handshake failed (${hs.error?.message ?? 'no error text'}); it only succeeds at OpenSSL security level 0${legacy ? '' : ` (${retry.cipher ?? 'unknown cipher'})`}, so Certdesk retried there to judge the certificate.`,
      });
      hs = retry;
    }
    result.timings.tls = round(hs.tlsMs ?? 0);
    if (hs.firstByteMs !== undefined) result.timings.firstByte = round(hs.firstByteMs);
    if (hs.httpStatus !== undefined) result.httpStatus = hs.httpStatus;
    if (hs.httpTimedOut) {
      findings.push({ code: 'timeout', severity: 'warning', message: `The TLS handshake succeeded, but the server sent no HTTP response within ${Math.round(http?.waitMs ?? 0)} ms.`, fix: 'Check that this port serves HTTPS (not another TLS protocol), and the application behind it.' });
    }
    result.protocol = hs.protocol;
    result.cipher = hs.cipher;
    if (hs.alpn) result.alpn = hs.alpn;
    const servedDer = flight?.certificates?.length ? flight.certificates : hs.peerChain;
    if (servedDer.length === 0) {
      if (!refusedClient) findings.push(handshakeFinding(hs));
      return finish();
    }
    const served = servedDer.map(loadCertOnce);
    result.chainOrder = flight?.certificates?.length ? chainOrderOf(served) : 'unknown';
    // The path repeats the served certificates it starts from (and a batch the same chain): each is described once.
    const factsOf = (c: LoadedCert): CertificateFacts => describeOnce(c, now, soon);
    result.chain = served.map(factsOf);
    result.chainPem = served.map((c) => toPem(c.der)).join('');
    if (result.chainOrder === 'wrong') {
      findings.push({ code: 'chain-order', severity: 'warning', message: 'The server sends its chain out of order (each certificate should be followed by the one that issued it).', fix: 'Reorder the chain file on the server: the server certificate first, then each intermediate up to the root.' });
    }
    const p = await buildPath(served, trust.anchors, options.allowNetworkLookups ?? false, deadline);
    result.path = p.path;
    const pathFacts: CertificateFacts[] = p.certs.map(factsOf);
    const certFindings = certificateFindings(pathFacts, p.anchorIndex);
    findings.push(...certFindings);
    const leaf = served[0]?.x509 as X509Certificate;
    const hostFinding = pathFacts[0] ? hostnameFinding(pathFacts[0], (n) => (isIP(n) ? leaf.checkIP(n) !== undefined : leaf.checkHost(n, { subject: 'never' }) !== undefined), name) : null;
    if (hostFinding) findings.push(hostFinding);
    const partialChainOnly = trust.anyAnchor && p.path.trusted && /^UNABLE_TO_(GET_ISSUER_CERT|VERIFY_LEAF_SIGNATURE)/.test(hs.authorizationError ?? '');
    findings.push(...trustFindings(p, pathFacts, trust.description, hs.authorized || partialChainOnly ? undefined : hs.authorizationError, [...findings]));
    const rev = await checkRevocation(p.certs, hs.ocspResponse, options.allowNetworkLookups ?? false, now, deadline);
    result.revocation = rev.status;
    findings.push(...rev.findings);
    if (hs.error && !refusedClient && hs.secured) findings.push(handshakeFinding(hs));
    return finish();
  } catch (err) {
    findings.push(transportFinding(err, where, options.timeoutMs));
    return finish();
  } finally {
    deadline.finish();
  }

  function finish(): TlsCheckResult {
    if (!findings.some((f) => f.severity !== 'info')) {
      findings.push({ code: 'ok', severity: 'info', message: `${where} presents a trusted certificate for ${name}${result.protocol ? ` over ${result.protocol}` : ''}.` });
    }
    result.findings = dedupe(findings).sort(bySeverity);
    result.ok = !ERROR_RANK(result.findings);
    result.timings.total = round(deadline.elapsed());
    return result;
  }
}

/** A TLS 1.2 handshake only to read the cleartext part (chain order, CertificateRequest) of a TLS 1.3 server whose encrypted flight could not be read. */
async function cleartextProbe(open: () => Promise<Transport>, base: HandshakeOptions, deadline: Deadline): Promise<HandshakeOutcome | null> {
  try {
    const t = await open();
    const hs = await handshake(t.socket, { ...base, maxVersion: 'TLSv1.2' }, deadline);
    return hs.raw.length ? hs : null;
  } catch (err) {
    if (err instanceof CheckStopped) throw err;
    return null;
  }
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const round = (ms: number) => Math.round(ms * 10) / 10;
