/**
 * A request as a command line, and back: "copy as curl", "copy as PowerShell" and "paste a curl
 * command to fill the form".
 *
 * Commands never hold a secret: each secret field is read from an environment variable (listed in
 * the result's `env`, so the UI and the CLI can say "set these first"), and every value that came
 * from a person or a server is quoted so the shell takes it as data (POSIX single quotes for curl,
 * PowerShell single quotes — with the typographic quotes PowerShell also honours — for PowerShell).
 * Where curl cannot speak the scheme (hmac-header, hmac-body, and digest with SHA-512-256 or auth-int,
 * which curl 7.88 gets wrong), the command carries the headers the engine computed for one request,
 * and a note says they are valid only briefly.
 *
 * The parser reads one curl command with a shell-word tokenizer (quotes, `$'…'`, backslashes, line
 * continuations), never runs anything, and takes secrets out of the request: they are returned in
 * `secretsFound` (for the UI to offer to store) and never appear in notes.
 */
import { escapeControl } from './text-safety.js';
import type { CredentialKind } from './credential-kinds.js';
import type { AuthSpec, FormField, RequestBody, RequestHeader, RequestSpec } from './http-request.js';

// ---------------------------------------------------------------------------------------------
// Shared vocabulary

/** An environment variable a command reads, and the credential field it stands for. */
export interface CommandEnvVar {
  name: string;
  field: string;
}

export interface CommandResult {
  command: string;
  /** Plain sentences for the person (never a secret). */
  notes: string[];
  /** The environment variables to set before running the command, in the order they appear. */
  env: CommandEnvVar[];
}

export interface CommandOptions {
  /** The auth headers the engine computed for one request (hmac, digest curl cannot sign, sigv4 for PowerShell). */
  computedHeaders?: RequestHeader[];
  /** Prefix of the environment variables (default `CERTDESK_`); AWS keys use AWS's own names. */
  envPrefix?: string;
  /** The optional secret fields the credential holds (e.g. `sessionToken` for aws-sigv4). */
  presentSecrets?: readonly string[];
}

const DEFAULT_ENV_PREFIX = 'CERTDESK_';
const ENV_PREFIX_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;
const TOKEN_RE = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// eslint-disable-next-line no-control-regex -- a header value may not hold line breaks or NUL
const BAD_VALUE_RE = /[\r\n\u0000]/;

/** The Content-Type a body implies when no Content-Type header is given (the engine sends the same). */
export function impliedContentType(body: RequestBody): string | undefined {
  switch (body.type) {
    case 'none':
      return undefined;
    case 'json':
      return 'application/json';
    case 'form':
      return 'application/x-www-form-urlencoded';
    case 'raw':
      return body.contentType ?? 'text/plain;charset=UTF-8';
    case 'file':
      return body.contentType ?? 'application/octet-stream';
  }
}

/** RFC 3986 percent-encoding of everything but the unreserved characters (curl's and SigV4's encoding). */
export function encodeStrict(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** A form body as sent: `name=value` pairs, strictly percent-encoded, joined with `&`. */
export function encodeForm(fields: readonly FormField[]): string {
  return fields.map((f) => `${encodeStrict(f.name)}=${encodeStrict(f.value)}`).join('&');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The URL with its query in SigV4's canonical form: each name and value decoded (`+` as a space) and
 * strictly re-encoded, sorted by name then value. curl 7.88 signs the query as written, so a command
 * must send it already canonical for the server's signature to match.
 */
export function sortedQueryUrl(url: string): string {
  const u = new URL(url);
  if (u.search.length <= 1) return u.href;
  const pairs = u.search
    .slice(1)
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      const name = eq < 0 ? p : p.slice(0, eq);
      const value = eq < 0 ? '' : p.slice(eq + 1);
      return [encodeStrict(safeDecode(name.replace(/\+/g, ' '))), encodeStrict(safeDecode(value.replace(/\+/g, ' ')))] as const;
    })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  u.search = pairs.map(([n, v]) => `${n}=${v}`).join('&');
  return u.href;
}

// ---------------------------------------------------------------------------------------------
// The plan both command writers render

/** A value made of literal text and environment variable references. */
type Part = { text: string } | { env: string };

interface PlanHeader {
  name: string;
  value: Part[];
}

type PlanAuth =
  | { kind: 'none' }
  | { kind: 'basic'; user: Part[]; password: Part[] }
  | { kind: 'digest'; user: string; password: Part[] }
  | { kind: 'oauth2-bearer'; token: string }
  | { kind: 'sigv4'; region: string; service: string; accessKeyId: string; secret: string };

interface Plan {
  method: string;
  url: string;
  /** Secret query parameters, appended (encoded) after the URL's own query. */
  querySecrets: Array<{ name: string; env: string }>;
  headers: PlanHeader[];
  body: RequestBody;
  contentType: string | undefined;
  auth: PlanAuth;
  /** True when the computed headers stand in for a scheme the tool cannot do itself. */
  usesComputed: boolean;
  notes: string[];
  env: CommandEnvVar[];
}

const lower = (s: string): string => s.toLowerCase();

function field(auth: AuthSpec, name: string, fallback = ''): string {
  const v = auth.fields[name];
  return v === undefined || v === '' ? fallback : v;
}

