/**
 * One auth test call: the safety checks before any byte leaves (allowed hosts, plain http), the rounds
 * a scheme needs (digest's challenge, a stale nonce), redirects (up to 10; on another origin the
 * credential, Authorization, cookies and credential query parameters are dropped, as curl does), and the
 * verdict with the request as sent, secrets masked.
 */
import type https from 'node:https';
import { performance } from 'node:perf_hooks';
import { AUTH_MAX_REDIRECTS, type AuthSigning, type AuthTestResult } from '../../../shared/contract/auth.js';
import type { Finding } from '../../../shared/findings.js';
import { CertdeskError } from '../errors.js';
import type { Net, NetRequestOptions, NetResponse } from '../net/request.js';
import { transportFinding } from '../tls/failures.js';
import { TransportError } from '../tls/transport-error.js';
import { type Challenge, challengesFrom } from './challenge.js';
import { type CallCredential, fieldOf, hostAllowed, maskSecrets, secretForms } from './credential.js';
import { digestAuthorization, pickDigestChallenge } from './digest.js';
import { describeResponse, verdictOf } from './verdict.js';
import { applyScheme, credentialQueryParams, type OutgoingRequest, setHeader } from './schemes.js';

export interface ExchangeOptions {
  net: Net;
  now: () => Date;
  random: (n: number) => Buffer;
  timeoutMs: number;
  followRedirects: boolean;
  allowPlainHttp: boolean;
  /** TLS settings for https (CA list, client certificate). */
  tls?: https.RequestOptions;
  signal: AbortSignal;
  /** Opens the connection for a URL (a proxy tunnel), or undefined for a direct one. */
  connection?: (url: URL) => NetRequestOptions['createConnection'] | undefined;
  /** An access token already obtained for the token schemes. */
  token?: string;
  /** Hears the auth headers computed for the last request the credential went on (for copy-as commands). */
  onComputedHeaders?: (headers: Array<{ name: string; value: string }>) => void;
  /** The TLS check's verdict on a host whose handshake failed (the engine of `tls.check`). */
  tlsFinding: (url: URL, remainingMs: number) => Promise<Finding | undefined>;
}

/** The most of a response body read (the preview shows less). */
const BODY_READ_CAP = 256 * 1024;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[?::1\]?)$/i;

/** True for a loopback host (a secret over plain http stays on this machine). */
export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host) || host.toLowerCase().endsWith('.localhost');
}

/** The refusals that come before any byte is sent. */
export function guardBeforeSending(cred: CallCredential, url: URL, allowPlainHttp: boolean): string[] {
  const warnings: string[] = [];
  if (cred.scheme === 'none') return warnings;
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  if (!hostAllowed(cred.allowedHosts, url.hostname, port)) {
    const list = cred.allowedHosts.length ? cred.allowedHosts.join(', ') : 'none';
    throw new CertdeskError(
      'HOST_NOT_ALLOWED',
      `${cred.name ? `The credential "${cred.name}"` : 'This credential'} may not be sent to ${url.host}: it is not among its allowed hosts (${list}). Nothing was sent.`,
      cred.name ? `If ${url.hostname} is right, add it to the credential's allowed hosts (certdesk vault update).` : 'Check the URL.',
    );
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    if (!allowPlainHttp)
      throw new CertdeskError('PLAIN_HTTP_REFUSED', `The secret would cross the network unencrypted (plain http:// to ${url.host}). Nothing was sent.`, 'Use https://, or allow plain HTTP for this test (--allow-plain-http) if you accept that anyone on the path can read the secret.');
    warnings.push(`The secret was sent over plain http:// to ${url.host}: anyone on the network path could read it. Use https:// when the server offers it.`);
  }
  if (cred.scheme === 'url-token' || (cred.scheme === 'api-key' && fieldOf(cred, 'in') === 'query'))
    warnings.push('The secret travels in the URL, where proxies and server logs may keep it; prefer a header when the server accepts one.');
  return warnings;
}

const flatHeaders = (req: OutgoingRequest): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const h of req.headers) out[h.name] = out[h.name] === undefined ? h.value : `${out[h.name]}, ${h.value}`;
  if (req.body.length && !Object.keys(out).some((k) => k.toLowerCase() === 'content-length')) out['Content-Length'] = String(req.body.length);
  return out;
};

/** The request target of the request line: path and query, exactly as sent. */
const requestTarget = (url: URL): string => `${url.pathname}${url.search}`;

/** Headers a scheme computes per request (what a copied command must carry where curl cannot sign). */
const COMPUTED = /^(authorization|date|content-md5|x-amz-[a-z0-9-]+)$/i;

