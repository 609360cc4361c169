import type { Result } from '../errors.js';
import type { CallOptions, ProgressEvent } from './define.js';
import { OP_NAMES, type OpNameFromList } from './names.js';

/** How a transport (ipc, loopback http) carries calls; `createApi` turns it into window.certdesk. */
export interface Transport {
  invoke(name: OpNameFromList, input: unknown, options: CallOptions): Promise<Result<unknown>>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  cancel(jobId: string): Promise<void>;
}

/** Builds the named-method API over a transport (grouped by domain). Used by the preload and the harness shim. */
export function createApi(transport: Transport): unknown {
  const api: Record<string, unknown> = {
    onProgress: (listener: (event: ProgressEvent) => void) => transport.onProgress(listener),
    cancel: (jobId: string) => transport.cancel(jobId),
  };
  for (const name of OP_NAMES) {
    const dot = name.indexOf('.');
    const group = (api[name.slice(0, dot)] ??= {}) as Record<string, unknown>;
    group[name.slice(dot + 1)] = (input: unknown, options?: CallOptions) => transport.invoke(name, input, options ?? {});
  }
  return api;
}
