/**
 * One TLS handshake over an open transport, with Node's own verification switched to "report, do
 * not refuse" so the check can judge what it saw. The server's bytes are recorded on the way in
 * (see records.ts), because Node hides the order of the chain and any CertificateRequest; for TLS 1.3
 * the handshake secret from OpenSSL's key log opens the encrypted part of that flight (tls13.ts).
 */
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { Deadline } from './deadline.js';
import { readServerFlight, type ServerFlight } from './records.js';
import { serverHandshakeSecret } from './tls13.js';

const RECORD_LIMIT = 256 * 1024;

/** A duplex over the TCP socket that keeps a copy of the first bytes the server sends. */
class RecordingStream extends Duplex {
  recorded: Buffer[] = [];
  private size = 0;

  constructor(private readonly inner: Socket) {
    super();
    inner.on('data', (chunk: Buffer) => {
      if (this.size < RECORD_LIMIT) {
        this.recorded.push(chunk);
        this.size += chunk.length;
      }
      if (!this.push(chunk)) inner.pause();
    });
    inner.on('end', () => this.push(null));
    inner.on('error', (err) => this.destroy(err));
    inner.on('close', () => this.destroy());
  }

  override _read(): void {
    this.inner.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.inner.write(chunk, cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.inner.end(cb);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.inner.destroy();
    cb(err);
  }
}

export type ClientCert = { pfx: Buffer; password: string } | { certPem: Buffer | string; keyPem: Buffer | string };

/** What a secure context is made of: the CA list, versions, ciphers and client certificate. */
export interface ContextOptions {
  ca?: string[];
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
  ciphers?: string;
  clientCert?: ClientCert;
}

export interface HandshakeOptions extends ContextOptions {
  /** SNI and the name verified; undefined for IP addresses (SNI carries no IPs). */
  servername?: string;
  alpn?: string[];
  /**
   * The secure context for these options, made once and shared by many handshakes (a batch); made
   * for this handshake from the options above when absent.
   */
  contextFor?: (opts: ContextOptions) => tls.SecureContext;
  requestOCSP?: boolean;
  /**
   * For https targets: send `GET path` and read the status line, waiting at most `waitMs` so a
   * server that never answers HTTP still leaves time to judge its certificate.
   */
  http?: { host: string; path: string; waitMs: number };
}

export interface HandshakeOutcome {
  /** The inbound bytes as received (first 256 KiB). */
  raw: Buffer;
  /** What the server's flight shows: served chain, CertificateRequest, alert (TLS 1.3 too, with its secret). */
  flight: ServerFlight;
  /** Set when the handshake (or the request after it) failed. */
  error?: { code?: string; message: string };
  secured: boolean;
  protocol: string | null;
  cipher: string | null;
  alpn?: string;
  /**
   * Node's view of the chain (re-ordered, may include the trust anchor), leaf first: only taken when
   * the flight did not show the served chain.
   */
  peerChain: Buffer[];
  authorized: boolean;
  authorizationError?: string;
  ocspResponse?: Buffer;
  tlsMs?: number;
  firstByteMs?: number;
  httpStatus?: number;
  /** Set when the handshake succeeded but no HTTP answer came within `http.waitMs`. */
  httpTimedOut?: boolean;
}

function peerChain(detailed: tls.DetailedPeerCertificate): Buffer[] {
  const out: Buffer[] = [];
  let cert: tls.DetailedPeerCertificate | undefined = detailed;
  while (cert?.raw && !out.some((c) => c.equals(cert?.raw ?? Buffer.alloc(0)))) {
    out.push(cert.raw);
    cert = cert.issuerCertificate;
  }
  return out;
}

function clientCertOptions(c: ClientCert | undefined): tls.SecureContextOptions {
  if (!c) return {};
  return 'pfx' in c ? { pfx: c.pfx, passphrase: c.password } : { cert: c.certPem, key: c.keyPem };
}

/** The secure context of `opts`, as tls.connect would make it from the same options. */
export function secureContextOf(opts: ContextOptions): tls.SecureContext {
  return tls.createSecureContext({
    ...(opts.ca ? { ca: opts.ca } : {}),
    ...(opts.minVersion ? { minVersion: opts.minVersion } : {}),
    ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}),
    ...(opts.ciphers ? { ciphers: opts.ciphers } : {}),
    ...clientCertOptions(opts.clientCert),
  });
}

