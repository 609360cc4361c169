/** The verdict of a call from its answer, and the answer as shown (headers and a capped body preview). */
import type { AuthTestResult, AuthVerdict } from '../../../shared/contract/auth.js';
import { escapeControl } from '../../../shared/text-safety.js';
import type { NetResponse } from '../net/request.js';
import { type Challenge, describeChallenge, explainRejection } from './challenge.js';

/** The preview shows at most this much of the body. */
export const BODY_PREVIEW_CHARS = 8 * 1024;
const MAX_SHOWN_HEADERS = 100;
const MAX_HEADER_VALUE = 2048;

/** authenticated (2xx/3xx), rejected (401), forbidden (403), else error — with the sentence saying why. */
export function verdictOf(status: number, scheme: string, challenges: Challenge[]): { verdict: AuthVerdict; summary: string; challenge?: AuthTestResult['challenge'] } {
  const shown = challenges.map((c) => ({ scheme: c.scheme, params: c.params }));
  if (status >= 200 && status < 400)
    return { verdict: 'authenticated', summary: scheme === 'none' ? `The server answered ${status} without any credential.` : `Authenticated: the server accepted the credential (${status}).` };
  if (status === 401) {
    const explanation = explainRejection(challenges, scheme);
    return { verdict: 'rejected', summary: `Rejected (401): ${explanation}`, challenge: { challenges: shown, explanation } };
  }
  if (status === 403) {
    const extra = challenges.length ? ` The server says: ${challenges.map(describeChallenge).join('; ')}.` : '';
    return {
      verdict: 'forbidden',
      summary: `Forbidden (403): the credential was accepted, but the account it acts as lacks permission for this request (a missing role, scope or path restriction).${extra}`,
      ...(challenges.length ? { challenge: { challenges: shown, explanation: `The server answered 403: ${challenges.map(describeChallenge).join('; ')}.` } } : {}),
    };
  }
  if (status === 407) return { verdict: 'error', summary: 'The proxy asks for its own credentials (407); the endpoint was not reached.' };
  return { verdict: 'error', summary: `The server answered ${status}: neither an acceptance nor a refusal of the credential, so the test cannot tell whether it works. Check the URL and method.` };
}

/** Pretty JSON when the body is JSON, else the text; control characters escaped, capped. */
export function bodyPreview(body: Buffer, contentType: string | undefined): { text: string; cut: boolean } {
  let text = body.subarray(0, BODY_PREVIEW_CHARS * 4).toString('utf8');
  if (/json/i.test(contentType ?? '') || /^\s*[[{]/.test(text)) {
    try {
      text = JSON.stringify(JSON.parse(body.toString('utf8')), null, 2);
    } catch {
      // not JSON after all (or cut): shown as text
    }
  }
  const cut = text.length > BODY_PREVIEW_CHARS;
  return { text: text.slice(0, BODY_PREVIEW_CHARS).split('\n').map(escapeControl).join('\n'), cut };
}

/** The answer as the result shows it; `mask` hides a secret the server may have echoed. */
export function describeResponse(res: NetResponse, mask: (s: string) => string): NonNullable<AuthTestResult['response']> {
  const raw = res.rawHeaders ?? [];
  const headers: Array<{ name: string; value: string }> = [];
  for (let i = 0; i + 1 < raw.length && headers.length < MAX_SHOWN_HEADERS; i += 2) headers.push({ name: escapeControl(raw[i] ?? ''), value: mask(escapeControl((raw[i + 1] ?? '').slice(0, MAX_HEADER_VALUE))) });
  const ct = res.headers['content-type'];
  const preview = bodyPreview(res.body, typeof ct === 'string' ? ct : undefined);
  return { status: res.status, statusText: escapeControl(res.statusText ?? ''), headers, bodyPreview: mask(preview.text), bodyBytes: res.body.length, truncated: Boolean(res.truncated) || preview.cut };
}
