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
