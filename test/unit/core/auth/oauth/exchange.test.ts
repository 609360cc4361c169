import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireToken, TokenError, type TokenRequest } from '../../../../../electron/core/auth/oauth/index.js';
import { type ExchangeServer, makeJwt, startExchangeServer } from '../../../../servers/oauth-exchange-server.js';
import { callApi, dataFolderText, oauthTestCore } from './context.js';

// An API token as such systems issue them: a long-lived RS256-looking JWT, shown once.
const API_TOKEN = makeJwt({ sub: 'integration-user', scope: 'events', exp: Math.floor(Date.now() / 1000) + 30 * 86400 });
let server: ExchangeServer;
const t = oauthTestCore();
const issued: string[] = [];

beforeAll(async () => {
  server = await startExchangeServer(API_TOKEN);
});
afterAll(async () => {
  await server.close();
  t.core.cleanup();
});

const exchange = (cacheKey: string, fields: Record<string, string> = {}, apiToken = API_TOKEN): TokenRequest => ({
  kind: 'api-token-exchange',
  fields: { exchangeUrl: server.exchangeUrl, ...fields },
  secrets: { apiToken },
  cacheKey,
});

describe('API token exchanged for an access token', () => {
  it('POSTs the API token as Bearer, uses the access token until it lapses, then fetches a new one', async () => {
    server.shape = 'oauth';
    const first = await acquireToken(exchange('ex-oauth'), t.ctx());
    expect(first).toMatchObject({ tokenType: 'Bearer', source: 'new' });
    expect(server.exchanges.at(-1)).toBe(`Bearer ${API_TOKEN}`);
    expect(await callApi(server.apiUrl, first)).toEqual({ status: 200, body: { ok: true } });
    const left = new Date(first.expiresAt ?? 0).getTime() - Date.now();
    expect(left).toBeGreaterThan(1790_000);
    expect(left).toBeLessThan(1801_000);
    expect(first.steps).toEqual([
      { what: 'Token exchange (API token)', request: { method: 'POST', url: server.exchangeUrl, headers: { Accept: 'application/json', Authorization: 'Bearer [masked]', 'Content-Length': '0' }, body: '' }, status: 200, ms: expect.any(Number) },
    ]);
    issued.push(first.accessToken);

    const count = server.exchanges.length;
    expect(await acquireToken(exchange('ex-oauth'), t.ctx())).toMatchObject({ source: 'cache', accessToken: first.accessToken });
    expect(server.exchanges.length).toBe(count);

    // 29 minutes 45 seconds later the token is within its last 30 seconds: fetched anew.
    t.clock.advance(1785_000);
    const next = await acquireToken(exchange('ex-oauth'), t.ctx());
    expect(next.source).toBe('new');
    expect(next.accessToken).not.toBe(first.accessToken);
    expect(server.exchanges.length).toBe(count + 1);
    issued.push(next.accessToken);
  });

  it('reads accessToken with an ISO expiry, a JWT RawToken by its exp, a nested token with epoch seconds, and a bare token', async () => {
    server.shape = 'iso';
    const iso = await acquireToken(exchange('ex-iso'), t.ctx());
    expect(await callApi(server.apiUrl, iso)).toMatchObject({ status: 200 });
    expect(Math.abs(new Date(iso.expiresAt ?? 0).getTime() - (Date.now() + 1800_000))).toBeLessThan(5000);

    server.shape = 'jwt';
    server.lifetime = 600;
    const jwt = await acquireToken(exchange('ex-jwt'), t.ctx());
    expect(jwt.accessToken.split('.')).toHaveLength(3);
    expect(Math.abs(new Date(jwt.expiresAt ?? 0).getTime() - (Date.now() + 600_000))).toBeLessThan(5000);
    expect(await callApi(server.apiUrl, jwt)).toMatchObject({ status: 200 });

    server.shape = 'nested';
    const nested = await acquireToken(exchange('ex-nested'), t.ctx());
    expect(await callApi(server.apiUrl, nested)).toMatchObject({ status: 200 });
    expect(nested.expiresAt).not.toBeNull();

    server.shape = 'text';
    const text = await acquireToken(exchange('ex-text'), t.ctx());
    expect(await callApi(server.apiUrl, text)).toMatchObject({ status: 200 });
    expect(text.expiresAt).toBeNull();

    // Named fields: the token under a path, the expiry named.
    server.shape = 'nested';
    server.lifetime = 1800;
    const named = await acquireToken(exchange('ex-named', { tokenField: 'data.token', expiryField: 'data.expiresAt' }), t.ctx());
    expect(await callApi(server.apiUrl, named)).toMatchObject({ status: 200 });
    expect(new Date(named.expiresAt ?? 0).getTime()).toBeGreaterThan(Date.now() + 1700_000);
    issued.push(iso.accessToken, jwt.accessToken, nested.accessToken, text.accessToken, named.accessToken);
  });

  it('says the API token was refused, with the server message and a hint', async () => {
    server.shape = 'oauth';
    const err = await acquireToken(exchange('ex-bad', {}, 'an-expired-or-wrong-api-token'), t.ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenError);
    expect(err).toMatchObject({ code: 'TOKEN_REJECTED', status: 401, message: 'The exchange endpoint refused the request with HTTP 401: The API token is not valid..' });
    expect((err as TokenError).hint).toMatch(/expired, revoked or mistyped/);
  });

  it('refuses answers without a usable token', async () => {
    server.shape = 'html';
    await expect(acquireToken(exchange('ex-html'), t.ctx())).rejects.toMatchObject({ code: 'TOKEN_RESPONSE_INVALID', message: expect.stringMatching(/without a token \(text\/html\)/) });
    server.shape = 'no-token';
    await expect(acquireToken(exchange('ex-none'), t.ctx())).rejects.toMatchObject({ code: 'TOKEN_RESPONSE_INVALID', message: expect.stringMatching(/without a token field/) });
    server.shape = 'oauth';
    await expect(acquireToken(exchange('ex-field', { tokenField: 'RawToken' }), t.ctx())).rejects.toMatchObject({ code: 'TOKEN_RESPONSE_INVALID', message: expect.stringMatching(/without the field "RawToken"/) });
  });

  it('leaves no secret in the data folder or the log', () => {
    const text = dataFolderText(t.core.dataDir) + t.core.logLines.join('\n');
    for (const s of [API_TOKEN, ...issued]) expect(text).not.toContain(s);
  });
});
