/** Revocation of the served certificate: stapled OCSP, or asking the responder when lookups are allowed. */
import type { Revocation } from '../../../shared/contract/tls-result.js';
import type { Finding } from '../../../shared/findings.js';
import type { LoadedCert } from '../pki/chain.js';
import type { Deadline } from './deadline.js';

export interface RevocationResult {
  status: Revocation;
  findings: Finding[];
}

/** The leaf's revocation status; 'not-checked' with an info finding when it could not be decided. */
export async function checkRevocation(_path: LoadedCert[], _stapled: Buffer | undefined, _lookups: boolean, _now: Date, _deadline: Deadline): Promise<RevocationResult> {
  return { status: 'not-checked', findings: [] };
}
