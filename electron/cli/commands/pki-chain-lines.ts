/** The report of a certificate joined with its key and chain (`csr import-reply`, `pfx create`). */
import type { PfxSummary } from '../../../shared/contract/pki.js';
import type { WrittenFile } from '../../../shared/contract/files.js';
import { missingSentence, shortCertLines, writtenLines } from './pki-format.js';

/** The lines under the heading: the leaf, what the chain lacks or left out, the files written. */
export function joinedChainLines(r: Pick<PfxSummary, 'leaf' | 'missingIssuer' | 'ignoredCertificates'> & { written: WrittenFile[] }): string[] {
  return [
    ...shortCertLines(r.leaf),
    ...(r.missingIssuer ? [`  ${missingSentence(r.missingIssuer)}`] : []),
    ...(r.ignoredCertificates ? [`  ${r.ignoredCertificates} certificate(s) given do not belong to this chain and were left out.`] : []),
    ...writtenLines(r.written),
  ];
}
