import { z } from 'zod';
import { op } from './define.js';
import { WrittenFile } from './files.js';

/**
 * The overview: everything that expires or fails in one list, most urgent first. Its items come from
 * sources (watched files and endpoints, agent keystores, vault credentials, saved auth tests); the
 * watch list is Certdesk's own record of what the person pinned (`watch.json`). No output carries a
 * secret: a keystore's password stays in the OS keychain or the vault.
 */

/** Error codes the overview adds. */
export const OVERVIEW_ERROR_CODES = ['WATCH_NOT_FOUND', 'WATCH_EXISTS'] as const;

const FilePath = z.string().min(1, 'A path is required').max(4096);
const Secret = z.string().min(1, 'The password cannot be empty').max(1024);
const CredentialRef = z.string().trim().min(1).max(120);

/** What is watched: a certificate file, a keystore (password from the vault or kept in the keychain), a TLS endpoint. */
export const WatchKind = z.enum(['certificate', 'keystore', 'endpoint']);
export type WatchKind = z.infer<typeof WatchKind>;

/** Where a watched keystore's password comes from (never the password itself). */
export const WatchPasswordSource = z.discriminatedUnion('from', [
  z.object({ from: z.literal('none') }),
  /** A vault credential of kind `keystore-password`. */
  z.object({ from: z.literal('credential'), name: z.string() }),
  /** Given when the watch was added, kept in the OS keychain under this watch. */
  z.object({ from: z.literal('keychain') }),
]);
export type WatchPasswordSource = z.infer<typeof WatchPasswordSource>;

/** The last re-check of a watched endpoint, as kept in watch.json. */
export const EndpointCheck = z.object({
  at: z.string(),
  ok: z.boolean(),
  /** The worst finding's code and words. */
  code: z.string(),
  summary: z.string(),
  /** The served leaf's end, when a certificate was reached. */
  notAfter: z.string().nullable(),
});
export type EndpointCheck = z.infer<typeof EndpointCheck>;

/** One watched item as stored (watch.json). */
export const Watch = z.object({
  id: z.string(),
  kind: WatchKind,
  name: z.string(),
  /** A file's absolute path, or an endpoint as `host:port` / its URL. */
  target: z.string(),
  password: WatchPasswordSource,
  /** CA files an endpoint is checked against (none: Node's bundled roots). */
  caFiles: z.array(z.string()),
  added: z.string(),
  lastCheck: EndpointCheck.nullable(),
});
export type Watch = z.infer<typeof Watch>;

/** Urgency, most urgent first: expired, ≤ 7 days, ≤ the shared threshold, failing, ok. */
export const OVERVIEW_SEVERITIES = ['expired', 'within-7-days', 'within-threshold', 'failing', 'ok'] as const;
export const OverviewSeverity = z.enum(OVERVIEW_SEVERITIES);
export type OverviewSeverity = z.infer<typeof OverviewSeverity>;

/** Where each item comes from. */
export const OverviewItemKind = z.enum(['certificate-file', 'keystore-entry', 'agent-keystore', 'endpoint', 'credential', 'auth-test']);
export type OverviewItemKind = z.infer<typeof OverviewItemKind>;

/** The fix an item leads to: the section that does it and what to do there. */
export const OverviewFix = z.object({
  section: z.enum(['certificates', 'keystores', 'tls', 'credentials', 'auth', 'overview']),
  action: z.enum(['renew-csr', 'import-into-keystore', 'rotate-credential', 'run-tls-check', 'run-auth-test', 'give-password']),
  label: z.string(),
  /** The keystore or file the fix works on, when it is one. */
  path: z.string().optional(),
  /** The endpoint, credential or test the fix works on. */
  target: z.string().optional(),
});
export type OverviewFix = z.infer<typeof OverviewFix>;

/** One line of the overview. */
export const OverviewItem = z.object({
  /** Stable across runs: the source and what it names. */
  key: z.string(),
  name: z.string(),
  kind: OverviewItemKind,
  /** Where it lives: a file (and alias), an endpoint, the vault. */
  where: z.string(),
  /** The watch it came from, when it came from one (for remove and re-check). */
  watchId: z.string().optional(),
  expires: z.object({ at: z.string(), daysLeft: z.number().int() }).nullable(),
  lastCheck: z.object({ at: z.string().nullable(), ok: z.boolean(), summary: z.string() }).nullable(),
  severity: OverviewSeverity,
  /** Expired, expiring within the asked days, or failing. */
  attention: z.boolean(),
  fix: OverviewFix.nullable(),
});
export type OverviewItem = z.infer<typeof OverviewItem>;

