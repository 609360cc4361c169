/** Revocation of the served certificate: stapled OCSP, or asking the responder when lookups are allowed. */
import type { Revocation } from '../../../shared/contract/tls-result.js';
import type { Finding } from '../../../shared/findings.js';
import type { LoadedCert } from '../pki/chain.js';
import { httpGet } from './http-get.js';
import type { Deadline } from './deadline.js';
import { type OcspVerdict, ocspRequest, readOcspResponse } from './ocsp-der.js';

export interface RevocationResult {
  status: Revocation;
  /** How it was decided: `stapled` or the responder URL. */
  source?: string;
  findings: Finding[];
}

const day = (d: Date) => d.toISOString().slice(0, 10);

function ocspUrls(c: LoadedCert): string[] {
  return [...(c.x509.infoAccess ?? '').matchAll(/OCSP - URI:(\S+)/g)].map((m) => m[1] ?? '').filter(Boolean);
}

function fromVerdict(v: OcspVerdict, source: string, leaf: LoadedCert): RevocationResult | null {
  switch (v.status) {
    case 'invalid':
      return null;
    case 'good':
      return { status: 'good', source, findings: [] };
    case 'unknown':
      return { status: 'unknown', source, findings: [{ code: 'revocation-not-checked', severity: 'info', message: `The OCSP responder (${source}) does not know this certificate.` }] };
    case 'revoked':
      return {
        status: 'revoked', source,
        findings: [{
          code: 'revoked', severity: 'error',
          message: `The server certificate (serial ${leaf.x509.serialNumber.toLowerCase()}) was revoked by its CA${v.revokedAt ? ` on ${day(v.revokedAt)}` : ''} (${source === 'stapled' ? 'stapled OCSP response' : `OCSP responder ${source}`}).`,
          fix: 'Install a newly issued certificate on the server; a revoked one is refused by browsers and Java.',
        }],
      };
    default: {
      const never: never = v;
      return never;
    }
  }
}

/** The leaf's revocation status from a stapled response, else (when allowed) from its OCSP responder. */
export async function checkRevocation(path: LoadedCert[], stapled: Buffer | undefined, lookups: boolean, now: Date, deadline: Deadline): Promise<RevocationResult> {
  const [leaf, issuer] = path;
  if (!leaf || !issuer || leaf === issuer) return { status: 'not-checked', findings: [] };
  const problems: string[] = [];
  if (stapled?.length) {
    const v = readOcspResponse(stapled, leaf, issuer, now);
    const r = fromVerdict(v, 'stapled', leaf);
    if (r) return r;
    if (v.status === 'invalid') problems.push(`the stapled OCSP response was ignored: ${v.reason}`);
  }
  if (lookups) {
    for (const url of ocspUrls(leaf)) {
      try {
        const body = await httpGet(url, deadline, { method: 'POST', body: ocspRequest(leaf, issuer), contentType: 'application/ocsp-request' });
        const v = readOcspResponse(body, leaf, issuer, now);
        const r = fromVerdict(v, url, leaf);
        if (r) return r;
        if (v.status === 'invalid') problems.push(`the answer of ${url} was ignored: ${v.reason}`);
      } catch (err) {
        if (deadline.stopped) throw err;
        problems.push(`${url} could not be asked: ${(err as Error).message}`);
      }
    }
  }
  if (problems.length === 0) return { status: 'not-checked', findings: [] };
  return { status: 'not-checked', findings: [{ code: 'revocation-not-checked', severity: 'info', message: `Revocation was not checked: ${problems.join('; ')}.` }] };
}
