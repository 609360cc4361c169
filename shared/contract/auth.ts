import { z } from 'zod';
import { CREDENTIAL_KIND_NAMES } from '../credential-kinds.js';
import { Finding } from '../findings.js';
import type { RequestBody, RequestSpec } from '../http-request.js';
import { op } from './define.js';
import { TlsClientCertInput, TlsTrustInput } from './tls.js';

/**
 * Auth tests: one call with a credential (from the vault or given inline), a verdict, the request as
 * sent with every secret masked and, for signed schemes, the exact string that was signed. Saved tests
 * (a request and a vault credential's name) live in the data folder and run one by one or all at once.
 */

/** Error codes the auth tests add. */
export const AUTH_ERROR_CODES = ['HOST_NOT_ALLOWED', 'PLAIN_HTTP_REFUSED', 'SCHEME_UNAVAILABLE', 'TEST_NOT_FOUND', 'TEST_EXISTS'] as const;

/** The default deadline of one call (all its rounds and redirects), and its bounds. */
export const AUTH_TIMEOUT = { default: 15_000, min: 100, max: 120_000 } as const;
export const AUTH_RUN_CONCURRENCY = { default: 8, min: 1, max: 32 } as const;
/** Redirects followed at most (as curl's --max-redirs would be set). */
export const AUTH_MAX_REDIRECTS = 10;

const FilePath = z.string().min(1, 'A path is required').max(4096);
const HeaderName = z.string().min(1, 'A header needs a name').max(256).regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'A header name is letters, digits and !#$%&\'*+.^_`|~-');
// No CR/LF in a value: a header can never smuggle another one in.
const HeaderValue = z.string().max(16 * 1024).regex(/^[^\r\n\0]*$/, 'A header value cannot hold a line break');

export const RequestHeaderSchema = z.object({ name: HeaderName, value: HeaderValue }).strict();
export const RequestBodySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('none') }).strict(),
  z.object({ type: z.literal('json'), text: z.string().max(8 << 20) }).strict(),
  z.object({ type: z.literal('form'), fields: z.array(z.object({ name: z.string().max(1024), value: z.string().max(1 << 20) }).strict()).max(1000) }).strict(),
  z.object({ type: z.literal('raw'), text: z.string().max(8 << 20), contentType: z.string().max(256).optional() }).strict(),
  z.object({ type: z.literal('file'), path: FilePath, contentType: z.string().max(256).optional() }).strict(),
]);
export const RequestSpecSchema = z
  .object({
    method: z.string().trim().toUpperCase().regex(/^[A-Z]{1,16}$/, 'A method is a word such as GET or POST').default('GET'),
    url: z.string().trim().min(1, 'A URL is required').max(8192),
    headers: z.array(RequestHeaderSchema).max(100).default([]),
    body: RequestBodySchema.default({ type: 'none' }),
  })
  .strict();
// The schema and the plain types in shared/http-request.ts describe the same thing.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const requestMatches: Same<z.output<typeof RequestSpecSchema>, RequestSpec> = true;
const bodyMatches: Same<z.output<typeof RequestBodySchema>, RequestBody> = true;
void requestMatches;
void bodyMatches;

export const AuthSchemeName = z.enum(['none', ...CREDENTIAL_KIND_NAMES.filter((k) => k !== 'client-certificate' && k !== 'keystore-password')] as [string, ...string[]]);
const FieldName = z.string().min(1).max(64).regex(/^[A-Za-z][A-Za-z0-9]*$/, 'A field name is letters and digits');
const Host = z.string().trim().min(1).max(253);

