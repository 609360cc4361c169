/** The auth.* operations: one test call, saved tests, and "Test all". */
import type https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { AuthRunRow, AuthTestResult, authOps, AuthVerdict, SavedAuthTest } from '../../../shared/contract/auth.js';
import { toCurl, toPowerShell } from '../../../shared/http-command.js';
import type { AuthSpec } from '../../../shared/http-request.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { CoreInput, Handler } from '../handler.js';
import type { JobContext } from '../jobs.js';
import { checkTls } from '../tls/check.js';
import { clientCertFrom, proxyFrom, trustFrom } from '../tls/service-inputs.js';
import { parseTarget } from '../tls/target.js';
import type { ClientCert } from '../tls/handshake.js';
import { resolveTrust, type TrustSource } from '../tls/trust.js';
import { type CallCredential, checkCredential, fieldOf } from './credential.js';
import { guardBeforeSending, runExchange } from './exchange.js';
import { type AcquiredToken, acquireToken, createTokenCache, TOKEN_KINDS, type TokenCache, TokenError, type TokenKind } from './oauth/index.js';
import { outgoingRequest, parseCallUrl } from './request-body.js';
import { findTest, recordResults, saveTest, savedTests } from './saved-tests.js';
import { recordCredentialTest, vaultCredential } from './vault-link.js';

type AuthOpName = keyof typeof authOps;
export type AuthHandlers = { [N in AuthOpName]: Handler<N> };

type TestInput = CoreInput<'auth.test'>;

/** The credential of a call: the vault's by name, or the inline one (allowed: the hosts of the URLs the person gave). */
async function credentialOf(deps: CoreDeps, input: TestInput['credential'], url: string): Promise<CallCredential & { id?: string }> {
  if ('name' in input) return vaultCredential(deps, input.name);
  const hosts = [url, ...TOKEN_URL_FIELDS.map((f) => input.fields[f] ?? '')].flatMap((u) => {
    try {
      return u ? [new URL(u).host] : [];
    } catch {
      // the URL is checked (and refused in words) when the request is built
      return [];
    }
  });
  return { scheme: input.scheme, fields: input.fields, secrets: input.secrets, allowedHosts: input.allowedHosts.length ? input.allowedHosts : hosts };
}

/** Fields of the token schemes naming where their secret goes first. */
const TOKEN_URL_FIELDS = ['tokenUrl', 'exchangeUrl', 'authUrl'] as const;

/** TLS options of the call from the same inputs the TLS check takes. */
async function tlsOptions(deps: CoreDeps, trust: TrustSource, clientCert: ClientCert | undefined): Promise<https.RequestOptions> {
  const ca = resolveTrust(trust).ca;
  const out: https.RequestOptions = {};
  if (ca) out.ca = ca;
  if (clientCert && 'pfx' in clientCert) Object.assign(out, { pfx: clientCert.pfx, passphrase: clientCert.password });
  if (clientCert && 'certPem' in clientCert) Object.assign(out, { cert: clientCert.certPem, key: clientCert.keyPem });
  return out;
}

/** An access token for the token schemes, its endpoints held to the same safety rules as the call. */
async function tokenFor(deps: CoreDeps, cache: TokenCache, cred: CallCredential & { id?: string }, input: TestInput, tls: https.RequestOptions, signal: AbortSignal): Promise<AcquiredToken> {
  for (const f of TOKEN_URL_FIELDS) {
    const u = fieldOf(cred, f);
    if (u) guardBeforeSending(cred, parseCallUrl(u), input.allowPlainHttp);
  }
  return acquireToken(
    { kind: cred.scheme as TokenKind, fields: cred.fields, secrets: cred.secrets, cacheKey: cred.id ?? `inline:${cred.scheme}:${fieldOf(cred, 'tokenUrl') || fieldOf(cred, 'exchangeUrl')}:${fieldOf(cred, 'clientId')}` },
    { net: deps.net, clock: deps.clock, openExternal: deps.openExternal, signal, cache, log: deps.log, tls, timeoutMs: input.timeoutMs },
  );
}

