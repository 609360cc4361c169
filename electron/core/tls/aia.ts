/** Fetching a missing intermediate from a certificate's AIA "CA Issuers" URL (plain HTTP by convention). */
import { certificatesFrom } from '../pki/pem.js';
import type { Deadline } from './deadline.js';
import { httpGet } from './http-get.js';

/** The certificate(s) behind a CA Issuers URL (DER or PEM), or the reason there are none. */
export async function fetchIssuer(url: string, deadline: Deadline): Promise<{ ders: Buffer[] } | { error: string }> {
  try {
    const body = await httpGet(url, deadline);
    const ders = certificatesFrom(body);
    return ders.length ? { ders } : { error: `${url} holds no certificate.` };
  } catch (err) {
    if (deadline.stopped) throw err;
    return { error: (err as Error).message };
  }
}
