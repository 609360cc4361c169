import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTokenCache, type TokenContext } from '../../../../../electron/core/auth/oauth/index.js';
import { createExternalOpener } from '../../../../../electron/core/net/open-external.js';
import { createTestCore, type TestCore } from '../../../../helpers/core.js';

/** A clock the test moves forward. */
export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export function testClock(): TestClock {
  let offset = 0;
  return { now: () => new Date(Date.now() + offset), advance: (ms) => void (offset += ms) };
}

export interface OAuthTestCore {
  core: TestCore;
  clock: TestClock;
  ctx(opener?: (url: string) => Promise<void>, extra?: Partial<TokenContext>): TokenContext;
}

/** A real core (isolated data folder, unique keychain service) and token contexts over it sharing one cache. */
export function oauthTestCore(): OAuthTestCore {
  const clock = testClock();
  const core = createTestCore({ clock });
  const cache = createTokenCache(core.deps.keychain, (s) => core.deps.log.addSecret(s));
  return {
    core,
    clock,
    ctx: (opener, extra = {}) => ({
      net: core.deps.net,
      clock,
      openExternal: createExternalOpener(opener),
      signal: new AbortController().signal,
      cache,
      log: core.deps.log,
      timeoutMs: 10_000,
      loginTimeoutMs: 20_000,
      ...extra,
    }),
  };
}

/** Every file under the data folder, with its text. */
export function dataFolderText(dir: string): string {
  let text = '';
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else text += `\n${p}\n${readFileSync(p, 'latin1')}`;
    }
  };
  walk(dir);
  return text;
}

/** Calls an API with the token, as the auth test will. */
export async function callApi(url: string, token: { tokenType: string; accessToken: string }): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers: { Authorization: `${token.tokenType} ${token.accessToken}` } });
  return { status: res.status, body: (await res.json()) as unknown };
}