/** The credential of a call: a vault credential by name, or a one-off one (nothing of it is stored). */
export const AuthCredentialInput = z.union([
  z.object({ name: z.string().trim().min(1).max(120) }).strict(),
  z
    .object({
      scheme: AuthSchemeName,
      fields: z.record(FieldName, z.string().max(4096)).default({}),
      secrets: z.record(FieldName, z.string().min(1, 'A secret cannot be empty').max(1 << 20)).default({}),
      /** Where the secret may go; empty = the host of the request's URL only. */
      allowedHosts: z.array(Host).max(32).default([]),
    })
    .strict(),
]);
export type AuthCredentialInput = z.input<typeof AuthCredentialInput>;

/** Options of one call, shared by a test run now and a saved one. */
const CallOptions = {
  timeoutMs: z.number().int().min(AUTH_TIMEOUT.min).max(AUTH_TIMEOUT.max).default(AUTH_TIMEOUT.default),
  followRedirects: z.boolean().default(true),
  /** Sends a secret over plain http:// to a host other than loopback (shown with a warning). */
  allowPlainHttp: z.boolean().default(false),
  /** An HTTP proxy URL, 'none' for a direct connection, or absent for HTTPS_PROXY / NO_PROXY. */
  proxy: z.string().trim().min(1).max(2048).optional(),
};

export const AuthTestInput = z
  .object({
    request: RequestSpecSchema,
    credential: AuthCredentialInput,
    trust: TlsTrustInput.default({ kind: 'bundled' }),
    clientCert: TlsClientCertInput.optional(),
    ...CallOptions,
  })
  .strict();
export type AuthTestInput = z.input<typeof AuthTestInput>;

export const AuthVerdict = z.enum(['authenticated', 'forbidden', 'rejected', 'error']);
export type AuthVerdict = z.infer<typeof AuthVerdict>;

const ShownHeader = z.object({ name: z.string(), value: z.string() });

export const AuthChallenge = z.object({
  scheme: z.string(),
  params: z.record(z.string(), z.string()),
});

/** The exact text a signed scheme signed (secrets and secret-derived values masked). */
export const AuthSigning = z.object({
  scheme: z.string(),
  algorithm: z.string(),
  canonicalRequest: z.string().optional(),
  stringToSign: z.string(),
  signedHeaders: z.array(z.string()).optional(),
});
export type AuthSigning = z.infer<typeof AuthSigning>;

export const AuthTimings = z.object({
  dnsMs: z.number().optional(),
  connectMs: z.number().optional(),
  tlsMs: z.number().optional(),
  firstByteMs: z.number().optional(),
  totalMs: z.number(),
});

const CopyCommand = z.object({
  command: z.string(),
  notes: z.array(z.string()),
  env: z.array(z.object({ name: z.string(), field: z.string() })),
});

export const AuthTestResult = z.object({
  verdict: AuthVerdict,
  /** The verdict in one sentence for the person. */
  summary: z.string(),
  scheme: z.string(),
  /** The final response's status (null when none arrived). */
  status: z.number().int().nullable(),
  timings: AuthTimings,
  /** The last request as sent, every secret masked. */
  request: z.object({ method: z.string(), url: z.string(), headers: z.array(ShownHeader) }),
  response: z
    .object({
      status: z.number().int(),
      statusText: z.string(),
      headers: z.array(ShownHeader),
      /** The start of the body (pretty JSON when it is JSON), control characters escaped. */
      bodyPreview: z.string(),
      bodyBytes: z.number().int(),
      truncated: z.boolean(),
    })
    .nullable(),
  /** Every hop before the last (a digest round, a redirect), masked. */
  hops: z.array(z.object({ method: z.string(), url: z.string(), status: z.number().int(), note: z.string() })),
  challenge: z.object({ challenges: z.array(AuthChallenge), explanation: z.string() }).optional(),
  signing: AuthSigning.optional(),
  /** For a TLS failure: the TLS check's verdict on the endpoint (run `certdesk tls check` for the whole story). */
  tls: Finding.optional(),
  /** For verdict `error` without a TLS finding: DNS, refused, timeout… */
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  warnings: z.array(z.string()),
  /** The same request as commands to copy (secrets read from the environment variables listed in `env`). */
  commands: z.object({ curl: CopyCommand, powershell: CopyCommand }).optional(),
  /** For the OAuth and token-exchange schemes: where the access token came from (never the token). */
  token: z
    .object({
      source: z.enum(['cache', 'new', 'refreshed']),
      expiresAt: z.string().nullable(),
      scope: z.string().optional(),
    })
    .optional(),
});
export type AuthTestResult = z.infer<typeof AuthTestResult>;