/** The env var names each secret field is read from (AWS keys use AWS's own names). */
function envName(prefix: string, scheme: AuthSpec['scheme'], fieldName: string): string {
  if (scheme === 'aws-sigv4') return fieldName === 'sessionToken' ? 'AWS_SESSION_TOKEN' : 'AWS_SECRET_ACCESS_KEY';
  if (scheme === 'api-key' && fieldName === 'value') return `${prefix}API_KEY`;
  return prefix + fieldName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

function digestHint(auth: AuthSpec, computed: readonly RequestHeader[]): { algorithm?: string; qop?: string } {
  const h = computed.find((x) => lower(x.name) === 'authorization' && /^digest\s/i.test(x.value));
  const param = (name: string): string | undefined => {
    const m = h ? new RegExp(`(?:^|[\\s,])${name}="?([^",\\s]+)"?`, 'i').exec(h.value.slice(7)) : null;
    return m?.[1] ?? (auth.fields[name] || undefined);
  };
  const out: { algorithm?: string; qop?: string } = {};
  const algorithm = param('algorithm');
  const qop = param('qop');
  if (algorithm) out.algorithm = algorithm;
  if (qop) out.qop = qop;
  return out;
}

function plan(request: RequestSpec, auth: AuthSpec, opts: CommandOptions, tool: 'curl' | 'powershell'): Plan {
  const prefix = opts.envPrefix ?? DEFAULT_ENV_PREFIX;
  if (!ENV_PREFIX_RE.test(prefix)) throw new Error('The environment variable prefix may hold only letters, digits and _.');
  let parsed: URL;
  try {
    parsed = new URL(request.url);
  } catch {
    throw new Error('The request URL is not a valid URL.');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('The request URL must start with http:// or https://.');
  const method = request.method.trim().toUpperCase() || 'GET';
  if (!TOKEN_RE.test(method)) throw new Error('The request method is not a valid HTTP method name.');

  const notes: string[] = [];
  const env: CommandEnvVar[] = [];
  const useEnv = (fieldName: string): string => {
    const name = envName(prefix, auth.scheme, fieldName);
    if (!env.some((e) => e.name === name)) env.push({ name, field: fieldName });
    return name;
  };
  const computed = opts.computedHeaders ?? [];
  const extra: PlanHeader[] = [];
  const querySecrets: Plan['querySecrets'] = [];
  let planAuth: PlanAuth = { kind: 'none' };
  let usesComputed = false;
  let url = parsed.href;

  const useComputed = (why: string): void => {
    usesComputed = true;
    if (computed.length === 0) {
      notes.push(`${why} Send the request once in Certdesk to get the signed headers; this command has none.`);
      return;
    }
    notes.push(`${why} The command carries the headers Certdesk computed for one request: they are valid only briefly (the date, nonce or signature expires), so copy the command again before each use.`);
    const sep = field(auth, 'tokenSeparator', ':');
    for (const h of computed) {
      const n = lower(h.name);
      if (n === 'authorization' && /^hmac /i.test(h.value) && (auth.scheme === 'hmac-header' || auth.scheme === 'hmac-body')) {
        // "hmac <token><sep><signature>": the token is a secret, read it from the environment.
        const rest = h.value.slice(5);
        const at = rest.lastIndexOf(sep);
        if (at > 0) {
          extra.push({ name: h.name, value: [{ text: h.value.slice(0, 5) }, { env: useEnv('token') }, { text: rest.slice(at) }] });
          continue;
        }
      }
      if (n === 'x-amz-security-token') {
        extra.push({ name: h.name, value: [{ env: useEnv('sessionToken') }] });
        continue;
      }
      extra.push({ name: h.name, value: [{ text: h.value }] });
    }
  };

  switch (auth.scheme) {
    case 'none':
      break;
    case 'basic':
      planAuth = { kind: 'basic', user: [{ text: field(auth, 'user') }], password: [{ env: useEnv('password') }] };
      break;
    case 'api-key-and-secret':
      planAuth = { kind: 'basic', user: [{ env: useEnv('key') }], password: [{ env: useEnv('secret') }] };
      break;
    case 'bearer':
      extra.push({ name: 'Authorization', value: [{ text: 'Bearer ' }, { env: useEnv('token') }] });
      break;
    case 'api-key': {
      const name = field(auth, 'name', 'X-API-Key');
      if (field(auth, 'in', 'header') === 'query') querySecrets.push({ name, env: useEnv('value') });
      else extra.push({ name, value: [{ env: useEnv('value') }] });
      break;
    }
    case 'url-token':
      querySecrets.push({ name: field(auth, 'param', 'token'), env: useEnv('token') });
      break;
    case 'digest': {
      const hint = digestHint(auth, computed);
      const alg = (hint.algorithm ?? '').toUpperCase();
      const why = alg.startsWith('SHA-512-256')
        ? `curl 7.88 signs Digest ${alg} wrongly.`
        : hint.qop?.split(/\s*,\s*/).every((q) => lower(q) === 'auth-int')
          ? 'curl 7.88 hashes an empty body for Digest qop auth-int.'
          : undefined;
      if (why && computed.some((h) => lower(h.name) === 'authorization')) {
        useComputed(why);
      } else {
        planAuth = { kind: 'digest', user: field(auth, 'user'), password: [{ env: useEnv('password') }] };
        if (why) notes.push(`${why} Send the request once in Certdesk to get a computed Authorization header instead.`);
        else if (!hint.algorithm)
          notes.push(
            tool === 'curl'
              ? "curl answers the server's Digest challenge itself (MD5, SHA-256 and their -sess forms); curl 7.88 gets SHA-512-256 and qop auth-int wrong."
              : "PowerShell answers the server's Digest challenge through -Credential (.NET supports MD5; other algorithms may fail).",
          );
        else if (tool === 'powershell' && !alg.startsWith('MD5')) notes.push(`.NET may not support Digest ${alg}; if the call is rejected, send it once in Certdesk and copy again.`);
      }
      break;
    }
    case 'hmac-header':
    case 'hmac-body':
      useComputed(`${tool === 'curl' ? 'curl' : 'PowerShell'} cannot compute the ${auth.scheme} signature.`);
      break;
    case 'aws-sigv4': {
      if (tool === 'powershell') {
        useComputed('PowerShell cannot sign AWS Signature v4 by itself (the AWS Tools for PowerShell can).');
        break;
      }
      const region = field(auth, 'region');
      const service = field(auth, 'service');
      planAuth = { kind: 'sigv4', region, service, accessKeyId: field(auth, 'accessKeyId'), secret: useEnv('secretAccessKey') };
      if (opts.presentSecrets?.includes('sessionToken')) extra.push({ name: 'x-amz-security-token', value: [{ env: useEnv('sessionToken') }] });
      const sorted = sortedQueryUrl(url);
      if (sorted !== url) notes.push('The query is written in sorted, canonical form: curl 7.88 signs it as written and does not sort it.');
      url = sorted;
      if (!region || !service) notes.push('Without a region and service, curl guesses them from the host name.');
      break;
    }
    case 'oauth2-client-credentials':
    case 'oauth2-authorization-code':
    case 'api-token-exchange': {
      const name = useEnv('accessToken');
      notes.push(`${tool === 'curl' ? 'curl' : 'PowerShell'} cannot fetch the access token itself: set ${name} to an access token first (Certdesk shows the one it used; it expires).`);
      if (tool === 'curl') planAuth = { kind: 'oauth2-bearer', token: name };
      else extra.push({ name: 'Authorization', value: [{ text: 'Bearer ' }, { env: name }] });
      break;
    }
    case 'client-certificate':
    case 'keystore-password':
      notes.push(`A ${auth.scheme} credential is not an HTTP auth scheme; the command sends no credential.`);
      break;
    default: {
      const never: never = auth.scheme;
      throw new Error(`Unknown scheme ${String(never)}.`);
    }
  }
  if (querySecrets.length > 0 && tool === 'curl') notes.push('The secret query parameter is added with --url-query (curl 7.87 or later), which encodes it.');

  // Headers: the request's, then the scheme's (a scheme header replaces a same-named request header).
  const headers: PlanHeader[] = [];
  const dropped: string[] = [];
  const replaced = new Set(extra.map((h) => lower(h.name)));
  for (const h of request.headers) {
    if (replaced.has(lower(h.name))) continue;
    if (!TOKEN_RE.test(h.name) || BAD_VALUE_RE.test(h.value)) {
      dropped.push(escapeControl(h.name).slice(0, 80) || '(empty name)');
      continue;
    }
    headers.push({ name: h.name, value: [{ text: h.value }] });
  }
  for (const h of extra) {
    const bad = !TOKEN_RE.test(h.name) || h.value.some((p) => 'text' in p && BAD_VALUE_RE.test(p.text));
    if (bad) dropped.push(escapeControl(h.name).slice(0, 80) || '(empty name)');
    else headers.push(h);
  }
  for (const q of querySecrets) if (q.name === '') dropped.push('(empty query parameter name)');
  if (dropped.length > 0) notes.push(`Left out (not a valid header name, or a value with a line break): ${dropped.join(', ')}.`);

  let contentType: string | undefined;
  if (request.body.type !== 'none' && !headers.some((h) => lower(h.name) === 'content-type')) {
    const ct = impliedContentType(request.body);
    if (ct !== undefined && !BAD_VALUE_RE.test(ct)) contentType = ct;
  }
  let body = request.body;
  if ((body.type === 'json' || body.type === 'raw') && body.text.includes('\u0000')) {
    body = { ...body, text: body.text.split('\u0000').join('') };
    notes.push('The body holds NUL characters, which a command line cannot carry: they are left out.');
  }
  if (body.type === 'file' && body.path.includes('\u0000')) throw new Error('The body file path holds a NUL character.');

  return { method, url, querySecrets: querySecrets.filter((q) => q.name !== ''), headers, body, contentType, auth: planAuth, usesComputed, notes, env };
}

// ---------------------------------------------------------------------------------------------
// curl

/** One POSIX shell word holding exactly `text` (single quotes; a quote is written '\''). */
export function shQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

// Characters that mean nothing special inside double quotes (no $, `, ", \ or history !).
const DQ_SAFE = /^[^$`"\\!]*$/;

/** Adjacent text parts joined, empty ones dropped. */
function joinText(parts: readonly Part[]): Part[] {
  const out: Part[] = [];
  for (const p of parts) {
    const last = out[out.length - 1];
    if ('text' in p && p.text === '') continue;
    if ('text' in p && last && 'text' in last) out[out.length - 1] = { text: last.text + p.text };
    else out.push(p);
  }
  return out;
}

/** Shell text for parts: literal text quoted, `$VAR` references expanded inside double quotes. */
function shParts(input: readonly Part[]): string {
  const parts = joinText(input);
  if (parts.length === 0) return "''";
  const merged = parts.every((p) => !('text' in p) || DQ_SAFE.test(p.text));
  let out = '';
  parts.forEach((p, i) => {
    if ('text' in p) {
      out += merged ? p.text : shQuote(p.text);
      return;
    }
    const next = parts[i + 1];
    const ref = next && 'text' in next && /^[A-Za-z0-9_]/.test(next.text) ? `\${${p.env}}` : `$${p.env}`;
    out += merged ? ref : `"${ref}"`;
  });
  return merged ? `"${out}"` : out;
}

function headerArg(h: PlanHeader): string {
  const empty = h.value.every((p) => 'text' in p && p.text === '');
  // curl drops a header given as "Name:"; "Name;" sends it with an empty value.
  return empty ? shQuote(`${h.name};`) : shParts([{ text: `${h.name}: ` }, ...h.value]);
}

function dataArg(text: string): string[] {
  // --data-binary reads a file when the text starts with @; --data-raw never does.
  return [text.startsWith('@') ? '--data-raw' : '--data-binary', shQuote(text)];
}

/** The request as a curl command for POSIX shells (sh, bash, zsh); secrets come from the environment. */
export function toCurl(request: RequestSpec, auth: AuthSpec, opts: CommandOptions = {}): CommandResult {
  const p = plan(request, auth, opts, 'curl');
  const args: string[] = ['curl'];
  const hasBody = p.body.type !== 'none';
  if (p.method === 'HEAD' && !hasBody) args.push('-I');
  else if (p.method !== (hasBody ? 'POST' : 'GET')) args.push('-X', shQuote(p.method));
  if (/[[\]{}]/.test(p.url)) args.push('-g');
  args.push(shQuote(p.url));
  for (const q of p.querySecrets) args.push('--url-query', shParts([{ text: `${encodeStrict(q.name)}=` }, { env: q.env }]));
  switch (p.auth.kind) {
    case 'none':
      break;
    case 'basic':
      args.push('-u', shParts([...p.auth.user, { text: ':' }, ...p.auth.password]));
      break;
    case 'digest':
      args.push('--digest', '-u', shParts([{ text: `${p.auth.user}:` }, ...p.auth.password]));
      break;
    case 'oauth2-bearer':
      args.push('--oauth2-bearer', shParts([{ env: p.auth.token }]));
      break;
    case 'sigv4':
      args.push('--aws-sigv4', shQuote(`aws:amz${p.auth.region || p.auth.service ? `:${p.auth.region}` : ''}${p.auth.service ? `:${p.auth.service}` : ''}`));
      args.push('--user', shParts([{ text: `${p.auth.accessKeyId}:` }, { env: p.auth.secret }]));
      break;
  }
  for (const h of p.headers) args.push('-H', headerArg(h));
  if (p.contentType !== undefined) args.push('-H', shQuote(`Content-Type: ${p.contentType}`));
  const body = p.body;
  switch (body.type) {
    case 'none':
      break;
    case 'json':
    case 'raw':
      args.push(...dataArg(body.text));
      break;
    case 'form':
      if (body.fields.length === 0) args.push('--data-binary', "''");
      for (const f of body.fields) {
        // curl encodes the part after "=" and takes the name as already encoded.
        if (f.name === '') args.push(...dataArg(`=${encodeStrict(f.value)}`));
        else args.push('--data-urlencode', shQuote(`${encodeStrict(f.name)}=${f.value}`));
      }
      break;
    case 'file':
      args.push('--data-binary', shQuote(`@${body.path}`));
      break;
  }
  return { command: args.join(' '), notes: p.notes, env: p.env };
}

// ---------------------------------------------------------------------------------------------
// PowerShell

/** One PowerShell single-quoted string holding exactly `text` (PowerShell also ends strings at ‘ ’ ‚ ‛). */
export function psQuote(text: string): string {
  return `'${text.split('\u0000').join('').replace(/['\u2018\u2019\u201a\u201b]/g, (c) => c + c)}'`;
}

