/**
 * An HTTP request as the person composes it (the auth tests' form, a pasted curl command, "copy as
 * curl / PowerShell"). Plain types: the contract's schema (shared/contract/auth.ts) matches them.
 */
import type { CredentialKind } from './credential-kinds.js';

export interface RequestHeader {
  name: string;
  value: string;
}

export interface FormField {
  name: string;
  value: string;
}

export type RequestBody =
  | { type: 'none' }
  | { type: 'json'; text: string }
  | { type: 'form'; fields: FormField[] }
  | { type: 'raw'; text: string; contentType?: string }
  | { type: 'file'; path: string; contentType?: string };

export interface RequestSpec {
  method: string;
  url: string;
  headers: RequestHeader[];
  body: RequestBody;
}

/**
 * The auth part of a request as a command may show it: the scheme and its non-secret fields. Secret
 * fields are never here; a command refers to them through environment variables.
 */
export interface AuthSpec {
  scheme: CredentialKind | 'none';
  /** Non-secret field values (user, region, header name …). */
  fields: Record<string, string>;
}
