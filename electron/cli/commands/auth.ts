import { AUTH_RUN_CONCURRENCY, AUTH_TIMEOUT, type AuthCredentialInput, type AuthTestResult } from '../../../shared/contract/auth.js';
import type { TlsTrustInput } from '../../../shared/contract/tls.js';
import { CREDENTIAL_KINDS, isCredentialKind, kindField } from '../../../shared/credential-kinds.js';
import type { RequestBody, RequestHeader, RequestSpec } from '../../../shared/http-request.js';
import { escapeControl } from '../../../shared/text-safety.js';
import { flag, int, list, needSecret, str, target } from '../args.js';
import { type CommandContext, type Runner, usageError } from '../framework.js';
import { table } from './keystore-common.js';

/** `certdesk auth …`: test a credential against an endpoint, and the saved tests. */

const safe = (text: string): string => text.split('\n').map(escapeControl).join('\n');
const WORD = { authenticated: 'AUTHENTICATED', forbidden: 'FORBIDDEN', rejected: 'REJECTED', error: 'ERROR' } as const;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `--header 'Name: value'`, repeatable. */
function headersOf(ctx: CommandContext): RequestHeader[] {
  return list(ctx, 'header').map((h) => {
    const at = h.indexOf(':');
    const name = at > 0 ? h.slice(0, at).trim() : '';
    if (!name || /\s/.test(name)) throw usageError('--header takes "Name: value".');
    return { name, value: h.slice(at + 1).trim() };
  });
}

/** `--data @FILE | TEXT`, `--json @FILE | JSON`: one body at most. */
function bodyOf(ctx: CommandContext): RequestBody {
  const data = str(ctx, 'data');
  const json = str(ctx, 'json-body');
  if (data !== undefined && json !== undefined) throw usageError('Give --data or --json as the body, not both.');
  if (json !== undefined) return json.startsWith('@') ? { type: 'file', path: json.slice(1), contentType: 'application/json' } : { type: 'json', text: json };
  if (data !== undefined) return data.startsWith('@') ? { type: 'file', path: data.slice(1), contentType: 'application/x-www-form-urlencoded' } : { type: 'raw', text: data, contentType: 'application/x-www-form-urlencoded' };
  return { type: 'none' };
}

function requestOf(ctx: CommandContext): RequestSpec {
  const body = bodyOf(ctx);
  // As curl: a body makes the default method POST.
  const method = (str(ctx, 'method') ?? (body.type === 'none' ? 'GET' : 'POST')).toUpperCase();
  return { method, url: target(ctx), headers: headersOf(ctx), body };
}

/** `name=value` pairs of a repeatable option; the value is never repeated in a message. */
function pairs(ctx: CommandContext, option: string): Array<[string, string]> {
  return list(ctx, option).map((p) => {
    const at = p.indexOf('=');
    const name = at > 0 ? p.slice(0, at) : '';
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw usageError(`--${option} takes name=${option === 'field' ? 'value' : 'VAR'} (a field name, then =).`);
    return [name, p.slice(at + 1)];
  });
}

/** The vault credential by name, or the inline one from --scheme, --field and --secret-env. */
function credentialOf(ctx: CommandContext): AuthCredentialInput {
  const name = str(ctx, 'credential');
  const scheme = str(ctx, 'scheme');
  const fields = pairs(ctx, 'field');
  const secretEnv = pairs(ctx, 'secret-env');
  if (name !== undefined) {
    if (scheme !== undefined || fields.length || secretEnv.length) throw usageError('Give --credential NAME, or --scheme with --field / --secret-env, not both.');
    return { name };
  }
  if (scheme === undefined) throw usageError('Give --credential NAME (from the vault) or --scheme SCHEME (none, basic, bearer, digest, …).');
  if (scheme !== 'none' && (!isCredentialKind(scheme) || scheme === 'client-certificate' || scheme === 'keystore-password'))
    throw usageError(`Unknown scheme "${scheme}". Schemes: none, ${Object.keys(CREDENTIAL_KINDS).filter((k) => k !== 'client-certificate' && k !== 'keystore-password').join(', ')}.`);
  const out = { scheme, fields: {} as Record<string, string>, secrets: {} as Record<string, string>, allowedHosts: list(ctx, 'allowed-host') };
  for (const [field, value] of fields) {
    // A secret typed on the command line is already in the shell history; refuse it without repeating it.
    if (scheme !== 'none' && kindField(scheme, field)?.secret) throw usageError(`The field "${field}" is secret: give it with --secret-env ${field}=VAR, never as a plain value.`);
    out.fields[field] = value;
  }
  for (const [field, variable] of secretEnv) {
    if (!ENV_NAME.test(variable)) throw usageError(`--secret-env ${field}= takes an environment variable name.`);
    const value = ctx.io.env[variable];
    if (value === undefined || value === '') throw usageError(`The environment variable named for the field "${field}" is not set (or is empty).`);
    out.secrets[field] = value;
  }
  return out;
}