function psParts(parts: readonly Part[]): string {
  const items = joinText(parts).map((p) => ('text' in p ? psQuote(p.text) : `$env:${p.env}`));
  if (items.length === 0) return "''";
  return items.length === 1 ? (items[0] as string) : `(${items.join(' + ')})`;
}

const PS_METHODS = new Set(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'MERGE']);

/** The request as a PowerShell `Invoke-WebRequest` command; secrets come from `$env:` variables. */
export function toPowerShell(request: RequestSpec, auth: AuthSpec, opts: CommandOptions = {}): CommandResult {
  const p = plan(request, auth, opts, 'powershell');
  const args: string[] = ['Invoke-WebRequest'];
  if (PS_METHODS.has(p.method)) args.push('-Method', psQuote(p.method));
  else {
    args.push('-CustomMethod', psQuote(p.method));
    p.notes.push('-CustomMethod needs PowerShell 6 or later.');
  }
  let uri = psQuote(p.url);
  if (p.querySecrets.length > 0) {
    const pieces: string[] = [psQuote(p.url)];
    p.querySecrets.forEach((q, i) => {
      const sep = i === 0 && !new URL(p.url).search ? '?' : '&';
      pieces.push(psQuote(`${sep}${encodeStrict(q.name)}=`), `[Uri]::EscapeDataString($env:${q.env})`);
    });
    uri = `(${pieces.join(' + ')})`;
  }
  args.push('-Uri', uri);

  // A hashtable's keys are case-insensitive: same-named headers are joined with ", ".
  const entries: Array<{ name: string; values: string[] }> = [];
  let contentType = p.contentType !== undefined ? psQuote(p.contentType) : undefined;
  const add = (name: string, value: string): void => {
    const e = entries.find((x) => lower(x.name) === lower(name));
    if (e) e.values.push(value);
    else entries.push({ name, values: [value] });
  };
  for (const h of p.headers) {
    if (lower(h.name) === 'content-type' && contentType === undefined) contentType = psParts(h.value);
    else add(h.name, psParts(h.value));
  }
  if (p.auth.kind === 'basic') {
    const pair = psParts([...p.auth.user, { text: ':' }, ...p.auth.password]);
    add('Authorization', `('Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes(${pair})))`);
  }
  if (entries.length > 0) {
    const items = entries.map((e) => `${psQuote(e.name)} = ${e.values.length === 1 ? e.values[0] : `(${e.values.join(" + ', ' + ")})`}`);
    args.push('-Headers', `@{ ${items.join('; ')} }`);
  }
  if (p.auth.kind === 'digest') {
    args.push('-Credential', `(New-Object System.Management.Automation.PSCredential(${psQuote(p.auth.user)}, (ConvertTo-SecureString ${psParts(p.auth.password)} -AsPlainText -Force)))`);
    if (p.url.startsWith('http:')) p.notes.push('PowerShell 7 refuses credentials over http:// unless -AllowUnencryptedAuthentication is added.');
  }
  if (contentType !== undefined) args.push('-ContentType', contentType);
  const body = p.body;
  const textBody = (text: string): string =>
    // Windows PowerShell 5.1 sends a string body as ISO-8859-1: give non-ASCII text as UTF-8 bytes.
    !/[^\x20-\x7e\t\n\r]/.test(text) ? psQuote(text) : `([Text.Encoding]::UTF8.GetBytes(${psQuote(text)}))`;
  switch (body.type) {
    case 'none':
      break;
    case 'json':
    case 'raw':
      args.push('-Body', textBody(body.text));
      break;
    case 'form':
      args.push('-Body', psQuote(encodeForm(body.fields)));
      break;
    case 'file':
      args.push('-InFile', psQuote(body.path));
      break;
  }
  return { command: args.join(' '), notes: p.notes, env: p.env };
}

