/** The text a masked secret is shown as. */
export const MASK = '[masked]';

// Parameters that carry a secret in a token request or a redirect (RFC 6749, RFC 7636, RFC 7523).
const SECRET_PARAMS = new Set(['client_secret', 'code', 'code_verifier', 'refresh_token', 'assertion', 'client_assertion', 'password', 'access_token', 'token', 'subject_token', 'actor_token']);

/** Headers with every credential masked; the scheme word of Authorization is kept ("Basic [masked]"). */
export function maskHeaders(headers: Record<string, string>, secrets: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization') {
      const space = value.indexOf(' ');
      out[name] = space > 0 ? `${value.slice(0, space)} ${MASK}` : MASK;
    } else if (lower === 'cookie') out[name] = MASK;
    else out[name] = maskText(value, secrets);
  }
  return out;
}

/** Form parameters with the secret ones (and any value holding a known secret) masked. */
export function maskParams(params: URLSearchParams, secrets: readonly string[]): string {
  const out = new URLSearchParams();
  for (const [k, v] of params) out.append(k, SECRET_PARAMS.has(k) ? MASK : maskText(v, secrets));
  // URLSearchParams writes the mask as %5Bmasked%5D: keep it readable.
  return out.toString().split(encodeURIComponent(MASK)).join(MASK);
}

/** A URL whose query is masked like a form body. */
export function maskUrl(url: URL, secrets: readonly string[]): string {
  if (url.search === '') return maskText(url.href, secrets);
  const copy = new URL(url.href);
  copy.search = '';
  return `${maskText(copy.href, secrets)}?${maskParams(url.searchParams, secrets)}`;
}

/** Text with every known secret (4 characters or more, longest first) masked. */
export function maskText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of [...secrets].filter((x) => x.length >= 4).sort((a, b) => b.length - a.length)) out = out.split(s).join(MASK);
  return out;
}
