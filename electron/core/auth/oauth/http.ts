import { escapeControl } from '../../../../shared/text-safety.js';
import type { NetResponse } from '../../net/request.js';
import { TokenError } from './errors.js';
import { maskHeaders, maskParams, maskText, maskUrl } from './mask.js';
import type { TokenContext, TokenStep } from './types.js';

/** The most of a token endpoint's answer read: tokens are small, a page of HTML is a wrong URL. */
export const TOKEN_RESPONSE_CAP = 64 * 1024;

/** The steps of one acquisition and the secrets they must not show. */
export interface Trail {
  steps: TokenStep[];
  secrets: string[];
  /** Registers a secret with the trail's masking and the log's redaction. */
  secret(value: string): void;
}

/** A trail whose secrets also go to the log's redaction. */
export function createTrail(ctx: TokenContext): Trail {
  const trail: Trail = {
    steps: [],
    secrets: [],
    secret(value) {
      if (value === '' || trail.secrets.includes(value)) return;
      trail.secrets.push(value);
      ctx.log.addSecret(value);
    },
  };
  return trail;
}

export interface FormPost {
  what: string;
  url: URL;
  params: URLSearchParams;
  /** Where the parameters go: the form body (default) or the URL's query string. */
  paramsIn?: 'body' | 'url';
  headers?: Record<string, string>;
}

/**
 * POSTs a form to a token endpoint and returns the answer, recording the step (masked). Parameters go
 * in the body, or in the query with an empty body (PRODUCT.md: "token request parameters in the body
 * or the URL").
 */
export async function postForm(ctx: TokenContext, trail: Trail, post: FormPost): Promise<NetResponse> {
  const url = new URL(post.url.href);
  let body = '';
  const headers: Record<string, string> = { Accept: 'application/json', ...(post.headers ?? {}) };
  if (post.paramsIn === 'url') {
    for (const [k, v] of post.params) url.searchParams.append(k, v);
  } else {
    body = post.params.toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  headers['Content-Length'] = String(Buffer.byteLength(body));
  const maskedBody = post.paramsIn === 'url' ? '' : maskParams(post.params, trail.secrets);
  return send(ctx, trail, post.what, url, headers, body, maskedBody);
}

/** POSTs with the given headers and no form (the API-token exchange), recording the step. */
export function postEmpty(ctx: TokenContext, trail: Trail, what: string, url: URL, headers: Record<string, string>): Promise<NetResponse> {
  return send(ctx, trail, what, url, { Accept: 'application/json', ...headers, 'Content-Length': '0' }, '', '');
}

async function send(ctx: TokenContext, trail: Trail, what: string, url: URL, headers: Record<string, string>, body: string, maskedBody: string): Promise<NetResponse> {
  const step: TokenStep = { what, request: { method: 'POST', url: maskUrl(url, trail.secrets), headers: maskHeaders(headers, trail.secrets), body: maskedBody }, status: 0, ms: 0 };
  trail.steps.push(step);
  const started = performance.now();
  try {
    const res = await ctx.net.request(url.href, {
      method: 'POST',
      headers,
      body,
      maxBytes: TOKEN_RESPONSE_CAP,
      signal: ctx.signal,
      ...(ctx.timeoutMs !== undefined ? { timeoutMs: ctx.timeoutMs } : {}),
      ...(ctx.tls ? { tls: ctx.tls } : {}),
    });
    step.status = res.status;
    return res;
  } catch (err) {
    step.note = maskText(err instanceof Error ? err.message : String(err), trail.secrets);
    if (err instanceof Error && /larger than/.test(err.message))
      throw new TokenError('TOKEN_RESPONSE_INVALID', `${url.host} answered with more than ${TOKEN_RESPONSE_CAP / 1024} KiB; a token response is far smaller.`, 'Check that the URL is the token endpoint, not a web page.', { steps: trail.steps });
    throw err;
  } finally {
    step.ms = Math.round(performance.now() - started);
  }
}

/** Text from a server, safe to show: control characters escaped, capped. */
export function serverText(text: string, max = 300): string {
  const safe = escapeControl(text);
  return safe.length > max ? `${safe.slice(0, max)}…` : safe;
}

/** The answer's media type, safe to show ('' when none). */
export function mediaType(res: NetResponse): string {
  const ct = res.headers['content-type'];
  return serverText((typeof ct === 'string' ? ct : '').split(';')[0]?.trim() ?? '', 60);
}

/** The body as JSON, or undefined when it is not JSON (never throws). */
export function parseJson(res: NetResponse): unknown {
  try {
    return JSON.parse(res.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** A plain object, or undefined. */
export function asObject(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
