import type { CertificateFacts } from '../../../shared/contract/certificate.js';
import type { CoreOpName, Input, Output } from '../../../shared/contract/index.js';
import type { WrittenFile } from '../../../shared/contract/files.js';
import type { KeystoreEntryInfo, OnClash, WritableStoreType } from '../../../shared/contract/keystore.js';
import type { ErrorCode } from '../../../shared/errors.js';
import type { Services } from '../../core/services.js';
import { CliError, type CommandContext, usageError } from '../framework.js';
import { escapeControl } from '../../../shared/text-safety.js';

/** What the keystore and agent commands share: calling a service, reading options, printing tables. */

/** Calls a core service; a failure ends the command with its message and (optionally CLI-worded) hint. */
export async function call<N extends CoreOpName>(
  services: () => Services,
  name: N,
  input: Input<N>,
  hints: Partial<Record<ErrorCode, string>> = {},
): Promise<Output<N>> {
  const service = services()[name] as (input: unknown) => Promise<{ ok: true; value: Output<N> } | { ok: false; error: CliError['error'] }>;
  const res = await service(input);
  if (res.ok) return res.value;
  const hint = hints[res.error.code];
  throw new CliError(hint ? { ...res.error, hint } : res.error);
}

/** A string option, or undefined. */
export function opt(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A string option that must be given. */
export function need(ctx: CommandContext, name: string): string {
  const v = opt(ctx, name);
  if (v === undefined || v === '') throw usageError(`--${name} is required.`);
  return v;
}

/** The first positional argument (the keystore, config or home path). */
export function target(ctx: CommandContext): string {
  const v = ctx.positionals[0];
  if (v === undefined) throw usageError('Missing argument.');
  return v;
}

/** The store password: --storepass-env/-file/-stdin, or a prompt on a terminal. */
export async function storePassword(ctx: CommandContext): Promise<string> {
  return (await ctx.secret('storepass', { required: true, prompt: 'Keystore password: ' })) as string;
}

/** --storetype jks|pkcs12 (any case). */
export function storeType(ctx: CommandContext, name = 'storetype'): WritableStoreType | undefined {
  const v = opt(ctx, name)?.toLowerCase();
  if (v === undefined) return undefined;
  if (v === 'jks' || v === 'pkcs12') return v;
  throw usageError(`--${name} must be jks or pkcs12.`);
}

/** --on-clash replace|rename; absent means "fail and say so". */
export function onClash(ctx: CommandContext): OnClash | undefined {
  const v = opt(ctx, 'on-clash');
  if (v === undefined) return undefined;
  if (v === 'replace' || v === 'rename' || v === 'error') return v;
  throw usageError('--on-clash must be replace or rename.');
}

export const CLASH_HINT = 'Choose another --alias, or add --on-clash replace (overwrite it) or --on-clash rename (keep both).';
export const EXISTS_HINT = 'Choose another --out, or add --force to overwrite it (a backup of the old file is kept).';

/** Shortened SHA-256 (first 8 bytes), enough to tell certificates apart in a table. */
export function shortFingerprint(sha256: string): string {
  return `${sha256.split(':').slice(0, 8).join(':')}…`;
}

export function kindLabel(kind: KeystoreEntryInfo['kind']): string {
  switch (kind) {
    case 'privateKey':
      return 'private key';
    case 'trustedCert':
      return 'trusted cert';
    case 'secretKey':
      return 'secret key';
    default: {
      const never: never = kind;
      return never;
    }
  }
}

export function daysText(facts: CertificateFacts): string {
  return facts.daysLeft < 0 ? `expired ${-facts.daysLeft}d ago` : String(facts.daysLeft);
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Lays out rows as aligned columns (last column not padded). */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** The entries table: alias, kind, subject, expires, days left, SHA-256 (short). */
export function entriesTable(entries: KeystoreEntryInfo[]): string {
  const rows = entries.map((e) => {
    const leaf = e.certificates[0];
    const kind = `${kindLabel(e.kind)}${e.kind === 'privateKey' && e.chainLength > 1 ? ` (chain ${e.chainLength})` : ''}${e.locked ? ' [locked]' : ''}`;
    if (!leaf) return [escapeControl(e.alias), kind, e.secretAlgorithm ?? '—', '—', '—', '—'];
    return [escapeControl(e.alias), kind, clip(escapeControl(leaf.subject), 48), leaf.notAfter.slice(0, 10), daysText(leaf), shortFingerprint(leaf.sha256)];
  });
  return table(['ALIAS', 'KIND', 'SUBJECT', 'EXPIRES', 'DAYS LEFT', 'SHA-256'], rows);
}

/** One line about an entry that was just placed. */
export function entryLine(e: KeystoreEntryInfo): string {
  const leaf = e.certificates[0];
  if (!leaf) return `${escapeControl(e.alias)}: ${kindLabel(e.kind)}`;
  const left = leaf.daysLeft < 0 ? `expired ${-leaf.daysLeft} days ago` : `${leaf.daysLeft} days left`;
  return `${escapeControl(e.alias)}: ${kindLabel(e.kind)}, ${escapeControl(leaf.subject)}, expires ${leaf.notAfter.slice(0, 10)} (${left}), SHA-256 ${leaf.sha256}`;
}

/** "backup: path" or nothing. */
export function backupLine(write: WrittenFile | null): string {
  return write?.backupPath ? `backup: ${write.backupPath}` : '';
}
