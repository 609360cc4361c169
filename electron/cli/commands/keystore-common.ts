import type { KeystoreEntryInfo, OnClash } from '../../../shared/contract/keystore.js';
import { dateText, daysLeftText, entryKindText, shortFingerprint } from '../../../shared/format.js';
import { escapeControl } from '../../../shared/text-safety.js';
import { str } from '../args.js';
import { type CommandContext, usageError } from '../framework.js';

/** What the keystore and agent commands share: the store password, --on-clash, tables and lines. */

/**
 * The store password: --storepass-env/-file/-stdin, or a prompt on a terminal where Enter alone (and,
 * without a terminal, giving none) leaves it to the core, which uses the password the vault keeps for
 * that keystore (a keystore-password credential) or fails with PASSWORD_REQUIRED.
 */
export async function storePassword(ctx: CommandContext): Promise<string | undefined> {
  const given = await ctx.secret('storepass');
  if (given !== undefined || !ctx.io.prompt) return given;
  const typed = await ctx.io.prompt('Keystore password (Enter: the one kept in the vault): ');
  return typed === '' ? undefined : typed;
}

/** --on-clash replace|rename; absent means "fail and say so". */
export function onClash(ctx: CommandContext): OnClash | undefined {
  const v = str(ctx, 'on-clash');
  if (v === undefined) return undefined;
  if (v === 'replace' || v === 'rename' || v === 'error') return v;
  throw usageError('--on-clash must be replace or rename.');
}

export const CLASH_HINT = 'Choose another --alias, or add --on-clash replace (overwrite it) or --on-clash rename (keep both).';
export const EXISTS_HINT = 'Choose another --out, or add --force to overwrite it (a backup of the old file is kept).';

/** An entry's kind as the table shows it ("private key", "trusted certificate"). */
export function kindText(kind: KeystoreEntryInfo['kind']): string {
  return entryKindText(kind).toLowerCase();
}

/** Days left as a table cell: the number, or how long ago it expired. */
function daysCell(daysLeft: number): string {
  return daysLeft < 0 ? daysLeftText(daysLeft) : String(daysLeft);
}

/** Cuts text to `n` characters, marking the cut with "…". */
export function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, Math.max(1, n - 1))}…` : s;
}

/** Lays out rows as aligned columns (last column not padded). */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}

/** The entries table rows: alias, kind, subject, expires, days left, SHA-256 (short). */
export function entryRows(entries: KeystoreEntryInfo[]): string[][] {
  return entries.map((e) => {
    const leaf = e.certificates[0];
    const kind = `${kindText(e.kind)}${e.kind === 'privateKey' && e.chainLength > 1 ? ` (chain ${e.chainLength})` : ''}${e.locked ? ' [locked]' : ''}`;
    if (!leaf) return [escapeControl(e.alias), kind, e.secretAlgorithm ?? '—', '—', '—', '—'];
    return [escapeControl(e.alias), kind, escapeControl(leaf.subject), dateText(leaf.notAfter), daysCell(leaf.daysLeft), shortFingerprint(leaf.sha256)];
  });
}

export const ENTRY_HEAD = ['ALIAS', 'KIND', 'SUBJECT', 'EXPIRES', 'DAYS LEFT', 'SHA-256'];

/** One line about an entry that was just placed. */
export function entryLine(e: KeystoreEntryInfo): string {
  const leaf = e.certificates[0];
  if (!leaf) return `${escapeControl(e.alias)}: ${kindText(e.kind)}`;
  return `${escapeControl(e.alias)}: ${kindText(e.kind)}, ${escapeControl(leaf.subject)}, expires ${dateText(leaf.notAfter)} (${daysLeftText(leaf.daysLeft)}), SHA-256 ${leaf.sha256}`;
}

/** "backup: path" or nothing. */
export function backupLine(write: { backupPath?: string | null | undefined } | null): string {
  return write?.backupPath ? `backup: ${write.backupPath}` : '';
}