// ---------------------------------------------------------------------------------------------
// Parsing a pasted curl command

export const PARSE_CURL_MAX_CHARS = 64 * 1024;
export const PARSE_CURL_MAX_WORDS = 4000;

export interface SecretFound {
  /** The credential field the secret belongs to (`password`, `token`, `value` …). */
  field: string;
  /** Where it was in the command (`-u`, `Authorization header` …). */
  where: string;
  /** The secret itself, for the UI to offer to store; never shown in notes. */
  value: string;
}

export type ParseCurlResult =
  | { ok: true; request: RequestSpec; auth: AuthSpec; secretsFound: SecretFound[]; notes: string[] }
  | { ok: false; error: string };

// An environment variable reference ($NAME or ${NAME}) is kept as U+E000 NAME U+E001 (private-use
// characters the parser refuses in its input).
const ENV_MARK = /\uE000([A-Za-z_][A-Za-z0-9_]*)\uE001/g;
const envMark = (name: string): string => `\uE000${name}\uE001`;
/** The variable's name when the text is exactly one reference. */
function envOnly(text: string): string | undefined {
  const m = /^\uE000([A-Za-z_][A-Za-z0-9_]*)\uE001$/.exec(text);
  return m?.[1];
}
const unmark = (text: string): string => text.replace(ENV_MARK, (_m, n: string) => `$${n}`);

type Words = { ok: true; words: string[]; substitution: boolean } | { ok: false; error: string };

const ANSI_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\u0007', b: '\b', e: '\u001b', E: '\u001b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };

/** Shell words, the way sh reads them, without running or expanding anything but quotes and escapes. */
export function shellWords(input: string): Words {
  const text = input.replace(/\r\n?/g, '\n');
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let substitution = false;
  let i = 0;
  const n = text.length;
  const end = (): boolean => {
    if (inWord) {
      words.push(word);
      word = '';
      inWord = false;
    }
    return words.length > PARSE_CURL_MAX_WORDS;
  };
  const variable = (): boolean => {
    // At text[i] === '$': a reference becomes a mark; $( and others stay literal.
    const rest = text.slice(i + 1, i + 200);
    const braced = /^\{([A-Za-z_][A-Za-z0-9_]*)\}/.exec(rest);
    const plain = /^([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    const m = braced ?? plain;
    if (!m) {
      if (rest.startsWith('(')) substitution = true;
      return false;
    }
    word += envMark(m[1] as string);
    i += 1 + m[0].length;
    return true;
  };
  while (i < n) {
    const c = text[i] as string;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (end()) return { ok: false, error: `The command has more than ${PARSE_CURL_MAX_WORDS} words.` };
      i++;
      continue;
    }
    if (c === '#' && !inWord) {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (';&|<>()'.includes(c)) {
      return { ok: false, error: `The command holds an unquoted "${c}" at character ${i + 1}: paste one curl command, with URLs and values quoted.` };
    }
    inWord = true;
    if (c === '\\') {
      const next = text[i + 1];
      if (next === '\n') inWord = word !== '';
      else if (next !== undefined) word += next;
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) return { ok: false, error: `A single quote (') opened at character ${i + 1} is never closed.` };
      word += text.slice(i + 1, close);
      i = close + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === "'") {
      const start = i;
      i += 2;
      let closed = false;
      while (i < n) {
        const d = text[i] as string;
        if (d === "'") {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n) {
          const e = text[i + 1] as string;
          const hex = /^x([0-9A-Fa-f]{1,2})/.exec(text.slice(i + 1, i + 4));
          const uni = /^(?:u([0-9A-Fa-f]{1,4})|U([0-9A-Fa-f]{1,8}))/.exec(text.slice(i + 1, i + 11));
          const oct = /^([0-7]{1,3})/.exec(text.slice(i + 1, i + 4));
          if (ANSI_ESCAPES[e] !== undefined) {
            word += ANSI_ESCAPES[e];
            i += 2;
          } else if (hex) {
            word += String.fromCharCode(parseInt(hex[1] as string, 16));
            i += 1 + hex[0].length;
          } else if (uni) {
            const cp = parseInt((uni[1] ?? uni[2]) as string, 16);
            word += cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
            i += 1 + uni[0].length;
          } else if (oct) {
            word += String.fromCharCode(parseInt(oct[1] as string, 8) & 0xff);
            i += 1 + oct[0].length;
          } else {
            word += `\\${e}`;
            i += 2;
          }
          continue;
        }
        word += d;
        i++;
      }
      if (!closed) return { ok: false, error: `A $' quote opened at character ${start + 1} is never closed.` };
      word = word.split('\u0000').join('');
      continue;
    }
    if (c === '"' || (c === '$' && text[i + 1] === '"')) {
      const start = i;
      i += c === '$' ? 2 : 1;
      let closed = false;
      while (i < n) {
        const d = text[i] as string;
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\') {
          const e = text[i + 1];
          if (e === '\n') i += 2;
          else if (e !== undefined && '$`"\\'.includes(e)) {
            word += e;
            i += 2;
          } else {
            word += d;
            i++;
          }
          continue;
        }
        if (d === '$' && variable()) continue;
        if (d === '`') substitution = true;
        word += d;
        i++;
      }
      if (!closed) return { ok: false, error: `A double quote (") opened at character ${start + 1} is never closed.` };
      continue;
    }
    if (c === '$' && variable()) continue;
    if (c === '`') substitution = true;
    word += c;
    i++;
  }
  if (end()) return { ok: false, error: `The command has more than ${PARSE_CURL_MAX_WORDS} words.` };
  return { ok: true, words, substitution };
}

