import type { RequestOptions as HttpsRequestOptions } from 'node:https';
import type { Clock } from '../../deps.js';
import type { Logger } from '../../log.js';
import type { ExternalOpener } from '../../net/open-external.js';
import type { Net } from '../../net/request.js';

/** The credential kinds whose access token comes from a token endpoint rather than from the vault. */
export const TOKEN_KINDS = ['oauth2-client-credentials', 'oauth2-authorization-code', 'api-token-exchange'] as const;
export type TokenKind = (typeof TOKEN_KINDS)[number];

/** What to get a token for: a credential's kind and fields (shared/credential-kinds.ts names them). */
export interface TokenRequest {
  kind: TokenKind;
  /**
   * Non-secret fields, by the names in shared/credential-kinds.ts. Beyond those, every kind also reads
   * `extraParams` (`a=1&b=2`, added to the token request), `paramsIn` (`body` default, or `url`: the
   * token request's parameters in the query string) and `tokenHeaders` (`Name: value` lines, sent with
   * the token request) — PRODUCT.md's outbound OAuth options.
   */
  fields: Record<string, string>;
  /** Secret fields (`clientSecret`, `apiToken`); registered with the log's redaction before any use. */
  secrets: Record<string, string>;
  /** Names the cached token and the stored refresh token (e.g. the credential's id). */
  cacheKey: string;
  /** Skip the cached access token (a stored refresh token is still used; `cache.forget` drops it). */
  forceNew?: boolean;
}

/** What acquireToken needs from its caller; all of it comes from CoreDeps plus the running job. */
export interface TokenContext {
  net: Net;
  clock: Clock;
  /** deps.openExternal: the authorization URL is `allow`ed, then opened in the system browser. */
  openExternal: ExternalOpener;
  /** The job's signal: cancelling stops every request and the loopback wait. */
  signal: AbortSignal;
  cache: TokenCache;
  log: Logger;
  /** TLS options for the token/authorization endpoints (a CA to trust, a client certificate). */
  tls?: HttpsRequestOptions;
  /** Each HTTP request's whole deadline (default 15 s). */
  timeoutMs?: number;
  /** How long the loopback redirect waits for the browser (default 5 minutes). */
  loginTimeoutMs?: number;
}

/** One HTTP exchange made to get the token, as the person may see it: every secret masked. */
export interface TokenStep {
  /** e.g. "Token request (client credentials)", "Refresh", "Sign-in in the browser". */
  what: string;
  request: { method: string; url: string; headers: Record<string, string>; body: string };
  /** The HTTP status (0 for a step that is not an HTTP request of ours, such as the browser sign-in). */
  status: number;
  ms: number;
  note?: string;
}

/** An access token ready to send as `Authorization: <tokenType> <accessToken>`. */
export interface AcquiredToken {
  accessToken: string;
  /** As the server said (`Bearer` when it did not). */
  tokenType: string;
  /** ISO time, or null when neither the response nor the token says. */
  expiresAt: string | null;
  source: 'cache' | 'new' | 'refreshed';
  /** The scope the server granted, when it said. */
  scope?: string;
  steps: TokenStep[];
}

/** Why a token could not be had (network failures stay CertdeskError TIMEOUT / IO_ERROR / CANCELLED). */
export type TokenErrorCode =
  /** The token endpoint answered with an error (invalid_client, invalid_grant, invalid_scope …) or 401/403. */
  | 'TOKEN_REJECTED'
  /** The endpoint answered 2xx but not with a usable token (not JSON, no token field, too large). */
  | 'TOKEN_RESPONSE_INVALID'
  /** The browser sign-in failed: the server returned an error, the state did not match, or nobody came back in time. */
  | 'AUTHORIZATION_FAILED';

/** A cached access token (memory only). */
export interface CachedToken {
  accessToken: string;
  tokenType: string;
  /** Epoch ms; the cache treats the token as lapsed a little before. */
  expiresAt: number | null;
  /** Epoch ms after which the entry is dropped even without an expiry. */
  keepUntil: number;
  scope?: string;
  /** A digest of what the token was obtained for: a changed field or secret misses the cache. */
  fingerprint: string;
}

/**
 * Where tokens are kept: access tokens in this process's memory only; refresh tokens (secrets) in the
 * OS keychain under `oauth-refresh/<cacheKey>`, never in a file.
 */
export interface TokenCache {
  get(cacheKey: string): CachedToken | undefined;
  set(cacheKey: string, token: CachedToken): void;
  /** The stored refresh token, when it was issued for the same endpoint and client (fingerprint). */
  getRefreshToken(cacheKey: string, fingerprint: string): Promise<string | null>;
  setRefreshToken(cacheKey: string, fingerprint: string, refreshToken: string): Promise<void>;
  /** Drops the access token and the stored refresh token ("sign in again", a deleted credential). */
  forget(cacheKey: string): Promise<void>;
}
