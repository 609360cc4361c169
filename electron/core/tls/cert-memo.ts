/**
 * The certificates a batch meets again and again (many endpoints serve the same chain): each parsed,
 * described and matched with its issuer once, keyed by its DER bytes. Bounded, so a long-running app
 * that checks many servers keeps only the most recent few hundred.
 */
import type { CertificateFacts } from '../../../shared/contract/certificate.js';
import { describeCertificate } from '../pki/cert-facts.js';
import { issuedBy, type LoadedCert, loadCert } from '../pki/chain.js';

const MAX_CERTS = 512;

const loaded = new Map<string, LoadedCert>();
const described = new WeakMap<LoadedCert, { key: string; facts: CertificateFacts }>();
const issuers = new WeakMap<LoadedCert, Map<LoadedCert, boolean>>();

/** loadCert, once per distinct certificate (CORRUPT_FILE as loadCert says, never remembered). */
export function loadCertOnce(der: Buffer): LoadedCert {
  const key = der.toString('latin1');
  let c = loaded.get(key);
  if (c) return c;
  c = loadCert(der);
  if (loaded.size >= MAX_CERTS) loaded.delete(loaded.keys().next().value as string);
  loaded.set(key, c);
  return c;
}

/** describeCertificate of a loaded certificate, once per certificate, moment and warning window. */
export function describeOnce(c: LoadedCert, now: Date, expiringSoonDays: number): CertificateFacts {
  const key = `${now.getTime()}|${expiringSoonDays}`;
  const memo = described.get(c);
  if (memo?.key === key) return memo.facts;
  const facts = describeCertificate(c.der, now, expiringSoonDays, c);
  described.set(c, { key, facts });
  return facts;
}

/** issuedBy (name match and signature check), once per pair. */
export function issuedByOnce(child: LoadedCert, issuer: LoadedCert): boolean {
  if (child.issuerKey !== issuer.subjectKey) return false; // the cheap part, not worth remembering
  let memo = issuers.get(child);
  if (!memo) issuers.set(child, (memo = new Map()));
  let r = memo.get(issuer);
  if (r === undefined) memo.set(issuer, (r = issuedBy(child, issuer)));
  return r;
}
