/** Which TLS versions a server accepts: one handshake per version, as far as this runtime can try it. */
import * as tls from 'node:tls';
import { TLS_VERSIONS, type ProtocolSupport, type TlsVersion } from '../../../shared/contract/tls-result.js';
import { CheckStopped, type Deadline } from './deadline.js';
import { handshake, type HandshakeOptions, type HandshakeOutcome } from './handshake.js';
import type { Transport } from './transport.js';

// TLS 1.0/1.1 need SHA-1 in the handshake, which OpenSSL 3 allows only at security level 0.
export const LEGACY_CIPHERS = 'DEFAULT@SECLEVEL=0';

let runtimeSupport: Record<TlsVersion, boolean> | null = null;

/** Whether this runtime's OpenSSL can offer each version at all (a build may have 1.0/1.1 compiled out). */
export function runtimeVersions(): Record<TlsVersion, boolean> {
  runtimeSupport ??= Object.fromEntries(TLS_VERSIONS.map((v) => {
    try {
      tls.createSecureContext({ minVersion: v, maxVersion: v, ciphers: LEGACY_CIPHERS });
      return [v, true];
    } catch {
      return [v, false];
    }
  })) as Record<TlsVersion, boolean>;
  return runtimeSupport;
}

export interface ProtocolScan {
  protocols: Record<TlsVersion, ProtocolSupport>;
  /** The TLS 1.2 (or lower) handshake, whose cleartext shows the served chain and any CertificateRequest. */
  cleartext: HandshakeOutcome | null;
}

/** Tries each version in turn (the transport is opened anew for each); stops at the deadline. */
export async function scanProtocols(open: () => Promise<Transport>, base: HandshakeOptions, deadline: Deadline): Promise<ProtocolScan> {
  const support = runtimeVersions();
  const protocols = Object.fromEntries(TLS_VERSIONS.map((v) => [v, 'not-tried'])) as Record<TlsVersion, ProtocolSupport>;
  let cleartext: HandshakeOutcome | null = null;
  // Newest first: the TLS 1.2 handshake is the one that shows the chain, so it is not the one cut off.
  for (const v of [...TLS_VERSIONS].reverse()) {
    if (!support[v]) continue;
    try {
      const t = await open();
      const { http: _http, ...opts } = base;
      const hs = await handshake(t.socket, { ...opts, minVersion: v, maxVersion: v, ciphers: LEGACY_CIPHERS }, deadline);
      // A server that got as far as its Certificate (then refused a missing client certificate) accepted the version.
      const { flight } = hs;
      protocols[v] = (hs.secured && hs.protocol === v) || (flight.version === v && (flight.certificates !== null || flight.certificateRequested)) ? 'accepted' : 'refused';
      if (v !== 'TLSv1.3' && hs.raw.length > 0 && (cleartext === null || (!cleartext.secured && hs.secured))) cleartext = hs;
    } catch (err) {
      if (err instanceof CheckStopped) break;
      // The way there failed for this attempt: the version stays "not-tried".
    }
  }
  return { protocols, cleartext };
}
