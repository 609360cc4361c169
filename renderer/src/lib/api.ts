import type { CertdeskApi, ProgressEvent } from '../../../shared/contract/index.js';
import type { Result } from '../../../shared/errors.js';

/** The app's API (window.certdesk, set up by the preload in Electron or by the test harness shim). */
export function api(): CertdeskApi {
  return window.certdesk;
}

/** A running long job the UI can follow and stop. */
export interface Job<T> {
  id: string;
  result: Promise<Result<T>>;
  cancel(): void;
}

/** Starts a long operation with a fresh job id, forwarding its progress events to `onProgress`. */
export function startJob<T>(
  run: (options: { jobId: string }) => Promise<Result<T>>,
  onProgress: (event: ProgressEvent) => void,
): Job<T> {
  const id = crypto.randomUUID();
  const unsubscribe = api().onProgress((event) => {
    if (event.jobId === id) onProgress(event);
  });
  const result = run({ jobId: id }).finally(unsubscribe);
  return { id, result, cancel: () => void api().cancel(id) };
}