/** Headers never carried to another origin (curl's rule, and the fetch standard's). */
const CROSS_ORIGIN_DROP = ['authorization', 'cookie', 'proxy-authorization'];

/** Runs the call; network failures become verdict `error`, bad input and refusals throw CertdeskError. */
export async function runExchange(cred: CallCredential, first: OutgoingRequest, opts: ExchangeOptions): Promise<AuthTestResult> {
  const warnings = guardBeforeSending(cred, first.url, opts.allowPlainHttp);
  const forms = [...secretForms(cred), ...(opts.token ? [opts.token] : [])].sort((a, b) => b.length - a.length);
  const mask = (s: string): string => maskSecrets(s, forms);
  const start = performance.now();
  const elapsed = (): number => performance.now() - start;
  const hops: AuthTestResult['hops'] = [];
  const origin = first.url.origin;
  let current: OutgoingRequest = first;
  let authActive = true;
  let digest: { challenge: Challenge; nc: number; staleRetried: boolean } | null = null;
  let redirects = 0;
  for (let round = 0; round < AUTH_MAX_REDIRECTS + 4; round++) {
    const remaining = opts.timeoutMs - elapsed();
    const applied: { request: OutgoingRequest; signing?: AuthSigning } = authActive ? await applyScheme(cred, current, opts.now(), opts.token) : { request: current };
    if (authActive && digest) {
      const answer = digestAuthorization(digest.challenge, {
        user: fieldOf(cred, 'user'),
        password: fieldOf(cred, 'password'),
        method: applied.request.method,
        uri: requestTarget(applied.request.url),
        body: applied.request.body,
        nc: digest.nc++,
        cnonce: opts.random(12).toString('hex'),
      });
      applied.request = { ...applied.request, headers: setHeader(applied.request.headers, 'Authorization', answer.header) };
      applied.signing = { scheme: 'digest', algorithm: `${answer.algorithm}${answer.qop ? `, qop ${answer.qop}` : ' (RFC 2069, no qop)'}`, canonicalRequest: answer.canonical, stringToSign: answer.stringToSign };
    }
    const req = applied.request;
    if (authActive && cred.scheme !== 'none') opts.onComputedHeaders?.(req.headers.filter((h) => COMPUTED.test(h.name) && !current.headers.some((c) => c.name === h.name && c.value === h.value)));
    const shown = { method: req.method, url: mask(req.url.href), headers: [{ name: 'Host', value: req.url.host }, ...Object.entries(flatHeaders(req)).map(([name, value]) => ({ name, value: mask(value) }))] };
    let res: NetResponse;
    try {
      if (remaining <= 0) throw new CertdeskError('TIMEOUT', `No complete answer within ${opts.timeoutMs} ms.`);
      const createConnection = opts.connection?.(req.url);
      res = await opts.net.request(req.url.href, {
        ...(createConnection ? { createConnection } : {}), method: req.method, headers: flatHeaders(req), ...(req.body.length ? { body: req.body } : {}), timeoutMs: remaining, maxBytes: BODY_READ_CAP, overflow: 'truncate', ...(opts.tls ? { tls: opts.tls } : {}), signal: opts.signal });
    } catch (err) {
      if (opts.signal.aborted) throw new CertdeskError('CANCELLED', 'The test was cancelled.');
      return failed(err, { cred, shown, hops, warnings, elapsed, opts, url: req.url, signing: applied.signing });
    }
    const rawHeaders = res.rawHeaders ?? [];
    const location = res.headers.location;
    if (res.status === 401 && authActive && cred.scheme === 'digest') {
      const challenge = pickDigestChallenge(challengesFrom(rawHeaders));
      const stale = challenge?.params['stale']?.toLowerCase() === 'true';
      if (challenge && (digest === null || (stale && !digest.staleRetried))) {
        hops.push({ method: req.method, url: shown.url, status: res.status, note: digest === null ? 'digest challenge received; answering it' : 'stale nonce; answering the new one' });
        digest = { challenge, nc: 1, staleRetried: digest !== null };
        continue;
      }
    }
    if (opts.followRedirects && res.status >= 300 && res.status < 400 && typeof location === 'string' && redirects < AUTH_MAX_REDIRECTS) {
      let next: URL;
      try {
        next = new URL(location, req.url);
      } catch {
        next = req.url;
      }
      if ((next.protocol === 'http:' || next.protocol === 'https:') && next.href !== req.url.href) {
        redirects++;
        next.hash = '';
        let note = `redirected to ${mask(next.href)}`;
        let headers = current.headers;
        if (next.origin !== origin) {
          if (authActive && cred.scheme !== 'none') warnings.push(`Redirected to another origin (${next.origin}): the credential, Authorization, cookies and credential query parameters were not sent there.`);
          authActive = false;
          headers = headers.filter((h) => !CROSS_ORIGIN_DROP.includes(h.name.toLowerCase()));
          for (const p of credentialQueryParams(cred)) next.searchParams.delete(p);
          note += ' (another origin: credential dropped)';
        }
        let method = current.method;
        let body = current.body;
        if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
          method = method === 'HEAD' ? 'HEAD' : 'GET';
          body = Buffer.alloc(0);
          headers = headers.filter((h) => !['content-type', 'content-length', 'content-md5'].includes(h.name.toLowerCase()));
        }
        hops.push({ method: req.method, url: shown.url, status: res.status, note });
        current = { method, url: next, headers, body };
        digest = null;
        continue;
      }
    }
    const verdict = verdictOf(res.status, cred.scheme, challengesFrom(rawHeaders));
    return {
      ...verdict,
      scheme: cred.scheme,
      status: res.status,
      timings: { ...(res.timings ?? {}), totalMs: Math.round(elapsed() * 10) / 10 },
      request: shown,
      response: describeResponse(res, mask),
      hops,
      ...(applied.signing ? { signing: { ...applied.signing, stringToSign: mask(applied.signing.stringToSign), ...(applied.signing.canonicalRequest ? { canonicalRequest: mask(applied.signing.canonicalRequest) } : {}) } } : {}),
      warnings,
    };
  }
  throw new CertdeskError('INTERNAL', 'The call went round too many times.');
}