/** A token endpoint's refusal as the call's verdict: the credential never reached the API. */
function tokenFailure(err: TokenError, cred: CallCredential, url: string): AuthTestResult {
  const hops = err.steps.map((s) => ({ method: s.request.method, url: s.request.url, status: s.status, note: `${s.what}${s.note ? `: ${s.note}` : ''}` }));
  return {
    verdict: err.code === 'TOKEN_REJECTED' ? 'rejected' : 'error',
    summary: `${err.code === 'TOKEN_REJECTED' ? 'Rejected at the token endpoint' : 'No access token'}: ${err.message} ${err.hint}`.trim(),
    scheme: cred.scheme,
    status: err.status ?? null,
    timings: { totalMs: err.steps.reduce((t, s) => t + s.ms, 0) },
    request: { method: 'GET', url, headers: [] },
    response: null,
    hops,
    ...(err.code === 'TOKEN_REJECTED' ? { challenge: { challenges: [], explanation: `The token endpoint refused the client${err.serverError ? ` (${err.serverError})` : ''}: ${err.message}` } } : {}),
    error: { code: err.code.toLowerCase().replace(/_/g, '-'), message: err.message },
    warnings: [],
  };
}

/** Copy as curl / PowerShell of the request the person composed, secrets from the environment. */
function copyCommands(request: TestInput['request'], cred: CallCredential, computedHeaders: Array<{ name: string; value: string }>): AuthTestResult['commands'] {
  const auth = { scheme: cred.scheme as AuthSpec['scheme'], fields: cred.fields };
  const opts = { computedHeaders, presentSecrets: Object.keys(cred.secrets) };
  try {
    return { curl: toCurl(request, auth, opts), powershell: toPowerShell(request, auth, opts) };
  } catch {
    return undefined;
  }
}

/** One call, start to verdict; the vault credential's lastUsed/lastTest are written after it. */
export async function runAuthTest(deps: CoreDeps, cache: TokenCache, input: TestInput, signal: AbortSignal): Promise<AuthTestResult> {
  const cred = await credentialOf(deps, input.credential, input.request.url);
  checkCredential(cred);
  const request = await outgoingRequest(deps, input.request);
  const proxy = proxyFrom(input.proxy);
  if (proxy) throw new CertdeskError('VALIDATION_FAILED', 'Auth tests through an HTTP proxy are not supported yet.', 'Run the test from a machine with a direct route, or without --proxy.');
  // Before anything leaves (a token request included): the call's own host and transport.
  guardBeforeSending(cred, request.url, input.allowPlainHttp);
  const trust = await trustFrom(deps, input.trust);
  const clientCert = await clientCertFrom(deps, input.clientCert);
  const tls = await tlsOptions(deps, trust, clientCert);
  let token: AcquiredToken | undefined;
  if ((TOKEN_KINDS as readonly string[]).includes(cred.scheme)) {
    try {
      token = await tokenFor(deps, cache, cred, input, tls, signal);
    } catch (err) {
      if (!(err instanceof TokenError)) throw err;
      const failed = tokenFailure(err, cred, request.url.href);
      await record(deps, cred, failed);
      return failed;
    }
  }
  let computed: Array<{ name: string; value: string }> = [];
  const result = await runExchange(cred, request, {
    net: deps.net,
    now: () => deps.clock.now(),
    random: (n) => deps.random.bytes(n),
    timeoutMs: input.timeoutMs,
    followRedirects: input.followRedirects,
    allowPlainHttp: input.allowPlainHttp,
    tls,
    signal,
    ...(token ? { token: token.accessToken } : {}),
    onComputedHeaders: (h) => (computed = h),
    tlsFinding: async (url, remainingMs) => {
      const check = await checkTls(parseTarget(`${url.hostname.includes(':') ? `[${url.hostname}]` : url.hostname}:${url.port || 443}`), {
        trust,
        timeoutMs: Math.min(remainingMs, 10_000),
        ...(clientCert ? { clientCert } : {}),
        env: deps.env,
        signal,
        now: deps.clock.now(),
      });
      return check.findings[0];
    },
  });
  const commands = copyCommands(input.request, cred, computed);
  const out: AuthTestResult = { ...result, ...(commands ? { commands } : {}), ...(token ? { token: { source: token.source, expiresAt: token.expiresAt, ...(token.scope !== undefined ? { scope: token.scope } : {}) } } : {}) };
  await record(deps, cred, out);
  return out;
}