const SHORT_WITH_ARG = new Set('XHduAebowmxETFrDcKUyYzCQtP'.split(''));
const SHORT_FLAGS = new Set('GIkLsSvifNg46jOlnqZ0123#:'.split(''));
const SHORT_LONG: Record<string, string> = {
  X: '--request', H: '--header', d: '--data', u: '--user', A: '--user-agent', e: '--referer', b: '--cookie', T: '--upload-file', F: '--form',
  K: '--config', x: '--proxy', E: '--cert', m: '--max-time', o: '--output', w: '--write-out', D: '--dump-header', c: '--cookie-jar', r: '--range',
  U: '--proxy-user', G: '--get', I: '--head', k: '--insecure', L: '--location', g: '--globoff', s: '--silent', S: '--show-error', v: '--verbose',
  i: '--include', f: '--fail', N: '--no-buffer', '4': '--ipv4', '6': '--ipv6', O: '--remote-name', j: '--junk-session-cookies', '#': '--progress-bar',
};
const LONG_WITH_ARG = new Set([
  '--request', '--header', '--data', '--data-ascii', '--data-raw', '--data-binary', '--data-urlencode', '--json', '--user', '--oauth2-bearer',
  '--aws-sigv4', '--url', '--url-query', '--user-agent', '--referer', '--cookie', '--upload-file', '--form', '--form-string', '--config',
  '--output', '--write-out', '--max-time', '--connect-timeout', '--retry', '--retry-delay', '--retry-max-time', '--max-redirs', '--proxy',
  '--proxy-user', '--cacert', '--capath', '--cert', '--key', '--cert-type', '--key-type', '--pass', '--resolve', '--connect-to', '--interface',
  '--cookie-jar', '--limit-rate', '--range', '--dump-header', '--trace', '--trace-ascii', '--stderr', '--ciphers', '--tls-max', '--pinnedpubkey',
  '--crlfile', '--proxy-cacert', '--noproxy', '--unix-socket', '--abstract-unix-socket', '--speed-limit', '--speed-time', '--keepalive-time',
  '--expect100-timeout', '--local-port', '--dns-servers', '--doh-url', '--request-target', '--max-filesize', '--create-file-mode', '--output-dir', '--variable',
]);
const LONG_FLAGS = new Set([
  '--get', '--head', '--insecure', '--digest', '--basic', '--anyauth', '--ntlm', '--negotiate', '--location', '--location-trusted', '--compressed',
  '--silent', '--show-error', '--verbose', '--include', '--fail', '--fail-with-body', '--fail-early', '--progress-bar', '--no-progress-meter', '--globoff',
  '--http1.0', '--http1.1', '--http2', '--http2-prior-knowledge', '--http3', '--no-buffer', '--no-keepalive', '--no-sessionid', '--path-as-is', '--raw',
  '--remote-name', '--remote-name-all', '--remote-header-name', '--junk-session-cookies', '--tr-encoding', '--ipv4', '--ipv6', '--tlsv1', '--tlsv1.0',
  '--tlsv1.1', '--tlsv1.2', '--tlsv1.3', '--ssl', '--ssl-reqd', '--ssl-no-revoke', '--create-dirs', '--disable', '--proxy-insecure', '--retry-connrefused',
  '--retry-all-errors', '--styled-output', '--no-styled-output', '--suppress-connect-headers', '--proto-default', '--post301', '--post302', '--post303',
  '--no-alpn', '--no-npn', '--tcp-nodelay', '--tcp-fastopen', '--false-start', '--cert-status', '--ignore-content-length', '--list-only', '--append',
  '--ftp-pasv', '--disallow-username-in-url', '--kerberos',
]);
/** Flags and options that do not change the request Certdesk sends. */
const HARMLESS = new Set([
  '--compressed', '--silent', '--show-error', '--verbose', '--include', '--fail', '--fail-with-body', '--fail-early', '--progress-bar', '--no-progress-meter',
  '--http1.0', '--http1.1', '--http2', '--http2-prior-knowledge', '--http3', '--no-buffer', '--no-keepalive', '--no-sessionid', '--path-as-is', '--raw',
  '--remote-name', '--remote-name-all', '--remote-header-name', '--tr-encoding', '--ipv4', '--ipv6', '--output', '--write-out', '--dump-header', '--trace',
  '--trace-ascii', '--stderr', '--retry', '--retry-delay', '--retry-max-time', '--retry-connrefused', '--retry-all-errors', '--styled-output',
  '--no-styled-output', '--create-dirs', '--disable', '--limit-rate', '--speed-limit', '--speed-time', '--keepalive-time', '--expect100-timeout',
  '--tcp-nodelay', '--tcp-fastopen', '--suppress-connect-headers', '--output-dir', '--create-file-mode', '--junk-session-cookies', '--cookie-jar',
  '--tlsv1', '--tlsv1.0', '--tlsv1.1', '--tlsv1.2', '--tlsv1.3', '--ssl', '--ssl-reqd', '--no-alpn', '--no-npn', '--false-start', '--list-only',
  '--ignore-content-length', '--ssl-no-revoke', '--cert-status', '--post301', '--post302', '--post303', '--proto-default', '--local-port', '--interface',
]);
/** Options whose effect Certdesk has its own setting for: named in a note (their values may be secret, so never echoed). */
const ELSEWHERE: Record<string, string> = {
  '--insecure': 'TLS verification is off in the pasted command (-k); Certdesk checks TLS: choose the trust option instead.',
  '--location': 'Certdesk follows redirects by default (-L is not needed).',
  '--location-trusted': 'Certdesk follows redirects by default, and never sends credentials to another origin (--location-trusted is not honoured).',
  '--max-redirs': 'Certdesk follows up to 10 redirects (--max-redirs is not used).',
  '--max-time': 'Set the timeout in the form (--max-time is not used).',
  '--connect-timeout': 'Set the timeout in the form (--connect-timeout is not used).',
  '--proxy': 'Set the proxy in the form (the pasted --proxy is not used).',
  '--proxy-user': 'Proxy credentials in the command are not used.',
  '--proxy-insecure': 'The proxy TLS option in the command is not used.',
  '--noproxy': 'The --noproxy list is not used.',
  '--cacert': 'Choose the trust (CA file) in the form (--cacert is not used).',
  '--capath': 'Choose the trust in the form (--capath is not used).',
  '--cert': 'Choose a client certificate in the form (--cert is not used).',
  '--key': 'Choose a client certificate in the form (--key is not used).',
  '--cert-type': 'Choose a client certificate in the form (--cert-type is not used).',
  '--key-type': 'Choose a client certificate in the form (--key-type is not used).',
  '--pass': 'Choose a client certificate in the form (the --pass value is not used).',
  '--pinnedpubkey': 'Public key pinning (--pinnedpubkey) is not used.',
  '--crlfile': 'The --crlfile option is not used.',
  '--proxy-cacert': 'The proxy CA option is not used.',
  '--ciphers': 'The --ciphers option is not used.',
  '--tls-max': 'The --tls-max option is not used.',
  '--resolve': 'The --resolve mapping is not used: Certdesk resolves the host name itself.',
  '--connect-to': 'The --connect-to mapping is not used: Certdesk connects to the URL host.',
  '--dns-servers': 'The --dns-servers option is not used.',
  '--doh-url': 'The --doh-url option is not used.',
  '--unix-socket': 'Unix sockets (--unix-socket) are not supported; the URL host is used.',
  '--abstract-unix-socket': 'Unix sockets are not supported; the URL host is used.',
  '--range': 'The --range option is not used; add a Range header if it matters.',
  '--anyauth': 'curl would pick the scheme from the challenge (--anyauth); Basic is assumed: change the scheme if the server asks for another.',
  '--max-filesize': 'The --max-filesize option is not used (Certdesk caps response bodies itself).',
  '--request-target': 'The --request-target option is not used.',
  '--disallow-username-in-url': '',
  '--globoff': '',
  '--basic': '',
};

