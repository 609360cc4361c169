import type { ProgressEvent } from '../../shared/contract/define.js';
import type { CoreOpName } from '../../shared/contract/index.js';
import type { Result } from '../../shared/errors.js';

/** What the core worker is started with. Nothing secret. */
export interface WorkerData {
  version: string;
  dataDir: string;
  keychainService: string;
}

export type WorkerRequest =
  | { type: 'call'; id: number; name: CoreOpName; input: unknown; jobId?: string }
  | { type: 'cancel'; jobId: string };

export type WorkerResponse =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'log'; line: string };