/** The outcome as the vault credential's last test (nothing for an inline credential). */
async function record(deps: CoreDeps, cred: CallCredential & { id?: string }, r: AuthTestResult): Promise<void> {
  if (cred.id) await recordCredentialTest(deps, cred.id, { at: deps.clock.now().toISOString(), verdict: r.verdict, summary: r.summary, url: r.request.url });
}

/** A saved test as a test call's input. */
function inputOf(test: SavedAuthTest): TestInput {
  return {
    request: test.request,
    credential: test.credentialName ? { name: test.credentialName } : { scheme: 'none', fields: {}, secrets: {}, allowedHosts: [] },
    trust: test.trust,
    timeoutMs: test.timeoutMs,
    followRedirects: test.followRedirects,
    allowPlainHttp: test.allowPlainHttp,
    ...(test.proxy ? { proxy: test.proxy } : {}),
  };
}

/** Runs saved tests with at most `concurrency` at once; each row goes to the job as it ends. */
async function runAll(deps: CoreDeps, cache: TokenCache, tests: SavedAuthTest[], concurrency: number, ctx: JobContext): Promise<AuthRunRow[]> {
  const rows: AuthRunRow[] = [];
  const results = new Map<string, NonNullable<SavedAuthTest['lastResult']>>();
  let next = 0;
  ctx.progress(tests.length ? 0 : 1, `Running ${tests.length} test${tests.length === 1 ? '' : 's'}…`);
  const worker = async (): Promise<void> => {
    while (next < tests.length && !ctx.signal.aborted) {
      const test = tests[next++];
      if (!test) return;
      const started = performance.now();
      let verdict: AuthVerdict;
      let status: number | null = null;
      let summary: string;
      try {
        const r = await runAuthTest(deps, cache, inputOf(test), ctx.signal);
        ({ verdict, status, summary } = r);
      } catch (err) {
        if (ctx.signal.aborted) return;
        verdict = 'error';
        summary = err instanceof CertdeskError ? err.message : 'The test failed unexpectedly.';
      }
      const row: AuthRunRow = { name: test.name, credentialName: test.credentialName, url: test.request.url, verdict, status, summary, totalMs: Math.round(performance.now() - started) };
      rows.push(row);
      results.set(test.name, { at: deps.clock.now().toISOString(), verdict, status, summary });
      ctx.item(test.name, row);
      ctx.progress(rows.length / tests.length, `${rows.length} of ${tests.length} tested`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(tests.length, 1)) }, worker));
  // What finished is kept even when the run was cancelled.
  await recordResults(deps, results);
  ctx.throwIfCancelled();
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}

/** The auth.* handlers, bound to the core's dependencies. */
export function authHandlers(deps: CoreDeps): AuthHandlers {
  // One token cache per process: access tokens in memory, refresh tokens in the keychain.
  const cache = createTokenCache(deps.keychain, (s) => deps.log.addSecret(s));
  return {
    'auth.test': async (input, ctx) => {
      ctx.progress(undefined, `Calling ${input.request.url}…`);
      const result = await runAuthTest(deps, cache, input, ctx.signal);
      ctx.throwIfCancelled();
      return result;
    },
    'auth.saveTest': async (input) => {
      const now = deps.clock.now().toISOString();
      const { overwrite, credentialName, proxy, ...rest } = input;
      const test: SavedAuthTest = { ...rest, credentialName, ...(proxy ? { proxy } : {}), created: now, updated: now, lastResult: null };
      return { test: await saveTest(deps, test, overwrite) };
    },
    'auth.listTests': async (input) => {
      const { records } = await savedTests(deps).read();
      return { tests: input.credentialName ? records.filter((t) => t.credentialName === input.credentialName) : records };
    },
    'auth.removeTest': async (input) => {
      const { value } = await savedTests(deps).update((records) => {
        const found = findTest(records, input.name);
        return { records: records.filter((t) => t !== found), value: found };
      });
      return { removed: value };
    },
    'auth.runAll': async (input, ctx) => {
      const { records } = await savedTests(deps).read();
      const tests = input.names ? input.names.map((n) => findTest(records, n)) : records;
      const rows = await runAll(deps, cache, tests, input.concurrency, ctx);
      const counts = { authenticated: 0, forbidden: 0, rejected: 0, error: 0 };
      for (const r of rows) counts[r.verdict]++;
      return { rows, counts };
    },
  };
}
