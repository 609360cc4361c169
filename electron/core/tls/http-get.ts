/** Plain-HTTP fetches made on a certificate's behalf (AIA intermediates, OCSP), bounded in size and time. */
import { request } from '../net/request.js';
import type { Deadline } from './deadline.js';

const MAX_BYTES = 256 * 1024;

/**
 * GETs (or POSTs) an http:// URL through the core's network port, within what is left of the check's
 * deadline and stopped with it; the body of a 2xx answer, or an Error saying what went wrong.
 */
export async function httpGet(url: string, deadline: Deadline, init: { method?: 'GET' | 'POST'; body?: Buffer; contentType?: string } = {}): Promise<Buffer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${url} is not a URL.`);
  }
  if (parsed.protocol !== 'http:') throw new Error(`Only http:// URLs are fetched, not ${parsed.protocol}//.`);
  const headers: Record<string, string> = { 'user-agent': 'Certdesk' };
  if (init.body) {
    headers['content-type'] = init.contentType ?? 'application/octet-stream';
    headers['content-length'] = String(init.body.length);
  }
  const timeoutMs = Math.max(1, deadline.timeoutMs - deadline.elapsed());
  const res = await deadline.race(
    request(url, { method: init.method ?? 'GET', headers, ...(init.body ? { body: init.body } : {}), timeoutMs, maxBytes: MAX_BYTES, signal: deadline.signal }),
  );
  if (res.status < 200 || res.status >= 300) throw new Error(`${url} answered HTTP ${res.status}.`);
  return res.body;
}