interface DataPart {
  kind: 'data' | 'binary' | 'raw' | 'urlencode' | 'json';
  text: string;
}

const API_KEY_HEADERS = new Set(['x-api-key', 'api-key', 'apikey', 'x-apikey', 'x-api-token']);
const TOKEN_PARAMS = new Set(['token', 'access_token']);
const API_KEY_PARAMS = new Set(['api_key', 'apikey', 'api-key', 'x-api-key', 'key']);

/** curl's --data-urlencode / --url-query argument as sent. */
function urlencodeArg(arg: string): { sent: string; file?: string; field?: FormField } {
  if (arg.startsWith('+')) return { sent: arg.slice(1) };
  const at = arg.search(/[=@]/);
  if (at < 0) return { sent: encodeStrict(arg) };
  const name = arg.slice(0, at);
  if (arg[at] === '@') return { sent: '', file: arg.slice(at + 1) };
  const value = arg.slice(at + 1);
  if (name === '') return { sent: encodeStrict(value) };
  return { sent: `${name}=${encodeStrict(value)}`, field: { name: safeDecode(name), value } };
}

/** A form body parsed from its encoded text, when writing it back gives the same text. */
function strictForm(text: string): FormField[] | undefined {
  if (text === '') return [];
  const fields: FormField[] = [];
  for (const pair of text.split('&')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return undefined;
    fields.push({ name: safeDecode(pair.slice(0, eq)), value: safeDecode(pair.slice(eq + 1)) });
  }
  return encodeForm(fields) === text ? fields : undefined;
}

