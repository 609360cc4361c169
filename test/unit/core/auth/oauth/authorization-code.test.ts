import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireToken, refreshAccount, TokenError, type TokenRequest } from '../../../../../electron/core/auth/oauth/index.js';
import { CLIENTS, type OAuthServer, scriptedBrowser, startOAuthServer } from '../../../../servers/oauth-server.js';
import { callApi, dataFolderText, oauthTestCore } from './context.js';

// The refresh token lives in the OS keychain: these run against the real Secret Service (gnome-keyring
// in a private D-Bus session, as .ci/run starts it). In CI the bus is required.
const hasBus = Boolean(process.env['DBUS_SESSION_BUS_ADDRESS']) || process.env['CI'] === 'true';

let server: OAuthServer;
const t = oauthTestCore();
const seen: string[] = [];

beforeAll(async () => {
  server = await startOAuthServer();
});
afterAll(async () => {
  await server.close();
  t.core.cleanup();
});

const code = (cacheKey: string, fields: Record<string, string> = {}, secrets: Record<string, string> = {}): TokenRequest => ({
  kind: 'oauth2-authorization-code',
  fields: { authUrl: server.authUrl, tokenUrl: server.tokenUrl, clientId: CLIENTS.native.id, scope: 'openid reports:read', ...fields },
  secrets,
  cacheKey,
});

