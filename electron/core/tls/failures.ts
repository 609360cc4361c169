/** Findings for checks that got no certificate: the way there failed, or the handshake did. */
import type { Finding } from '../../../shared/findings.js';
import { CheckStopped } from './deadline.js';
import type { HandshakeOutcome } from './handshake.js';
import { printable } from './socket-read.js';
import { TransportError } from './transport-error.js';

/** The finding for an error thrown on the way to the server (or the deadline passing). */
export function transportFinding(err: unknown, where: string, timeoutMs: number): Finding {
  if (err instanceof CheckStopped) {
    return err.why === 'timeout'
      ? { code: 'timeout', severity: 'error', message: `${where} did not complete the check within ${timeoutMs} ms.`, fix: 'Check that the port is the TLS port and that no firewall drops the traffic; try a longer timeout for a slow link.' }
      : { code: 'timeout', severity: 'error', message: 'The check was cancelled before it completed.' };
  }
  if (err instanceof TransportError) {
    switch (err.kind) {
      case 'dns':
        return { code: 'dns-failure', severity: 'error', message: err.message, fix: 'Check the spelling of the name, and the DNS (or hosts file) of this computer; a VPN may be needed for internal names.' };
      case 'refused':
        return { code: 'connection-refused', severity: 'error', message: err.message, fix: 'Check the port number and that the service is running and listening on that address.' };
      case 'proxy':
        return { code: 'proxy-failure', severity: 'error', message: err.message, fix: 'Check the proxy address and whether it allows CONNECT to this port; or try without the proxy.' };
      case 'starttls':
        return { code: 'starttls-failure', severity: 'error', message: err.message, fix: 'Check that the port is the cleartext mail port offering STARTTLS (25/587, 143, 110), not the implicit-TLS one.' };
      case 'network':
        return { code: 'network-error', severity: 'error', message: err.message, fix: 'Check the network path to the server (routing, firewall, VPN).' };
      default: {
        const never: never = err.kind;
        return { code: 'network-error', severity: 'error', message: `${String(never)}: ${err.message}` };
      }
    }
  }
  const e = err as Error;
  return { code: 'network-error', severity: 'error', message: `The check failed unexpectedly: ${e.message ?? String(err)}` };
}

/** The alert a failed handshake carried: the cleartext record, else the one OpenSSL names in its error code. */
export function alertOf(hs: HandshakeOutcome): string | null {
  if (hs.flight.alert) return hs.flight.alert.name;
  const m = /ALERT_([A-Z0-9_]+)$/.exec(hs.error?.code ?? '');
  return m?.[1] ? m[1].toLowerCase() : null;
}

/** plaintext-server when the server answered in cleartext. */
export function plaintextFinding(hs: HandshakeOutcome, target: string): Finding | null {
  if (hs.flight.isTls) return null;
  const said = printable(hs.raw);
  const http = /^HTTP\//.test(said);
  return {
    code: 'plaintext-server', severity: 'error',
    message: `${target} answered in cleartext, not TLS: "${said}".`,
    fix: http
      ? `This port serves plain HTTP: use http:// for it, or enable TLS (HTTPS) on the server and use its TLS port.`
      : 'This port speaks a cleartext protocol: use the TLS port, STARTTLS (for mail ports), or enable TLS on the server.',
  };
}

/** client-cert-required when the server refused because no (acceptable) client certificate was sent. */
export function clientCertFinding(hs: HandshakeOutcome, requested: boolean, sentOne: boolean, acceptableCAs: string[]): Finding | null {
  const alert = alertOf(hs);
  const refused = alert === 'certificate_required' || (requested && alert !== null && ['handshake_failure', 'bad_certificate', 'unknown_ca', 'certificate_unknown', 'access_denied', 'decrypt_error'].includes(alert));
  if (!refused) return null;
  const cas = acceptableCAs.length ? ` It accepts certificates from: ${acceptableCAs.join('; ')}.` : '';
  return sentOne
    ? { code: 'client-cert-required', severity: 'error', message: `The server refused the client certificate (${alert ?? 'no alert'}).${cas}`, fix: 'Use a client certificate issued by a CA the server accepts, and check it is not expired.' }
    : { code: 'client-cert-required', severity: 'error', message: `The server requires a client certificate (mutual TLS).${cas}`, fix: 'Give a client certificate (.pfx, or certificate and key) issued by a CA the server accepts.' };
}

/** handshake-failure with the decoded alert, or the raw error when there is no alert. */
export function handshakeFinding(hs: HandshakeOutcome, severity: 'error' | 'warning' = 'error'): Finding {
  const alert = alertOf(hs);
  const raw = hs.error ? `${hs.error.message}${hs.error.code ? ` (${hs.error.code})` : ''}` : 'no error text';
  return alert
    ? { code: 'handshake-failure', severity, message: `The server ended the handshake with the alert "${alert}". Raw error: ${raw}`, fix: 'The server and this client share no protocol version or cipher, or the server rejected something the client sent; check the server\'s TLS settings.' }
    : { code: 'handshake-failure', severity, message: `The TLS handshake failed: ${raw}`, fix: 'Check that this port speaks TLS and the server\'s TLS settings (protocols, ciphers, certificate).' };
}
