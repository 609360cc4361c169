import type { ProgressEvent } from '../../shared/contract/define.js';
import type { CoreOpName } from '../../shared/contract/index.js';
import type { Result } from '../../shared/errors.js';

/** What the core worker is started with. Nothing secret. */
export interface WorkerData {
  version: string;
  dataDir: string;
  keychainService: string;
  /** The main process relays a clipboard (the worker then has the core's clipboard port). */
  clipboard?: boolean;
}

export type WorkerRequest =
  | { type: 'call'; id: number; name: CoreOpName; input: unknown; jobId?: string }
  | { type: 'cancel'; jobId: string }
  /** The main process's answer to a clipboard read. */
  | { type: 'clipboard-text'; id: number; text: string };

export type WorkerResponse =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'log'; line: string }
  /** The core's clipboard port: the clipboard is the main process's (Electron's), so the worker asks it. */
  | { type: 'clipboard'; id: number; op: 'write'; text: string }
  | { type: 'clipboard'; id: number; op: 'read' };