describe.runIf(hasBus)('OAuth 2.0 authorization code with PKCE against oidc-provider', () => {
  it('signs in through the browser, keeps the refresh token in the keychain, and uses and rotates it once the access token lapses', async () => {
    const opened: string[] = [];
    const first = await acquireToken(code('ac-native'), t.ctx(scriptedBrowser({ opened, login: 'helpdesk.anna' })));
    expect(first).toMatchObject({ tokenType: 'Bearer', source: 'new' });
    expect(await callApi(server.apiUrl, first)).toMatchObject({ status: 200, body: { sub: 'helpdesk.anna', client_id: CLIENTS.native.id } });
    // The browser was sent to the authorization URL with PKCE S256, a state and the loopback redirect.
    const auth = new URL(opened[0] ?? '');
    expect(auth.origin + auth.pathname).toBe(server.authUrl);
    expect(auth.searchParams.get('code_challenge_method')).toBe('S256');
    expect(auth.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(auth.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(auth.searchParams.get('redirect_uri')).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    expect(first.steps.map((s) => [s.what, s.status])).toEqual([
      ['Sign-in in the browser', 0],
      ['Token request (authorization code)', 200],
    ]);
    expect(first.steps[1]?.request.body).toMatch(/^grant_type=authorization_code&code=\[masked\]&redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Fcallback&code_verifier=\[masked\]&client_id=desktop-native$/);
    const stored = await t.core.keychain.get(refreshAccount('ac-native'));
    const firstRefresh = (JSON.parse(stored ?? '{}') as { refreshToken?: string }).refreshToken ?? '';
    expect(firstRefresh.length).toBeGreaterThan(20);
    seen.push(first.accessToken, firstRefresh);

    // Still valid: the cache answers, no browser.
    const cached = await acquireToken(code('ac-native'), t.ctx(() => Promise.reject(new Error('the browser must not open'))));
    expect(cached).toMatchObject({ source: 'cache', accessToken: first.accessToken });

    // Two hours later the access token has lapsed: the stored refresh token is used, the browser is not.
    t.clock.advance(2 * 3600_000);
    const refreshed = await acquireToken(code('ac-native'), t.ctx(() => Promise.reject(new Error('the browser must not open'))));
    expect(refreshed.source).toBe('refreshed');
    expect(refreshed.accessToken).not.toBe(first.accessToken);
    expect(refreshed.steps.map((s) => s.what)).toEqual(['Refresh (stored refresh token)']);
    expect(refreshed.steps[0]?.request.body).toBe('grant_type=refresh_token&refresh_token=[masked]&client_id=desktop-native&scope=openid+reports%3Aread');
    expect(await callApi(server.apiUrl, refreshed)).toMatchObject({ status: 200, body: { sub: 'helpdesk.anna' } });
    // The server rotated the refresh token; the keychain holds the new one.
    const rotated = (JSON.parse((await t.core.keychain.get(refreshAccount('ac-native'))) ?? '{}') as { refreshToken?: string }).refreshToken ?? '';
    expect(rotated).not.toBe(firstRefresh);
    expect(rotated.length).toBeGreaterThan(20);
    seen.push(refreshed.accessToken, rotated);
    expect(server.grants.filter((g) => g === 'refresh_token')).toHaveLength(1);
  });

  it('signs in again in the browser when the stored refresh token is refused', async () => {
    await t.core.keychain.set(refreshAccount('ac-native'), (await t.core.keychain.get(refreshAccount('ac-native')))!.replace(/"refreshToken":"[^"]+"/, '"refreshToken":"revoked-refresh-token-value"'));
    const token = await acquireToken({ ...code('ac-native'), forceNew: true }, t.ctx(scriptedBrowser()));
    expect(token.source).toBe('new');
    expect(token.steps.map((s) => [s.what, s.status])).toEqual([
      ['Refresh (stored refresh token)', 400],
      ['Sign-in in the browser', 0],
      ['Token request (authorization code)', 200],
    ]);
    expect(token.steps[0]?.note).toMatch(/refused \(invalid_grant\); signing in again/);
  });

  it('uses the client secret (Basic) for a confidential client', async () => {
    const token = await acquireToken(code('ac-conf', { clientId: CLIENTS.confidential.id }, { clientSecret: CLIENTS.confidential.secret }), t.ctx(scriptedBrowser()));
    expect(token.source).toBe('new');
    expect(token.steps[1]?.request.headers['Authorization']).toBe('Basic [masked]');
    expect(await callApi(server.apiUrl, token)).toMatchObject({ status: 200, body: { client_id: CLIENTS.confidential.id } });
    expect(JSON.stringify(token.steps)).not.toContain(CLIENTS.confidential.secret);
    seen.push(token.accessToken);
  });

  it('refuses an answer whose state does not match, and answers the browser with a page', async () => {
    let page = '';
    const exchanges = server.grants.filter((g) => g === 'authorization_code').length;
    const forge = scriptedBrowser({ tamper: (u) => (u.searchParams.set('state', 'forged-state'), u) });
    const err = await acquireToken(code('ac-state'), t.ctx(async (url) => {
      await forge(url);
      page = 'visited';
    })).catch((e: unknown) => e);
    expect(page).toBe('visited');
    expect(err).toBeInstanceOf(TokenError);
    expect(err).toMatchObject({ code: 'AUTHORIZATION_FAILED', message: expect.stringMatching(/state that does not match/) });
    expect((err as TokenError).steps.map((s) => s.what)).toEqual(['Sign-in in the browser']);
    expect(server.grants.filter((g) => g === 'authorization_code')).toHaveLength(exchanges);
    expect(await t.core.keychain.get(refreshAccount('ac-state'))).toBeNull();
  });

  it('reports a sign-in the person aborted as access_denied', async () => {
    const err = await acquireToken(code('ac-abort'), t.ctx(scriptedBrowser({ abort: true }))).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTHORIZATION_FAILED', serverError: 'access_denied', message: expect.stringMatching(/refused the sign-in: access_denied/) });
  });

  it('gives up when nobody comes back from the browser in time', async () => {
    const err = await acquireToken(code('ac-late'), t.ctx(() => Promise.resolve(), { loginTimeoutMs: 300 })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'AUTHORIZATION_FAILED', message: 'Nobody came back from the browser within 1 s.' });
  });

  it('stops waiting when the job is cancelled', async () => {
    const ac = new AbortController();
    const pending = acquireToken(code('ac-cancel'), t.ctx(() => Promise.resolve(), { signal: ac.signal }));
    setTimeout(() => ac.abort(), 100);
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('forget drops the refresh token from the keychain; nothing secret is in the data folder or the log', async () => {
    const text = dataFolderText(t.core.dataDir) + t.core.logLines.join('\n');
    expect(text).toContain('oauth-refresh/ac-native'); // the keychain's account index names the account only
    for (const s of [...seen, CLIENTS.confidential.secret]) expect(text).not.toContain(s);
    const ctx = t.ctx();
    await ctx.cache.forget('ac-native');
    await ctx.cache.forget('ac-conf');
    expect(await t.core.keychain.get(refreshAccount('ac-native'))).toBeNull();
    expect(await t.core.keychain.accounts()).toEqual([]);
  });
});
