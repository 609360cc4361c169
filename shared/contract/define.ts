import type { z } from 'zod';
import type { ChangeKind, SecretBackupsNote } from './activity-record.js';
import type { WrittenFile } from './files.js';

/**
 * How an operation's change is recorded in the activity log, for operations whose output does not
 * say it all by itself. An operation whose output carries WrittenFile(s) is recorded without one (kind
 * `keystore` for a keystore, `file` otherwise). Every describer sees the validated input and the checked
 * output; a summary may use only non-secret input fields (any secret that slips in is masked anyway).
 */
export interface ChangeRecord<I = never, O = never> {
  kind: ChangeKind;
  /** One sentence, what changed; default: the output's own `summary`, else the operation's. */
  summary?(input: I, output: O): string;
  /** Files written that the output does not carry as WrittenFile (path and backup). */
  written?(input: I, output: O): WrittenFile[];
  /** Files the change deleted. */
  removed?(input: I, output: O): string[];
  /** Backups that still hold what the change took away. */
  secretBackups?(input: I, output: O): SecretBackupsNote | null;
}

/** One operation of the contract: its input and output schemas and whether it reports progress. */
export interface OpDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly input: I;
  readonly output: O;
  readonly summary: string;
  /** Long operations report progress and can be cancelled by job id. */
  readonly long: boolean;
  /**
   * Input fields holding paths the operation writes (dotted for nested fields, e.g. `output.certPath`).
   * The app lets the renderer write only where the person chose, so each written path is declared here.
   */
  readonly writes: readonly string[];
  /** The shape of one per-item partial result a batch operation emits; items of an op without one are dropped. */
  readonly item?: z.ZodType;
  /**
   * How its change is recorded in the activity log (see ChangeRecord); absent: only its WrittenFiles are;
   * false: it changes nothing, though its output describes files written before (the activity list).
   */
  readonly records?: ChangeRecord<z.output<I>, z.output<O>> | false;
}

/** Declares an operation; `long` defaults to false, `writes` to none. */
export function op<I extends z.ZodType, O extends z.ZodType>(def: {
  input: I;
  output: O;
  summary: string;
  long?: boolean;
  writes?: readonly string[];
  item?: z.ZodType;
  /** A change kind alone, or how to describe the change (see ChangeRecord). */
  records?: ChangeKind | ChangeRecord<z.output<I>, z.output<O>> | false;
}): OpDef<I, O> {
  const base = { input: def.input, output: def.output, summary: def.summary, long: def.long ?? false, writes: def.writes ?? [] };
  const records = typeof def.records === 'string' ? { kind: def.records } : def.records;
  return { ...base, ...(def.item ? { item: def.item } : {}), ...(records !== undefined ? { records } : {}) };
}

/** Progress of a long job, main → renderer. `fraction` is 0..1 when known. */
export interface ProgressEvent {
  jobId: string;
  fraction?: number;
  message: string;
  /** One finished row of a batch job (partial result), keyed so the UI can place it. */
  item?: { key: string; value: unknown };
}

/** Per-call options every transport accepts: a job id the caller can cancel and follow. */
export interface CallOptions {
  jobId?: string;
}

/** An input check's outcome, shaped as a Result (not imported from shared/errors.ts, which reads this folder's error lists). */
export type InputCheck<T> = { ok: true; value: T } | { ok: false; error: { code: 'VALIDATION_FAILED'; message: string } };

/** Checks a payload against one operation's input schema; the message names each bad field. */
export function validateOpInput<D extends OpDef>(name: string, def: D, payload: unknown): InputCheck<z.output<D['input']>> {
  const parsed = def.input.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data as z.output<D['input']> };
  const details = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ');
  return { ok: false, error: { code: 'VALIDATION_FAILED', message: `Invalid input for ${name}: ${details}` } };
}
