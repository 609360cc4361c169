import type { AppError, ErrorCode } from '../../shared/errors.js';

/** The one exception type core code throws; service wrappers turn it into a failed Result. */
export class CertdeskError extends Error {
  readonly code: ErrorCode;
  readonly hint: string | undefined;

  constructor(code: ErrorCode, message: string, hint?: string) {
    super(message);
    this.name = 'CertdeskError';
    this.code = code;
    this.hint = hint;
  }

  /** The serialisable form that crosses a boundary. */
  toAppError(): AppError {
    return this.hint === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, hint: this.hint };
  }
}

/** Turns anything thrown into an AppError without leaking stack traces or secrets. */
export function toAppError(err: unknown): AppError {
  if (err instanceof CertdeskError) return err.toAppError();
  const e = err as NodeJS.ErrnoException | undefined;
  if (e && typeof e === 'object' && typeof e.code === 'string') {
    if (e.code === 'ENOENT') return { code: 'FILE_NOT_FOUND', message: `File not found: ${e.path ?? ''}`.trim() };
    if (e.code === 'EACCES' || e.code === 'EPERM')
      return { code: 'IO_ERROR', message: `Permission denied: ${e.path ?? ''}`.trim(), hint: 'Check the file permissions.' };
    if (e.code === 'EISDIR') return { code: 'IO_ERROR', message: `Expected a file but found a folder: ${e.path ?? ''}`.trim() };
  }
  return { code: 'INTERNAL', message: 'An unexpected error occurred.', hint: 'See the log for details.' };
}
