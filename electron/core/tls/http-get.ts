/** Plain-HTTP fetches made on a certificate's behalf (AIA intermediates, OCSP), bounded in size and time. */
import * as http from 'node:http';
import type { Deadline } from './deadline.js';

const MAX_BYTES = 256 * 1024;

/** GETs an http:// URL within the deadline; the body, or an Error saying what went wrong. */
export function httpGet(url: string, deadline: Deadline, init: { method?: 'GET' | 'POST'; body?: Buffer; contentType?: string } = {}): Promise<Buffer> {
  return deadline.race(new Promise<Buffer>((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      reject(new Error(`${url} is not a URL.`));
      return;
    }
    if (parsed.protocol !== 'http:') {
      reject(new Error(`Only http:// URLs are fetched, not ${parsed.protocol}//.`));
      return;
    }
    const headers: Record<string, string> = { 'user-agent': 'Certdesk' };
    if (init.body) {
      headers['content-type'] = init.contentType ?? 'application/octet-stream';
      headers['content-length'] = String(init.body.length);
    }
    const req = http.request(parsed, { method: init.method ?? 'GET', headers, agent: false }, (res) => {
      if ((res.statusCode ?? 0) < 200 || (res.statusCode ?? 0) >= 300) {
        res.resume();
        reject(new Error(`${url} answered HTTP ${res.statusCode ?? '?'}.`));
        return;
      }
      const parts: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BYTES) req.destroy(new Error(`${url} sent more than ${MAX_BYTES} bytes.`));
        else parts.push(c);
      });
      res.on('end', () => resolve(Buffer.concat(parts)));
      res.on('error', reject);
    });
    req.on('socket', (s) => deadline.track(s));
    req.on('error', reject);
    req.end(init.body);
  }));
}
