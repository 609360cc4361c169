import type { z } from 'zod';
import type { ActivityEntry, ChangeKind } from '../../../shared/contract/activity-record.js';
import type { ChangeRecord, OpDef } from '../../../shared/contract/define.js';
import { WrittenFile } from '../../../shared/contract/files.js';
import type { CoreDeps } from '../deps.js';
import { redact } from '../log.js';
import { appendActivity } from './log.js';

/**
 * What an operation changed, read from its declaration and its result: the one way every change gets
 * into the activity log. The composition layer calls it after each successful operation, so the app,
 * the CLI and the harness all record the same way, and a domain records by declaring, not by calling.
 */

const MAX_SUMMARY = 500;
const MAX_DEPTH = 6;

type SchemaDef = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): SchemaDef => (s as unknown as { _zod: { def: SchemaDef } })._zod.def;
const canHold = new WeakMap<z.ZodType, boolean>();

/**
 * True when the contract lets a WrittenFile appear somewhere in this output schema. Only such outputs
 * are read for written files: elsewhere a file-shaped value is data (a decoded token's claims, a
 * server's answer) and never a change Certdesk made. Computed once per schema.
 */
export function outputCanHoldWrittenFile(schema: z.ZodType): boolean {
  const known = canHold.get(schema);
  if (known !== undefined) return known;
  const holds = holdsWrittenFile(schema, new Set());
  canHold.set(schema, holds);
  return holds;
}

function holdsWrittenFile(schema: z.ZodType, seen: Set<z.ZodType>): boolean {
  if (schema === (WrittenFile as z.ZodType)) return true;
  if (seen.has(schema)) return false;
  seen.add(schema);
  const def = defOf(schema);
  const kids: unknown[] = [];
  switch (def.type) {
    case 'object':
      kids.push(...Object.values(def['shape'] as Record<string, z.ZodType>));
      break;
    case 'array':
      kids.push(def['element']);
      break;
    case 'union':
      kids.push(...(def['options'] as z.ZodType[]));
      break;
    case 'pipe':
      kids.push(def['in'], def['out']);
      break;
    case 'intersection':
      kids.push(def['left'], def['right']);
      break;
    case 'record':
      kids.push(def['valueType']);
      break;
    default:
      if (def['innerType']) kids.push(def['innerType']);
  }
  return kids.some((k) => k !== undefined && holdsWrittenFile(k as z.ZodType, seen));
}

/** Every WrittenFile in an operation's output, at any depth (a `write`, a `written` list …). */
export function writtenFilesIn(value: unknown, depth = 0): WrittenFile[] {
  if (depth > MAX_DEPTH || typeof value !== 'object' || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((v) => writtenFilesIn(v, depth + 1));
  if ('path' in value && 'created' in value && 'backupPath' in value && 'backupKind' in value) {
    const parsed = WrittenFile.safeParse(value);
    if (parsed.success) return [parsed.data];
  }
  return Object.values(value).flatMap((v) => writtenFilesIn(v, depth + 1));
}

/** Without a declaration: a keystore written, else only Certdesk's own records (a saved check, a setting), else a file. */
function defaultKind(files: readonly WrittenFile[]): ChangeKind {
  if (files.some((f) => f.role === 'keystore')) return 'keystore';
  return files.length > 0 && files.every((f) => f.role === 'metadata') ? 'data' : 'file';
}

function defaultSummary(def: Pick<OpDef, 'summary'>, output: unknown): string {
  const own = typeof output === 'object' && output !== null ? (output as { summary?: unknown }).summary : undefined;
  return typeof own === 'string' && own.trim() ? own.trim() : def.summary;
}

/** Kinds whose change is recorded even when no file was written: the keychain's and Certdesk's own records. */
export const CHANGES_WITHOUT_FILES: ReadonlySet<string> = new Set(['credential', 'data']);

/** The entry for a successful operation, or null when it changed nothing (a keystore that already held exactly this). */
export function describeChange(
  name: string,
  def: Pick<OpDef, 'summary' | 'records' | 'output'>,
  input: unknown,
  output: unknown,
  ctx: { id: string; at: Date; source: ActivityEntry['source']; secrets: readonly string[] },
): ActivityEntry | null {
  if (def.records === false) return null;
  const rec = def.records as ChangeRecord<unknown, unknown> | undefined;
  const files = [...(outputCanHoldWrittenFile(def.output) ? writtenFilesIn(output) : []), ...(rec?.written?.(input, output) ?? [])];
  const removed = rec?.removed?.(input, output) ?? [];
  const kind = rec?.kind ?? defaultKind(files);
  // A credential (in the keychain) and Certdesk's own records (saved tests, the watch list) change no file
  // the person owns, and are still changes.
  if (files.length === 0 && removed.length === 0 && !CHANGES_WITHOUT_FILES.has(kind)) return null;
  const secretBackups = rec?.secretBackups?.(input, output) ?? null;
  const summary = redact(rec?.summary?.(input, output) ?? defaultSummary(def, output), ctx.secrets);
  return {
    id: ctx.id,
    at: ctx.at.toISOString(),
    op: name,
    kind,
    source: ctx.source,
    summary: summary.length > MAX_SUMMARY ? `${summary.slice(0, MAX_SUMMARY - 1)}…` : summary,
    files,
    removed,
    secretBackups: secretBackups && secretBackups.paths.length ? { paths: secretBackups.paths, holds: redact(secretBackups.holds, ctx.secrets) } : null,
  };
}

/**
 * Records a successful operation's change, if it made one. A failure to record is logged, not returned:
 * the change itself happened, and saying it failed would be untrue.
 */
export async function recordChange(deps: CoreDeps, name: string, def: Pick<OpDef, 'summary' | 'records' | 'output'>, input: unknown, output: unknown, secrets: readonly string[]): Promise<void> {
  try {
    const entry = describeChange(name, def, input, output, { id: deps.random.bytes(8).toString('hex'), at: deps.clock.now(), source: deps.source, secrets });
    if (entry) await appendActivity(deps.metadata, entry);
  } catch (err) {
    deps.log.warn(`${name} made its change, but it could not be recorded in the activity log: ${err instanceof Error ? err.message : String(err)}`);
  }
}
