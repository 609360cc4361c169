import type { KeychainPort } from '../../vault/keychain.js';
import type { CachedToken, TokenCache } from './types.js';

/** The keychain account a credential's refresh token is stored under. */
export function refreshAccount(cacheKey: string): string {
  return `oauth-refresh/${cacheKey}`;
}

interface StoredRefresh {
  v: 1;
  fingerprint: string;
  refreshToken: string;
}

/**
 * A token cache over the OS keychain: access tokens stay in this process's memory; a refresh token
 * is kept (with the fingerprint of the endpoint and client it belongs to) in the keychain, so the next
 * process signs in without the browser. `addSecret` is the log's redaction (deps.log.addSecret).
 */
export function createTokenCache(keychain: KeychainPort, addSecret: (secret: string) => void): TokenCache {
  const memory = new Map<string, CachedToken>();
  return {
    get(cacheKey) {
      const entry = memory.get(cacheKey);
      return entry;
    },
    set(cacheKey, token) {
      memory.set(cacheKey, token);
    },
    async getRefreshToken(cacheKey, fingerprint) {
      const raw = await keychain.get(refreshAccount(cacheKey));
      if (raw === null) return null;
      const stored = parseStored(raw);
      if (!stored) return null;
      addSecret(stored.refreshToken);
      return stored.fingerprint === fingerprint ? stored.refreshToken : null;
    },
    async setRefreshToken(cacheKey, fingerprint, refreshToken) {
      addSecret(refreshToken);
      const stored: StoredRefresh = { v: 1, fingerprint, refreshToken };
      await keychain.set(refreshAccount(cacheKey), JSON.stringify(stored));
    },
    async forget(cacheKey) {
      memory.delete(cacheKey);
      await keychain.delete(refreshAccount(cacheKey));
    },
  };
}

function parseStored(raw: string): StoredRefresh | null {
  try {
    const v = JSON.parse(raw) as Partial<StoredRefresh> | null;
    if (v && v.v === 1 && typeof v.fingerprint === 'string' && typeof v.refreshToken === 'string' && v.refreshToken !== '') return v as StoredRefresh;
  } catch {
    // A value that is not ours is ignored (and replaced at the next sign-in).
  }
  return null;
}