interface FailContext {
  cred: CallCredential;
  shown: AuthTestResult['request'];
  hops: AuthTestResult['hops'];
  warnings: string[];
  elapsed: () => number;
  opts: ExchangeOptions;
  url: URL;
  signing: AuthSigning | undefined;
}

const TLS_CODE = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|HOSTNAME|ALTNAME|EPROTO|ERR_SSL|HANDSHAKE/i;

/** A call that got no answer: verdict `error`, with the TLS check's finding when the handshake failed. */
async function failed(err: unknown, c: FailContext): Promise<AuthTestResult> {
  if (!(err instanceof CertdeskError)) throw err;
  const cause = err.cause as NodeJS.ErrnoException | undefined;
  const code = cause?.code ?? '';
  const base = {
    verdict: 'error' as const,
    scheme: c.cred.scheme,
    status: null,
    timings: { totalMs: Math.round(c.elapsed() * 10) / 10 },
    request: c.shown,
    response: null,
    hops: c.hops,
    warnings: c.warnings,
    ...(c.signing ? { signing: c.signing } : {}),
  };
  if (err.cause instanceof TransportError) {
    const f = transportFinding(err.cause, c.url.host, c.opts.timeoutMs);
    return { ...base, summary: `No answer: ${f.message}`, error: { code: f.code, message: f.message } };
  }
  if (err.code === 'TIMEOUT') return { ...base, summary: `No answer: ${err.message}`, error: { code: 'timeout', message: err.message } };
  if (c.url.protocol === 'https:' && (TLS_CODE.test(code) || TLS_CODE.test(cause?.message ?? ''))) {
    const finding = await c.opts.tlsFinding(c.url, Math.max(1000, c.opts.timeoutMs - c.elapsed())).catch(() => undefined);
    const tls: Finding = finding && finding.severity === 'error' ? finding : { code: 'handshake-failure', severity: 'error', message: `The TLS connection failed: ${cause?.message ?? err.message}`, fix: 'Run the TLS check on this endpoint for the details.' };
    return { ...base, summary: `The TLS connection to ${c.url.host} failed before any credential was sent: ${tls.message} (run: certdesk tls check ${c.url.host})`, tls, error: { code: tls.code, message: tls.message } };
  }
  const kind =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'dns-failure'
    : code === 'ECONNREFUSED' ? 'connection-refused'
    : code === 'HPE_HEADER_OVERFLOW' ? 'response-too-large'
    : code.startsWith('HPE_') ? 'bad-response'
    : 'network-error';
  const message = kind === 'dns-failure' ? `The name ${c.url.hostname} could not be resolved (${code}).` : kind === 'connection-refused' ? `${c.url.host} refused the connection.` : err.message;
  return { ...base, summary: `No answer: ${message}`, error: { code: kind, message } };
}