async function trustOf(ctx: CommandContext): Promise<TlsTrustInput> {
  const ca = list(ctx, 'ca');
  const store = str(ctx, 'truststore');
  if (ca.length && store) throw usageError('Give --ca files or a --truststore, not both.');
  if (store) return { kind: 'javaTrustStore', path: store, storePassword: await needSecret(ctx, 'storepass', 'Trust store password: ') };
  return ca.length ? { kind: 'caFiles', paths: ca } : { kind: 'bundled' };
}

/** The result for people: verdict, the request as sent, the answer, and (asked for) what was signed. */
export function resultText(r: AuthTestResult, show: { signing: boolean; curl: boolean; powershell: boolean }): string {
  const lines = [`${WORD[r.verdict]}  ${r.status ?? '—'}  ${r.scheme}  ${Math.round(r.timings.totalMs)} ms`, safe(r.summary)];
  if (r.tls?.fix) lines.push(`fix: ${safe(r.tls.fix)}`);
  for (const w of r.warnings) lines.push(`warning: ${safe(w)}`);
  for (const h of r.hops) lines.push(`  ${h.method} ${safe(h.url)} → ${h.status}: ${safe(h.note)}`);
  lines.push('', `> ${r.request.method} ${safe(r.request.url)}`, ...r.request.headers.map((h) => `> ${safe(h.name)}: ${safe(h.value)}`));
  if (r.response) {
    lines.push(`< ${r.response.status} ${safe(r.response.statusText)}`, ...r.response.headers.map((h) => `< ${h.name}: ${h.value}`));
    if (r.response.bodyPreview) lines.push('', r.response.bodyPreview + (r.response.truncated ? `\n… (${r.response.bodyBytes} bytes read; preview cut)` : ''));
  }
  if (r.signing && show.signing) {
    lines.push('', `signing: ${r.signing.scheme} (${r.signing.algorithm})`);
    if (r.signing.signedHeaders) lines.push(`signed headers: ${r.signing.signedHeaders.join(';')}`);
    if (r.signing.canonicalRequest !== undefined) lines.push('canonical request:', ...safe(r.signing.canonicalRequest).split('\n').map((l) => `  ${l}`));
    lines.push('string to sign:', ...safe(r.signing.stringToSign).split('\n').map((l) => `  ${l}`));
  }
  for (const [want, name, c] of [[show.curl, 'curl', r.commands?.curl], [show.powershell, 'PowerShell', r.commands?.powershell]] as const) {
    if (!want) continue;
    if (!c) {
      lines.push('', `No ${name} command could be written for this request.`);
      continue;
    }
    lines.push('', `${name}:`, c.command);
    if (c.env.length) lines.push(`set first: ${c.env.map((e) => `${e.name} (${e.field})`).join(', ')}`);
    for (const n of c.notes) lines.push(`note: ${n}`);
  }
  return lines.join('\n');
}

const exitOf = (verdict: AuthTestResult['verdict']): number => (verdict === 'authenticated' ? 0 : 1);