/** A source that could not be read at all (the vault's keychain gone, an unreadable data file). */
export const SourceProblem = z.object({ source: z.string(), message: z.string() });

export const OverviewList = z.object({
  /** Most urgent first. */
  items: z.array(OverviewItem),
  within: z.number().int(),
  threshold: z.number().int(),
  /** How many items are expired, expiring within `within` days, or failing. */
  attention: z.number().int(),
  counts: z.record(OverviewSeverity, z.number().int()),
  problems: z.array(SourceProblem),
  at: z.string(),
});
export type OverviewList = z.infer<typeof OverviewList>;

/** The overview's own settings (overview-settings.json). */
export const OverviewSettings = z.object({
  /** Re-check watched endpoints every this many minutes while the app runs; 0 = only on demand. */
  recheckMinutes: z.number().int().min(0).max(7 * 24 * 60),
});
export type OverviewSettings = z.infer<typeof OverviewSettings>;

const Within = z.number().int().min(0).max(36500);
const Recheck = z.enum(['none', 'all']);

export const overviewOps = {
  'watch.add': op({
    input: z
      .object({
        /** A certificate file, a keystore, or an endpoint (host:port or https://…). */
        target: z.string().trim().min(1, 'Give a file path or an endpoint').max(4096),
        /** Told from the target when absent (a URL or host:port is an endpoint; a file is read). */
        kind: WatchKind.optional(),
        name: z.string().trim().min(1).max(120).optional(),
        /** A keystore's password: a vault `keystore-password` credential, or given (then kept in the OS keychain). */
        credential: CredentialRef.optional(),
        password: Secret.optional(),
        caFiles: z.array(FilePath).max(16).default([]),
      })
      .strict()
      .refine((v) => v.credential === undefined || v.password === undefined, 'Give the keystore password or a credential, not both.'),
    output: z.object({ watch: Watch, write: WrittenFile }),
    summary: 'Watch a certificate file, a keystore or a TLS endpoint in the overview.',
  }),
  'watch.list': op({
    input: z.object({}).strict(),
    output: z.object({ watches: z.array(Watch) }),
    summary: 'The watched files and endpoints.',
  }),
  'watch.remove': op({
    input: z.object({ id: z.string().min(1).max(200) }).strict(),
    output: z.object({ removed: Watch, write: WrittenFile }),
    summary: 'Stop watching an item (by id, name or target); its files are not touched.',
  }),
  'overview.list': op({
    input: z.object({ within: Within.optional(), recheck: Recheck.default('none'), watchId: z.string().max(200).optional() }).strict(),
    output: OverviewList,
    item: OverviewItem,
    summary: 'Everything that expires or fails, most urgent first; endpoints re-checked when asked.',
    long: true,
  }),
  'overview.exportIcs': op({
    input: z.object({ outPath: FilePath, within: Within.optional(), overwrite: z.boolean().default(false) }).strict(),
    output: z.object({ write: WrittenFile, events: z.number().int() }),
    summary: 'An iCalendar file with one event and alarm per expiry.',
    writes: ['outPath'],
    long: true,
  }),
  'overview.exportReport': op({
    input: z.object({ outPath: FilePath, format: z.enum(['markdown', 'html']), within: Within.optional(), overwrite: z.boolean().default(false) }).strict(),
    output: z.object({ write: WrittenFile, items: z.number().int() }),
    summary: 'The overview as Markdown or HTML, for a ticket or an audit (no secrets).',
    writes: ['outPath'],
    long: true,
  }),
  'overview.settings': op({
    input: z.object({ recheckMinutes: OverviewSettings.shape.recheckMinutes.optional() }).strict(),
    output: z.object({ settings: OverviewSettings }),
    summary: 'Read (or change) how often the app re-checks watched endpoints while it runs.',
  }),
  'overview.reminders': op({
    input: z.object({}).strict(),
    output: z.object({ title: z.string(), body: z.string(), count: z.number().int() }).nullable(),
    summary: 'The reminder the app shows for items expired or within the threshold (null when none).',
    long: true,
  }),
};
