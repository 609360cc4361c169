/** The auth.* operations: one test call, saved tests, and "Test all". */
import type https from 'node:https';
import { performance } from 'node:perf_hooks';
import type { AuthRunRow, AuthTestResult, authOps, AuthVerdict, SavedAuthTest } from '../../../shared/contract/auth.js';
import type { TlsClientCertInput, TlsTrustInput } from '../../../shared/contract/tls.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { CoreInput, Handler } from '../handler.js';
import type { JobContext } from '../jobs.js';
import { checkTls } from '../tls/check.js';
import { clientCertFrom, proxyFrom, trustFrom } from '../tls/service-inputs.js';
import { parseTarget } from '../tls/target.js';
import { resolveTrust } from '../tls/trust.js';
import { type CallCredential, checkCredential, TOKEN_SCHEMES } from './credential.js';
import { runExchange } from './exchange.js';
import { outgoingRequest } from './request-body.js';
import { findTest, recordResults, saveTest, savedTests } from './saved-tests.js';
import { recordCredentialTest, vaultCredential } from './vault-link.js';

type AuthOpName = keyof typeof authOps;
export type AuthHandlers = { [N in AuthOpName]: Handler<N> };

type TestInput = CoreInput<'auth.test'>;

/** The credential of a call: the vault's by name, or the inline one (allowed: the URL's host unless listed). */
async function credentialOf(deps: CoreDeps, input: TestInput['credential'], url: string): Promise<CallCredential> {
  if ('name' in input) return vaultCredential(deps, input.name);
  let host = '';
  try {
    host = new URL(url).host;
  } catch {
    // the URL is checked (and refused in words) when the request is built
  }
  return { scheme: input.scheme, fields: input.fields, secrets: input.secrets, allowedHosts: input.allowedHosts.length ? input.allowedHosts : [host] };
}

/** TLS options of the call from the same inputs the TLS check takes. */
async function tlsOptions(deps: CoreDeps, trust: TlsTrustInput, clientCert: TlsClientCertInput | undefined): Promise<https.RequestOptions> {
  const ca = resolveTrust(await trustFrom(deps, trust)).ca;
  const cert = await clientCertFrom(deps, clientCert);
  const out: https.RequestOptions = {};
  if (ca) out.ca = ca;
  if (cert && 'pfx' in cert) Object.assign(out, { pfx: cert.pfx, passphrase: cert.password });
  if (cert && 'certPem' in cert) Object.assign(out, { cert: cert.certPem, key: cert.keyPem });
  return out;
}

/** One call, start to verdict; the vault credential's lastUsed/lastTest are written after it. */
export async function runAuthTest(deps: CoreDeps, input: TestInput, signal: AbortSignal): Promise<AuthTestResult> {
  const cred = await credentialOf(deps, input.credential, input.request.url);
  checkCredential(cred);
  if ((TOKEN_SCHEMES as readonly string[]).includes(cred.scheme))
    throw new CertdeskError('SCHEME_UNAVAILABLE', `Tests of ${cred.scheme} credentials need the OAuth token support, which is not part of this build yet.`);
  const request = await outgoingRequest(deps, input.request);
  const trust = await trustFrom(deps, input.trust);
  const tls = await tlsOptions(deps, input.trust, input.clientCert);
  const proxy = proxyFrom(input.proxy);
  if (proxy) throw new CertdeskError('VALIDATION_FAILED', 'Auth tests through an HTTP proxy are not supported yet.', 'Run the test from a machine with a direct route, or without --proxy.');
  const result = await runExchange(cred, request, {
    net: deps.net,
    now: () => deps.clock.now(),
    random: (n) => deps.random.bytes(n),
    timeoutMs: input.timeoutMs,
    followRedirects: input.followRedirects,
    allowPlainHttp: input.allowPlainHttp,
    tls,
    signal,
    tlsFinding: async (url, remainingMs) => {
      const clientCert = await clientCertFrom(deps, input.clientCert);
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
  if (cred.name) await recordCredentialTest(deps, cred.name, { at: deps.clock.now().toISOString(), verdict: result.verdict, summary: result.summary, url: result.request.url });
  return result;
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
async function runAll(deps: CoreDeps, tests: SavedAuthTest[], concurrency: number, ctx: JobContext): Promise<AuthRunRow[]> {
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
        const r = await runAuthTest(deps, inputOf(test), ctx.signal);
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
  return {
    'auth.test': async (input, ctx) => {
      ctx.progress(undefined, `Calling ${input.request.url}…`);
      const result = await runAuthTest(deps, input, ctx.signal);
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
      const rows = await runAll(deps, tests, input.concurrency, ctx);
      const counts = { authenticated: 0, forbidden: 0, rejected: 0, error: 0 };
      for (const r of rows) counts[r.verdict]++;
      return { rows, counts };
    },
  };
}