export const authTest: Runner<'auth.test'> = async (ctx) => {
  if (ctx.positionals.length > 1) throw usageError(`Unexpected argument: ${ctx.positionals[1] ?? ''}`);
  const pfx = str(ctx, 'client-pfx');
  const proxy = flag(ctx, 'no-proxy') ? 'none' : str(ctx, 'proxy');
  const r = await ctx.call(
    'auth.test',
    {
      request: requestOf(ctx),
      credential: credentialOf(ctx),
      trust: await trustOf(ctx),
      ...(pfx ? { clientCert: { pfxPath: pfx, password: await needSecret(ctx, 'client-pfx-password', 'Client .pfx password: ') } } : {}),
      ...(proxy ? { proxy } : {}),
      timeoutMs: int(ctx, 'timeout', AUTH_TIMEOUT.default, AUTH_TIMEOUT.min, AUTH_TIMEOUT.max),
      followRedirects: !flag(ctx, 'no-follow'),
      allowPlainHttp: flag(ctx, 'allow-plain-http'),
    },
    { progress: true },
  );
  return { value: r, text: resultText(r, { signing: flag(ctx, 'show-signing'), curl: flag(ctx, 'curl'), powershell: flag(ctx, 'powershell') }), exit: exitOf(r.verdict) };
};

export const authSave: Runner<'auth.saveTest'> = async (ctx) => {
  const [name, url] = ctx.positionals;
  if (!name || !url) throw usageError('Give the test a NAME and a URL.');
  const credentialName = str(ctx, 'credential');
  const ca = list(ctx, 'ca');
  const v = await ctx.call('auth.saveTest', {
    name,
    request: { ...requestOf({ ...ctx, positionals: [url] }) },
    credentialName: credentialName ?? null,
    trust: ca.length ? { kind: 'caFiles', paths: ca } : { kind: 'bundled' },
    timeoutMs: int(ctx, 'timeout', AUTH_TIMEOUT.default, AUTH_TIMEOUT.min, AUTH_TIMEOUT.max),
    followRedirects: !flag(ctx, 'no-follow'),
    allowPlainHttp: flag(ctx, 'allow-plain-http'),
    overwrite: flag(ctx, 'force'),
  });
  return { value: v, text: `saved test "${v.test.name}": ${v.test.request.method} ${safe(v.test.request.url)}${v.test.credentialName ? ` with ${v.test.credentialName}` : ' without a credential'}` };
};

export const authTests: Runner<'auth.listTests'> = async (ctx) => {
  const credentialName = str(ctx, 'credential');
  const v = await ctx.call('auth.listTests', credentialName ? { credentialName } : {});
  const rows = v.tests.map((t) => [safe(t.name), t.credentialName ?? '—', `${t.request.method} ${safe(t.request.url)}`, t.lastResult ? `${WORD[t.lastResult.verdict]} ${t.lastResult.status ?? ''}`.trim() : 'never run']);
  return { value: v, text: rows.length ? table(['NAME', 'CREDENTIAL', 'REQUEST', 'LAST RESULT'], rows) : 'No saved tests.' };
};

export const authRemove: Runner<'auth.removeTest'> = async (ctx) => {
  const v = await ctx.call('auth.removeTest', { name: target(ctx) });
  return { value: v, text: `removed test "${v.removed.name}"` };
};

export const authRunAll: Runner<'auth.runAll'> = async (ctx) => {
  const v = await ctx.call(
    'auth.runAll',
    { ...(ctx.positionals.length ? { names: ctx.positionals } : {}), concurrency: int(ctx, 'concurrency', AUTH_RUN_CONCURRENCY.default, AUTH_RUN_CONCURRENCY.min, AUTH_RUN_CONCURRENCY.max) },
    { progress: true },
  );
  const rows = v.rows.map((r) => [WORD[r.verdict], String(r.status ?? '—'), safe(r.name), safe(r.summary)]);
  const summary = `${v.rows.length} run: ${v.counts['authenticated'] ?? 0} authenticated, ${v.counts['forbidden'] ?? 0} forbidden, ${v.counts['rejected'] ?? 0} rejected, ${v.counts['error'] ?? 0} errors.`;
  return { value: v, text: v.rows.length ? `${table(['VERDICT', 'STATUS', 'TEST', 'SUMMARY'], rows)}\n\n${summary}` : 'No saved tests.', exit: v.rows.every((r) => r.verdict === 'authenticated') ? 0 : 1 };
};
