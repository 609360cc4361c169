// Type-only: the domains' contract modules build zod schemas when they load, and this module is in
// every process's start-up path (the CLI entry included), which must not pay for them.
import type { AGENT_ERROR_CODES } from './contract/agent.js';
import type { APP_ERROR_CODES } from './contract/app.js';
import type { KEYSTORE_ERROR_CODES } from './contract/keystore.js';
import type { PKI_ERROR_CODES } from './contract/pki-ops.js';
import type { PLATFORM_ERROR_CODES } from './contract/platform.js';
import type { TLS_ERROR_CODES } from './contract/tls.js';
import type { VAULT_ERROR_CODES } from './contract/vault.js';

/** Codes any operation may return: bad input, the transport, files, time, the unexpected. */
export const COMMON_ERROR_CODES = [
  'VALIDATION_FAILED',
  'UNKNOWN_METHOD',
  'FORBIDDEN_SENDER',
  'BAD_PASSWORD',
  'PASSWORD_REQUIRED',
  'FILE_NOT_FOUND',
  'FILE_EXISTS',
  'FILE_BUSY',
  'IO_ERROR',
  'VERIFY_FAILED',
  'TIMEOUT',
  'CANCELLED',
  'INTERNAL',
] as const;

/**
 * The closed set of error codes every operation may return: the common ones plus each domain's
 * own list, declared next to its operations (a new domain adds its list here and to ERROR_CODES in
 * shared/contract/index.ts).
 */
export type ErrorCode =
  | (typeof COMMON_ERROR_CODES)[number]
  | (typeof APP_ERROR_CODES)[number]
  | (typeof PLATFORM_ERROR_CODES)[number]
  | (typeof PKI_ERROR_CODES)[number]
  | (typeof KEYSTORE_ERROR_CODES)[number]
  | (typeof AGENT_ERROR_CODES)[number]
  | (typeof TLS_ERROR_CODES)[number]
  | (typeof VAULT_ERROR_CODES)[number];

/** An error as it crosses a boundary: a code, a message for the person, and what to do next. */
export interface AppError {
  code: ErrorCode;
  message: string;
  hint?: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppError };

/** Wraps a value as a successful Result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wraps an error as a failed Result. */
export function fail<T = never>(code: ErrorCode, message: string, hint?: string): Result<T> {
  return { ok: false, error: hint === undefined ? { code, message } : { code, message, hint } };
}

/** CLI exit code for an error: 2 for bad input or usage, 1 otherwise (a problem was found). */
export function exitCodeFor(code: ErrorCode): 1 | 2 {
  switch (code) {
    case 'VALIDATION_FAILED':
    case 'UNKNOWN_METHOD':
    case 'BAD_PASSWORD':
    case 'PASSWORD_REQUIRED':
    case 'KEY_CERT_MISMATCH':
    case 'UNSUPPORTED_FORMAT':
    case 'CORRUPT_FILE':
    case 'NO_CERTIFICATE':
    case 'NO_PRIVATE_KEY':
    case 'KEYSTORE_CORRUPT':
    case 'ALIAS_NOT_FOUND':
    case 'ALIAS_EXISTS':
    case 'CHOICE_REQUIRED':
    case 'CERT_EXPIRED':
    case 'FILE_NOT_FOUND':
    case 'FILE_EXISTS':
    case 'CONFIG_NOT_FOUND':
    case 'CONFIG_INVALID':
    case 'NO_SERVER_KEY':
    case 'CREDENTIAL_NOT_FOUND':
    case 'CREDENTIAL_EXISTS':
    case 'NOT_A_JWT':
      return 2;
    case 'FORBIDDEN_SENDER':
    case 'IO_ERROR':
    case 'FILE_BUSY':
    case 'VERIFY_FAILED':
    case 'SECRET_STORE_UNAVAILABLE':
    case 'SECRET_MISSING':
    case 'TIMEOUT':
    case 'CANCELLED':
    case 'INTERNAL':
      return 1;
    default: {
      const never: never = code;
      return never;
    }
  }
}