function decodeBase64(text: string): string | undefined {
  try {
    const bin = atob(text.trim());
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bin, (c) => c.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/** Removes query parameters the predicate picks, keeping the others exactly as written. */
function takeQuery(url: string, pick: (name: string, value: string) => boolean): { url: string; taken: Array<{ name: string; value: string }> } {
  const q = url.indexOf('?');
  if (q < 0) return { url, taken: [] };
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const kept: string[] = [];
  const taken: Array<{ name: string; value: string }> = [];
  for (const pair of query.split('&')) {
    const eq = pair.indexOf('=');
    const name = safeDecode((eq < 0 ? pair : pair.slice(0, eq)).replace(/\+/g, ' '));
    const value = eq < 0 ? '' : safeDecode(pair.slice(eq + 1).replace(/\+/g, ' '));
    if (pair !== '' && pick(name, value)) taken.push({ name, value });
    else kept.push(pair);
  }
  const rest = kept.filter((p) => p !== '').join('&');
  return { url: url.slice(0, q) + (rest ? `?${rest}` : '') + (hash < 0 ? '' : url.slice(hash)), taken };
}

/** Reads one pasted curl command into a request and its auth scheme; it never runs anything. */
export function parseCurl(input: string): ParseCurlResult {
  if (input.length > PARSE_CURL_MAX_CHARS) return { ok: false, error: `The command is longer than ${PARSE_CURL_MAX_CHARS / 1024} KiB.` };
  if (input.includes('\u0000') || input.includes('\uE000') || input.includes('\uE001')) return { ok: false, error: 'The command holds a NUL or private-use character.' };
  const tokens = shellWords(input.trim().replace(/^\$\s+/, ''));
  if (!tokens.ok) return tokens;
  const words = tokens.words;
  const first = words[0];
  if (first === undefined) return { ok: false, error: 'The command is empty.' };
  if (!/(^|[/\\])curl(\.exe)?$/i.test(unmark(first))) {
    return { ok: false, error: `Not a curl command: it starts with "${escapeControl(unmark(first)).slice(0, 40)}".` };
  }

  const notes: string[] = [];
  const ignored: string[] = [];
  const fail = (error: string): ParseCurlResult => ({ ok: false, error });
  let method: string | undefined;
  let url: string | undefined;
  const headers: RequestHeader[] = [];
  const data: DataPart[] = [];
  const urlQueries: string[] = [];
  let user: string | undefined;
  let digest = false;
  let bearer: string | undefined;
  let sigv4: string | undefined;
  let get = false;
  let head = false;
  let upload: string | undefined;

  const apply = (opt: string, arg: string | undefined, shown: string): ParseCurlResult | undefined => {
    const a = arg ?? '';
    switch (opt) {
      case '--request':
        method = unmark(a);
        return;
      case '--header': {
        const h = a; // marks kept: a header value may reference a secret
        const colon = h.indexOf(':');
        const semi = h.indexOf(';');
        if (colon < 0 && semi > 0 && /^\s*$/.test(h.slice(semi + 1))) {
          headers.push({ name: h.slice(0, semi).trim(), value: '' });
          return;
        }
        if (colon <= 0) return fail(`The header "${escapeControl(unmark(h)).slice(0, 60)}" has no "Name: value" form.`);
        const name = h.slice(0, colon).trim();
        const value = h.slice(colon + 1).trim();
        if (value === '') {
          notes.push(`The header ${escapeControl(unmark(name))} is given with no value, which tells curl to remove it; it is left out.`);
          return;
        }
        headers.push({ name, value });
        return;
      }
      case '--data':
      case '--data-ascii':
        data.push({ kind: 'data', text: a });
        return;
      case '--data-binary':
        data.push({ kind: 'binary', text: a });
        return;
      case '--data-raw':
        data.push({ kind: 'raw', text: a });
        return;
      case '--data-urlencode':
        data.push({ kind: 'urlencode', text: a });
        return;
      case '--json':
        data.push({ kind: 'json', text: a });
        return;
      case '--user':
        user = a;
        return;
      case '--digest':
        digest = true;
        return;
      case '--oauth2-bearer':
        bearer = a;
        return;
      case '--aws-sigv4':
        sigv4 = unmark(a);
        return;
      case '--get':
        get = true;
        return;
      case '--head':
        head = true;
        return;
      case '--url':
        if (url !== undefined) return fail('The command has more than one URL; paste one request at a time.');
        url = unmark(a);
        return;
      case '--url-query':
        urlQueries.push(a);
        return;
      case '--user-agent':
        headers.push({ name: 'User-Agent', value: a });
        return;
      case '--referer':
        headers.push({ name: 'Referer', value: a.replace(/;auto$/, '') });
        return;
      case '--cookie':
        if (a.includes('=')) headers.push({ name: 'Cookie', value: a });
        else notes.push('The cookie file (-b FILE) is not read; add a Cookie header if it matters.');
        return;
      case '--upload-file':
        upload = unmark(a);
        return;
      case '--form':
      case '--form-string':
        return fail('Multipart form bodies (-F/--form) are not supported: use a form (urlencoded), JSON, raw or file body.');
      case '--config':
        return fail('A curl config file (-K/--config) cannot be read here: paste the options themselves.');
      case '--ntlm':
      case '--negotiate':
      case '--kerberos':
        return fail(`curl's ${opt} scheme is not one Certdesk tests.`);
      case '--variable':
        return fail('curl variables (--variable) are not supported.');
    }
    if (HARMLESS.has(opt)) {
      if (!ignored.includes(shown)) ignored.push(shown);
      return;
    }
    const note = ELSEWHERE[opt];
    if (note !== undefined) {
      if (note && !notes.includes(note)) notes.push(note);
      return;
    }
    return fail(`The curl option ${escapeControl(shown).slice(0, 40)} is not understood.`);
  };

  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (w.startsWith('--') && w.length > 2) {
      const opt = unmark(w);
      if (LONG_WITH_ARG.has(opt)) {
        const arg = words[++i];
        if (arg === undefined) return fail(`The option ${opt} needs a value.`);
        const r = apply(opt, arg, opt);
        if (r) return r;
      } else if (LONG_FLAGS.has(opt) || LONG_FLAGS.has(opt.replace(/^--no-/, '--'))) {
        const r = apply(opt.startsWith('--no-') && !HARMLESS.has(opt) ? '--disable' : opt, undefined, opt);
        if (r) return r;
      } else {
        return fail(`The curl option ${escapeControl(opt).slice(0, 40)} is not understood.`);
      }
    } else if (w.startsWith('-') && w.length > 1) {
      for (let j = 1; j < w.length; j++) {
        const c = w[j] as string;
        const long = SHORT_LONG[c];
        if (SHORT_WITH_ARG.has(c)) {
          let arg: string | undefined = w.slice(j + 1);
          if (arg === '') arg = words[++i];
          if (arg === undefined) return fail(`The option -${c} needs a value.`);
          const r = apply(long ?? '--disable', arg, `-${c}`);
          if (r) return r;
          break;
        }
        if (SHORT_FLAGS.has(c)) {
          const r = apply(long ?? '--disable', undefined, `-${c}`);
          if (r) return r;
          continue;
        }
        return fail(`The curl option -${escapeControl(c)} is not understood.`);
      }
    } else {
      if (url !== undefined) return fail('The command has more than one URL; paste one request at a time.');
      url = unmark(w);
    }
  }
  if (url === undefined || url === '') return fail('The command has no URL.');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    url = `http://${url}`;
    notes.push('The URL has no scheme; curl assumes http://.');
  }

  // Secret query parameters given with --url-query, then the URL's own.
  const secretsFound: SecretFound[] = [];
  let scheme: AuthSpec['scheme'] = 'none';
  const fields: Record<string, string> = {};
  const secret = (fieldName: string, where: string, value: string): void => {
    const ref = envOnly(value);
    if (ref) notes.push(`The ${fieldName} comes from the environment variable ${ref}: store the credential in Certdesk to use it.`);
    else secretsFound.push({ field: fieldName, where, value: unmark(value) });
  };
  const extraQuery: string[] = [];
  for (const q of urlQueries) {
    const eq = q.indexOf('=');
    const name = eq > 0 && !q.startsWith('+') ? safeDecode(q.slice(0, eq)) : undefined;
    const ref = name !== undefined ? envOnly(q.slice(eq + 1)) : undefined;
    if (scheme === 'none' && name !== undefined && (ref || TOKEN_PARAMS.has(lower(name)) || API_KEY_PARAMS.has(lower(name)))) {
      const apiKey = ref ? /API_KEY$/.test(ref) : API_KEY_PARAMS.has(lower(name));
      if (apiKey) {
        scheme = 'api-key';
        fields.name = name;
        fields.in = 'query';
        secret('value', `--url-query ${escapeControl(name)}`, q.slice(eq + 1));
      } else {
        scheme = 'url-token';
        fields.param = name;
        secret('token', `--url-query ${escapeControl(name)}`, q.slice(eq + 1));
      }
      continue;
    }
    const r = urlencodeArg(unmark(q));
    if (r.file !== undefined) return fail('--url-query reading a file is not supported.');
    extraQuery.push(r.sent);
  }
  if (extraQuery.length > 0) url += (url.includes('?') ? '&' : '?') + extraQuery.join('&');

  // The body, or with -G the query.
  const fileParts = data.filter((d) => (d.kind === 'data' || d.kind === 'binary' || d.kind === 'json') && d.text.startsWith('@'));
  let body: RequestBody = { type: 'none' };
  let contentTypeFromHeader: string | undefined;
  const ctIndex = headers.findIndex((h) => lower(h.name) === 'content-type');
  if (ctIndex >= 0) contentTypeFromHeader = unmark((headers[ctIndex] as RequestHeader).value);
  const dropContentType = (): void => {
    const at = headers.findIndex((h) => lower(h.name) === 'content-type');
    if (at >= 0) headers.splice(at, 1);
  };
  if (upload !== undefined) {
    if (data.length > 0) return fail('The command has both -T and data; paste one body.');
    body = contentTypeFromHeader ? { type: 'file', path: upload, contentType: contentTypeFromHeader } : { type: 'file', path: upload };
    if (contentTypeFromHeader) dropContentType();
  } else if (data.length > 0) {
    if (fileParts.length > 0) {
      if (data.length > 1 || get) return fail('A body read from a file (@FILE) cannot be combined with other data here.');
      const part = data[0] as DataPart;
      const path = unmark(part.text.slice(1));
      if (path === '-') return fail('A body read from standard input (@-) cannot be pasted.');
      if (part.kind === 'data') notes.push('curl -d @FILE strips line breaks from the file; Certdesk sends the file as it is.');
      const ct = contentTypeFromHeader ?? (part.kind === 'json' ? 'application/json' : 'application/x-www-form-urlencoded');
      body = ct === 'application/octet-stream' ? { type: 'file', path } : { type: 'file', path, contentType: ct };
      dropContentType();
    } else {
      const formFields: FormField[] = [];
      const texts: string[] = [];
      let allForm = true;
      for (const d of data) {
        if (d.kind === 'urlencode') {
          const r = urlencodeArg(unmark(d.text));
          if (r.file !== undefined) return fail('--data-urlencode reading a file (name@FILE) is not supported.');
          if (r.field) formFields.push(r.field);
          else allForm = false;
          texts.push(r.sent);
        } else {
          allForm = false;
          texts.push(unmark(d.text));
        }
      }
      const json = data.some((d) => d.kind === 'json');
      const text = json ? texts.join('') : texts.join('&');
      if (get) {
        url += (url.includes('?') ? '&' : '?') + text;
      } else if (json) {
        body = { type: 'json', text };
        if (!headers.some((h) => lower(h.name) === 'accept')) headers.push({ name: 'Accept', value: 'application/json' });
        if (contentTypeFromHeader === undefined || lower(contentTypeFromHeader) === 'application/json') dropContentType();
      } else {
        const ct = contentTypeFromHeader ?? 'application/x-www-form-urlencoded';
        const asForm = lower(ct) === 'application/x-www-form-urlencoded' ? (allForm ? formFields : strictForm(text)) : undefined;
        if (lower(ct) === 'application/json') {
          body = { type: 'json', text };
          if (ct === 'application/json') dropContentType();
        } else if (asForm) {
          body = { type: 'form', fields: asForm };
          if (ct === 'application/x-www-form-urlencoded') dropContentType();
        } else {
          body = ct === 'text/plain;charset=UTF-8' ? { type: 'raw', text } : { type: 'raw', text, contentType: ct };
          dropContentType();
        }
      }
    }
  }
  if (get && method === undefined) method = 'GET';
  const finalMethod = (method ?? (head ? 'HEAD' : upload !== undefined ? 'PUT' : data.length > 0 && !get ? 'POST' : 'GET')).toUpperCase();
  if (!TOKEN_RE.test(finalMethod)) return fail('The method (-X) is not a valid HTTP method name.');

  // Auth: -u (with --digest / --aws-sigv4), --oauth2-bearer, an Authorization header, an API key header.
  if (user !== undefined && scheme === 'none') {
    const colon = user.indexOf(':');
    const name = colon < 0 ? user : user.slice(0, colon);
    const password = colon < 0 ? undefined : user.slice(colon + 1);
    const nameRef = envOnly(name);
    if (sigv4 !== undefined) {
      scheme = 'aws-sigv4';
      const [, , region, service] = sigv4.split(':');
      fields.accessKeyId = unmark(name);
      if (region) fields.region = region;
      if (service) fields.service = service;
      if (!region || !service) notes.push('--aws-sigv4 names no region or service: fill them in.');
      if (password !== undefined) secret('secretAccessKey', '--user', password);
      if (nameRef) notes.push(`The accessKeyId comes from the environment variable ${nameRef}: fill it in.`);
    } else if (!digest && nameRef && password !== undefined && /KEY$/.test(nameRef) && /SECRET$/.test(envOnly(password) ?? '')) {
      scheme = 'api-key-and-secret';
      secret('key', '-u', name);
      secret('secret', '-u', password);
    } else {
      scheme = digest ? 'digest' : 'basic';
      fields.user = unmark(name);
      if (nameRef) notes.push(`The user comes from the environment variable ${nameRef}: fill it in.`);
      if (password !== undefined) secret('password', '-u', password);
      else notes.push('The command gives no password (curl would ask for it).');
    }
  } else if (sigv4 !== undefined) {
    notes.push('--aws-sigv4 without --user has no key: choose the credential.');
  }
  if (bearer !== undefined && scheme === 'none') {
    scheme = 'bearer';
    secret('token', '--oauth2-bearer', bearer);
  }
  for (let i = headers.length - 1; i >= 0; i--) {
    const h = headers[i] as RequestHeader;
    const n = lower(h.name);
    if (n === 'authorization') {
      headers.splice(i, 1);
      const m = /^(\S+)\s+([\s\S]*)$/.exec(h.value);
      const kind = lower(m?.[1] ?? '');
      if (scheme === 'none' && kind === 'bearer' && m) {
        scheme = 'bearer';
        secret('token', 'Authorization header', m[2] as string);
      } else if (scheme === 'none' && kind === 'basic' && m && decodeBase64(unmark(m[2] as string))?.includes(':')) {
        const pair = decodeBase64(unmark(m[2] as string)) as string;
        const colon = pair.indexOf(':');
        scheme = 'basic';
        fields.user = pair.slice(0, colon);
        secret('password', 'Authorization header', pair.slice(colon + 1));
      } else {
        notes.push(`The Authorization header (${escapeControl(m?.[1] ?? 'no scheme').slice(0, 30)}) is left out: it is computed per request or duplicates the scheme; choose the credential instead.`);
      }
    } else if (n === 'x-amz-security-token' && scheme === 'aws-sigv4') {
      headers.splice(i, 1);
      secret('sessionToken', 'x-amz-security-token header', h.value);
    }
  }
  if (scheme === 'none') {
    const at = headers.findIndex((h) => API_KEY_HEADERS.has(lower(h.name)) || /API_KEY$/.test(envOnly(h.value) ?? ''));
    if (at >= 0) {
      const h = headers[at] as RequestHeader;
      headers.splice(at, 1);
      scheme = 'api-key';
      fields.name = h.name;
      fields.in = 'header';
      secret('value', `${escapeControl(h.name)} header`, h.value);
    }
  }
  if (scheme === 'none') {
    const taken = takeQuery(url, (name) => TOKEN_PARAMS.has(lower(name)) || API_KEY_PARAMS.has(lower(name)));
    const t = taken.taken[0];
    if (t && taken.taken.length === 1) {
      url = taken.url;
      if (TOKEN_PARAMS.has(lower(t.name))) {
        scheme = 'url-token';
        fields.param = t.name;
        secret('token', `query parameter ${escapeControl(t.name)}`, t.value);
      } else {
        scheme = 'api-key';
        fields.name = t.name;
        fields.in = 'query';
        secret('value', `query parameter ${escapeControl(t.name)}`, t.value);
      }
    }
  }

  // What is left holds no secret: environment references are shown as written.
  const refs = new Set<string>();
  const show = (text: string): string =>
    text.replace(ENV_MARK, (_m, name: string) => {
      refs.add(name);
      return `$${name}`;
    });
  const outHeaders = headers.map((h) => ({ name: show(h.name), value: show(h.value) }));
  if (body.type === 'json' || body.type === 'raw') body = { ...body, text: show(body.text) };
  if (body.type === 'form') body = { type: 'form', fields: body.fields.map((f) => ({ name: show(f.name), value: show(f.value) })) };
  url = show(url);
  for (const k of Object.keys(fields)) fields[k] = show(fields[k] as string);
  for (const h of outHeaders) {
    if (!TOKEN_RE.test(h.name)) return fail(`The header name "${escapeControl(h.name).slice(0, 60)}" is not valid.`);
  }
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    return fail(`The URL "${escapeControl(url).slice(0, 120)}" is not valid.`);
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') return fail('Only http:// and https:// URLs can be tested.');
  if (refs.size > 0) notes.push(`Environment variables are left as written (Certdesk does not expand them): ${[...refs].map((r) => `$${r}`).join(', ')}.`);
  if (tokens.substitution) notes.push('The command holds a command substitution ($(…) or `…`); it was not run and is kept as text.');
  if (ignored.length > 0) notes.push(`Ignored (no effect on the request Certdesk sends): ${ignored.join(', ')}.`);

  return {
    ok: true,
    request: { method: finalMethod, url: parsedUrl.href, headers: outHeaders, body },
    auth: { scheme, fields },
    secretsFound,
    notes,
  };
}

/** The credential kinds a pasted command can fill (for the UI's wording). */
export const PARSEABLE_SCHEMES: readonly CredentialKind[] = ['basic', 'digest', 'bearer', 'api-key', 'api-key-and-secret', 'url-token', 'aws-sigv4'];