/** Runs the handshake (and the HTTP request) within the deadline; never rejects except on CheckStopped. */
export function handshake(socket: Socket, opts: HandshakeOptions, deadline: Deadline): Promise<HandshakeOutcome> {
  const wire = new RecordingStream(socket);
  const started = deadline.elapsed();
  const out: HandshakeOutcome = { raw: Buffer.alloc(0), flight: readServerFlight(Buffer.alloc(0)), secured: false, protocol: null, cipher: null, peerChain: [], authorized: false };
  let secret: Buffer | undefined;
  let flightRead = false;
  const readFlight = () => {
    out.raw = Buffer.concat(wire.recorded);
    out.flight = readServerFlight(out.raw, secret);
    flightRead = true;
  };
  return deadline.race(new Promise<HandshakeOutcome>((resolve) => {
    let done = false;
    const finish = (err?: Error & { code?: string }) => {
      if (done) return;
      done = true;
      if (!flightRead) readFlight();
      else out.raw = Buffer.concat(wire.recorded);
      if (err) out.error = err.code === undefined ? { message: err.message } : { code: err.code, message: err.message };
      tlsSocket.destroy();
      resolve(out);
    };
    // requestOCSP is a TLSSocket option Node also honours in connect(); its types omit it.
    const connectOptions: tls.ConnectionOptions & { requestOCSP: boolean } = {
      socket: wire,
      ...(opts.servername ? { servername: opts.servername } : {}),
      ...(opts.alpn?.length ? { ALPNProtocols: opts.alpn } : {}),
      secureContext: (opts.contextFor ?? secureContextOf)(opts),
      requestOCSP: opts.requestOCSP ?? false,
      rejectUnauthorized: false,
      // The host name is judged by the check itself, with the names it saw.
      checkServerIdentity: () => undefined,
    };
    const tlsSocket = deadline.track(tls.connect(connectOptions));
    // Node makes the detailed peer certificate (the costliest step of a handshake here) only to hand it
    // to the host check above, which ignores it: until secureConnect the socket answers with a stand-in.
    Object.defineProperty(tlsSocket, 'getPeerCertificate', { value: () => ({}), configurable: true, writable: true });
    tlsSocket.on('keylog', (line: Buffer) => { secret ??= serverHandshakeSecret(line) ?? undefined; });
    tlsSocket.once('OCSPResponse', (resp: Buffer) => { out.ocspResponse = resp; });
    tlsSocket.on('error', (err) => finish(err));
    tlsSocket.once('close', () => finish(out.secured ? undefined : new Error('The server closed the connection during the handshake.')));
    tlsSocket.once('secureConnect', () => {
      Reflect.deleteProperty(tlsSocket, 'getPeerCertificate');
      out.secured = true;
      out.tlsMs = deadline.elapsed() - started;
      out.protocol = tlsSocket.getProtocol();
      out.cipher = tlsSocket.getCipher().standardName ?? tlsSocket.getCipher().name;
      if (tlsSocket.alpnProtocol) out.alpn = tlsSocket.alpnProtocol;
      // The whole server flight is in by now: Node's re-ordered chain only when the flight does not show the served one.
      readFlight();
      if (!out.flight.certificates?.length) out.peerChain = peerChain(tlsSocket.getPeerCertificate(true));
      out.authorized = tlsSocket.authorized;
      const authErr = tlsSocket.authorizationError as unknown;
      if (authErr) out.authorizationError = authErr instanceof Error ? ((authErr as Error & { code?: string }).code ?? authErr.message) : String(authErr);
      if (!opts.http) {
        // TLS 1.3 servers refuse a missing client certificate only after the client's Finished. A
        // server that accepted it sends a session ticket instead: wait for either, or for about two
        // handshake times when the server sends no tickets. A flight read without a
        // CertificateRequest leaves the server nothing to refuse.
        const asked = out.flight.certificateRequested || out.flight.certificates === null;
        if (out.protocol === 'TLSv1.3' && asked) {
          const settle = setTimeout(() => finish(), Math.max(100, 2 * (out.tlsMs ?? 0)));
          tlsSocket.once('session', () => { clearTimeout(settle); finish(); });
          tlsSocket.once('close', () => clearTimeout(settle));
        } else {
          finish();
        }
        return;
      }
      const sent = deadline.elapsed();
      tlsSocket.write(`GET ${opts.http.path} HTTP/1.1\r\nHost: ${opts.http.host}\r\nUser-Agent: Certdesk\r\nAccept: */*\r\nConnection: close\r\n\r\n`);
      const wait = setTimeout(() => {
        out.httpTimedOut = true;
        finish();
      }, Math.max(0, opts.http.waitMs));
      tlsSocket.once('close', () => clearTimeout(wait));
      tlsSocket.once('data', (chunk: Buffer) => {
        clearTimeout(wait);
        out.firstByteMs = deadline.elapsed() - sent;
        const status = /^HTTP\/\d(?:\.\d)? (\d{3})/.exec(chunk.toString('latin1'));
        if (status?.[1]) out.httpStatus = Number(status[1]);
        finish();
      });
    });
  }));
}