const TestName = z
  .string()
  .trim()
  .min(1, 'A name is required')
  .max(120)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._@-]*$/u, 'Use letters, digits, spaces, dots, dashes, underscores and @ (starting with a letter or digit)');

/** Trust a saved test may keep (no password: a saved test holds no secret). */
const SavedTrust = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('bundled') }).strict(),
  z.object({ kind: z.literal('system') }).strict(),
  z.object({ kind: z.literal('caFiles'), paths: z.array(FilePath).min(1).max(32) }).strict(),
]);

/** A saved test: a request and the vault credential it uses (none for scheme `none`), never a secret. */
export const SavedAuthTest = z.object({
  name: z.string(),
  request: RequestSpecSchema,
  credentialName: z.string().nullable(),
  trust: SavedTrust,
  timeoutMs: z.number().int(),
  followRedirects: z.boolean(),
  allowPlainHttp: z.boolean(),
  proxy: z.string().optional(),
  created: z.string(),
  updated: z.string(),
  lastResult: z.object({ at: z.string(), verdict: AuthVerdict, status: z.number().int().nullable(), summary: z.string() }).nullable(),
});
export type SavedAuthTest = z.infer<typeof SavedAuthTest>;

export const AuthRunRow = z.object({
  name: z.string(),
  credentialName: z.string().nullable(),
  url: z.string(),
  verdict: AuthVerdict,
  status: z.number().int().nullable(),
  summary: z.string(),
  totalMs: z.number(),
});
export type AuthRunRow = z.infer<typeof AuthRunRow>;

export const authOps = {
  'auth.test': op({
    input: AuthTestInput,
    output: AuthTestResult,
    summary: 'Make one call with a credential and say whether it authenticated, with the request as sent (secrets masked) and what was signed.',
    long: true,
  }),
  'auth.saveTest': op({
    input: z
      .object({
        name: TestName,
        request: RequestSpecSchema,
        credentialName: z.string().trim().min(1).max(120).nullable().default(null),
        trust: SavedTrust.default({ kind: 'bundled' }),
        ...CallOptions,
        overwrite: z.boolean().default(false),
      })
      .strict(),
    output: z.object({ test: SavedAuthTest }),
    summary: 'Save a request and the vault credential it uses as a named test (no secret is stored).',
  }),
  'auth.listTests': op({
    input: z.object({ credentialName: z.string().max(120).optional() }).strict(),
    output: z.object({ tests: z.array(SavedAuthTest) }),
    summary: 'The saved tests, with each one’s last result.',
  }),
  'auth.removeTest': op({
    input: z.object({ name: TestName }).strict(),
    output: z.object({ removed: SavedAuthTest }),
    summary: 'Remove a saved test.',
  }),
  'auth.runAll': op({
    input: z
      .object({
        /** Only these tests (default: every saved test). */
        names: z.array(TestName).max(10_000).optional(),
        concurrency: z.number().int().min(AUTH_RUN_CONCURRENCY.min).max(AUTH_RUN_CONCURRENCY.max).default(AUTH_RUN_CONCURRENCY.default),
      })
      .strict(),
    output: z.object({ rows: z.array(AuthRunRow), counts: z.record(AuthVerdict, z.number().int()) }),
    item: AuthRunRow,
    summary: 'Run saved tests with bounded concurrency; each row arrives as its test ends; results go to each credential’s last test.',
    long: true,
  }),
};
