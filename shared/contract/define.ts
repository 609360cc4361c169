import type { z } from 'zod';

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
}

/** Declares an operation; `long` defaults to false, `writes` to none. */
export function op<I extends z.ZodType, O extends z.ZodType>(def: {
  input: I;
  output: O;
  summary: string;
  long?: boolean;
  writes?: readonly string[];
  item?: z.ZodType;
}): OpDef<I, O> {
  const base = { input: def.input, output: def.output, summary: def.summary, long: def.long ?? false, writes: def.writes ?? [] };
  return def.item ? { ...base, item: def.item } : base;
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
