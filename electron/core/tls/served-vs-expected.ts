/**
 * Does the live endpoint serve the certificate it should? Used for an agent whose keystore holds
 * a new certificate: if the endpoint still serves the old one, the agent was not restarted.
 */
import { createHash } from 'node:crypto';
import type { TlsCheckResult } from '../../../shared/contract/tls-result.js';
import type { Finding } from '../../../shared/findings.js';
import { colonHex } from '../pki/cert-extensions.js';

/** The finding comparing the served leaf with `expectedDer`; null when the check reached no certificate for another reason. */
export function compareServedCertificate(result: TlsCheckResult, expectedDer: Buffer, what = 'the keystore'): Finding | null {
  if (result.findings.some((f) => f.code === 'plaintext-server')) {
    return { code: 'https-not-enabled', severity: 'error', message: `${result.target} answers in plain HTTP: HTTPS is not on yet.`, fix: 'Enable HTTPS in the agent\'s configuration and restart it.' };
  }
  const served = result.chain[0];
  if (!served) return null;
  const expected = colonHex(createHash('sha256').update(expectedDer).digest());
  if (served.sha256 === expected) {
    return { code: 'serves-expected-certificate', severity: 'info', message: `${result.target} serves the certificate in ${what}.` };
  }
  return {
    code: 'serves-other-certificate', severity: 'error',
    message: `${result.target} serves "${served.subject}" (SHA-256 ${served.sha256.slice(0, 23)}…, until ${served.notAfter.slice(0, 10)}), not the certificate in ${what}: the agent still serves the old certificate.`,
    fix: 'Restart the agent so it loads the new keystore (and check that it reads the keystore you updated).',
  };
}
