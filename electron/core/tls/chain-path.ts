/**
 * The chain as served, its order, and the path from the leaf to a trust anchor (or where it breaks),
 * completed from the leaf's AIA "CA Issuers" URL when lookups are allowed.
 */
import type { TlsPath } from '../../../shared/contract/tls-result.js';
import type { LoadedCert } from '../pki/chain.js';
import { toPem } from '../pki/pem.js';
import { formatName } from '../pki/x509-der.js';
import { fetchIssuer } from './aia.js';
import { issuedByOnce, loadCertOnce } from './cert-memo.js';
import type { Deadline } from './deadline.js';

export interface PathResult {
  path: TlsPath;
  /** Certificates on the path, leaf first (served, fetched, then the anchor). */
  certs: LoadedCert[];
  /** Which of `certs` are the trust anchor / were fetched. */
  anchorIndex: number | null;
  fetched: LoadedCert[];
  /** Why a fetch for the missing issuer failed. */
  fetchError?: string;
}

/** 'ok' when each served certificate is followed by its issuer; 'unknown' without the served order. */
export function chainOrderOf(served: LoadedCert[] | null): 'ok' | 'wrong' | 'unknown' {
  if (!served) return 'unknown';
  for (let i = 1; i < served.length; i++) {
    const child = served[i - 1];
    const parent = served[i];
    if (!child || !parent || !issuedByOnce(child, parent)) return 'wrong';
  }
  return 'ok';
}

const sameCert = (a: LoadedCert, b: LoadedCert) => a.der.equals(b.der);
const subjectOf = (c: LoadedCert) => formatName(c.parts.subject);

/** Builds the path from served[0]; fetches a missing issuer over AIA when `lookups` is true. */
export async function buildPath(served: LoadedCert[], anchors: LoadedCert[], lookups: boolean, deadline: Deadline): Promise<PathResult> {
  const leaf = served[0];
  if (!leaf) throw new Error('no certificate served');
  const certs: LoadedCert[] = [leaf];
  const fetched: LoadedCert[] = [];
  let fetchedFrom: string | undefined;
  let fetchError: string | undefined;
  let current = leaf;
  const done = (trusted: boolean, anchorIndex: number | null, missingIssuer?: string): PathResult => {
    const path: TlsPath = { subjects: certs.map(subjectOf), trusted };
    if (missingIssuer !== undefined) path.missingIssuer = missingIssuer;
    if (fetchedFrom !== undefined) {
      path.fetchedFrom = fetchedFrom;
      const chainOnly = anchorIndex === null ? certs : certs.slice(0, anchorIndex);
      path.completedChainPem = chainOnly.map((c) => toPem(c.der)).join('');
    }
    const out: PathResult = { path, certs, anchorIndex, fetched };
    if (fetchError !== undefined) out.fetchError = fetchError;
    return out;
  };
  for (let depth = 0; depth < 10; depth++) {
    if (anchors.some((a) => sameCert(a, current))) return done(true, certs.length - 1);
    const here = current;
    const anchor = anchors.find((a) => issuedByOnce(here, a));
    if (anchor) {
      certs.push(anchor);
      return done(true, certs.length - 1);
    }
    if (issuedByOnce(here, here)) return done(false, null);
    let next = served.find((c) => !certs.includes(c) && !sameCert(c, here) && issuedByOnce(here, c));
    if (!next && lookups && fetched.length < 3) {
      for (const url of here.x509 ? aiaUrls(here) : []) {
        const got = await fetchIssuer(url, deadline);
        if ('error' in got) {
          fetchError = got.error;
          continue;
        }
        const candidate = got.ders.map(loadCertOnce).find((c) => issuedByOnce(here, c));
        if (candidate) {
          fetched.push(candidate);
          fetchedFrom ??= url;
          next = candidate;
          break;
        }
        fetchError = `${url} did not hold the issuer of ${subjectOf(here)}.`;
      }
    }
    if (!next) return done(false, null, formatName(here.parts.issuer));
    certs.push(next);
    current = next;
  }
  return done(false, null);
}

/** CA Issuers URLs of a certificate (from Node's infoAccess text: `CA Issuers - URI:…`). */
function aiaUrls(c: LoadedCert): string[] {
  const info = c.x509.infoAccess ?? '';
  return [...info.matchAll(/CA Issuers - URI:(\S+)/g)].map((m) => m[1] ?? '').filter(Boolean);
}
