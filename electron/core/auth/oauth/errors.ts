import type { TokenErrorCode, TokenStep } from './types.js';

/**
 * Why a token could not be had, worded for the person, with the steps made so far (masked) so the
 * request that failed can be shown. The auth engine turns it into a verdict.
 */
export class TokenError extends Error {
  readonly code: TokenErrorCode;
  readonly hint: string;
  /** The server's `error` (invalid_client …), escaped and capped, when it gave one. */
  readonly serverError: string | undefined;
  readonly status: number | undefined;
  steps: TokenStep[];

  constructor(code: TokenErrorCode, message: string, hint: string, extra: { serverError?: string; status?: number; steps?: TokenStep[] } = {}) {
    super(message);
    this.name = 'TokenError';
    this.code = code;
    this.hint = hint;
    this.serverError = extra.serverError;
    this.status = extra.status;
    this.steps = extra.steps ?? [];
  }
}
