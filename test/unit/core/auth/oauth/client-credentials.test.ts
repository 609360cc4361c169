import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireToken, TokenError } from '../../../../../electron/core/auth/oauth/index.js';
import { CLIENTS, type OAuthServer, startOAuthServer } from '../../../../servers/oauth-server.js';
import { callApi, dataFolderText, oauthTestCore } from './context.js';

let server: OAuthServer;
const t = oauthTestCore();

beforeAll(async () => {
  server = await startOAuthServer();
});
afterAll(async () => {
  await server.close();
  t.core.cleanup();
});

const cc = (client: { id: string; secret: string }, fields: Record<string, string> = {}, secret = client.secret) => ({
  kind: 'oauth2-client-credentials' as const,
  fields: { tokenUrl: server.tokenUrl, clientId: client.id, scope: 'reports:read', ...fields },
  secrets: { clientSecret: secret },
  cacheKey: `cc-${client.id}-${JSON.stringify(fields)}-${secret.length}`,
});

describe('OAuth 2.0 client credentials against oidc-provider', () => {
  it('gets a token with Basic client authentication that the API accepts by introspection, then serves it from the cache', async () => {
    const first = await acquireToken(cc(CLIENTS.basic), t.ctx());
    expect(first).toMatchObject({ tokenType: 'Bearer', source: 'new', scope: 'reports:read' });
    expect(new Date(first.expiresAt ?? 0).getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(await callApi(server.apiUrl, first)).toEqual({ status: 200, body: { sub: null, client_id: CLIENTS.basic.id, scope: 'reports:read' } });
    // The request as shown: Basic masked, no secret anywhere in the step.
    expect(first.steps).toHaveLength(1);
    const step = first.steps[0]!;
    expect(step).toMatchObject({ what: 'Token request (client credentials)', status: 200, request: { method: 'POST', url: server.tokenUrl, body: 'grant_type=client_credentials&scope=reports%3Aread' } });
    expect(step.request.headers['Authorization']).toBe('Basic [masked]');
    expect(JSON.stringify(first.steps)).not.toContain(CLIENTS.basic.secret);

    const before = server.grants.length;
    const second = await acquireToken(cc(CLIENTS.basic), t.ctx());
    expect(second).toMatchObject({ source: 'cache', accessToken: first.accessToken, steps: [] });
    expect(server.grants.length).toBe(before);
    // forceNew skips the cache.
    const third = await acquireToken({ ...cc(CLIENTS.basic), forceNew: true }, t.ctx());
    expect(third.source).toBe('new');
    expect(third.accessToken).not.toBe(first.accessToken);
  });

  it('sends the client secret in the body when clientAuth is body', async () => {
    const token = await acquireToken(cc(CLIENTS.body, { clientAuth: 'body' }), t.ctx());
    expect(token.source).toBe('new');
    expect((await callApi(server.apiUrl, token)).body).toMatchObject({ client_id: CLIENTS.body.id });
    const step = token.steps[0]!;
    expect(step.request.headers['Authorization']).toBeUndefined();
    expect(step.request.body).toBe(`grant_type=client_credentials&scope=reports%3Aread&client_id=${CLIENTS.body.id}&client_secret=[masked]`);
  });

  it('says invalid_client, with the server description and a hint, for a wrong secret', async () => {
    const err = await acquireToken(cc(CLIENTS.basic, {}, 'not-the-secret-at-all'), t.ctx()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenError);
    const te = err as TokenError;
    expect(te).toMatchObject({ code: 'TOKEN_REJECTED', serverError: 'invalid_client', status: 401 });
    expect(te.message).toMatch(/^The token endpoint refused the request with HTTP 401: invalid_client \(client authentication failed\)\.$/);
    expect(te.hint).toMatch(/client ID and secret/);
    expect(te.steps[0]).toMatchObject({ status: 401, request: { headers: { Authorization: 'Basic [masked]' } } });
  });

  it('says invalid_scope for a scope the client may not have', async () => {
    const err = await acquireToken(cc(CLIENTS.body, { clientAuth: 'body', scope: 'reports:write' }), t.ctx()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TOKEN_REJECTED', serverError: 'invalid_scope' });
    expect((err as TokenError).hint).toMatch(/scopes this client is allowed/);
  });

  it('refuses bad fields before sending anything', async () => {
    const before = server.grants.length;
    await expect(acquireToken({ ...cc(CLIENTS.basic), fields: { tokenUrl: 'ftp://x', clientId: 'a' } }, t.ctx())).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(acquireToken({ ...cc(CLIENTS.basic), secrets: {} }, t.ctx())).rejects.toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/clientSecret/) });
    await expect(acquireToken(cc(CLIENTS.basic, { clientAuth: 'header' }), t.ctx())).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(acquireToken(cc(CLIENTS.basic, { tokenHeaders: 'X-Bad\r\nInjected: 1' }), t.ctx())).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(server.grants.length).toBe(before);
  });

  it('adds extra parameters and token-request headers, masking nothing it need not', async () => {
    const token = await acquireToken(cc(CLIENTS.basic, { extraParams: 'tenant=north&resource_owner=ops', tokenHeaders: 'X-Tenant: north' }), t.ctx());
    expect(token.steps[0]?.request.body).toBe('grant_type=client_credentials&scope=reports%3Aread&tenant=north&resource_owner=ops');
    expect(token.steps[0]?.request.headers['X-Tenant']).toBe('north');
  });

  it('leaves no secret in the data folder or the log', () => {
    const text = dataFolderText(t.core.dataDir) + t.core.logLines.join('\n');
    for (const s of [CLIENTS.basic.secret, CLIENTS.body.secret]) expect(text).not.toContain(s);
  });
});
