/** The token schemes through the OAuth module: an API token exchanged, the access token used and cached. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCHANGED_TOKEN, SECRETS, startAuthServer, type AuthServer } from '../../../servers/auth-servers.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';

let core: TestCore;
let server: AuthServer;
beforeAll(async () => {
  core = createTestCore();
  server = await startAuthServer();
});
afterAll(async () => {
  await server?.close();
  core?.cleanup();
});

describe('api-token-exchange', () => {
  const input = (apiToken: string) => ({ request: { url: `${server.origin}/exchanged` }, credential: { scheme: 'api-token-exchange', fields: { exchangeUrl: `${server.origin}/exchange` }, secrets: { apiToken } } });

  it('exchanges the API token, calls with the access token, and reuses it from the cache', async () => {
    const first = await core.services['auth.test'](input(SECRETS.apiKey));
    if (!first.ok) throw new Error(first.error.message);
    expect(first.value.verdict).toBe('authenticated');
    expect(first.value.token?.source).toBe('new');
    expect(server.requests.filter((r) => r.url === '/exchange')).toHaveLength(1);
    expect(JSON.stringify(first.value)).not.toContain(EXCHANGED_TOKEN);
    expect(JSON.stringify(first.value)).not.toContain(SECRETS.apiKey);
    const second = await core.services['auth.test'](input(SECRETS.apiKey));
    expect(second.ok && second.value.token?.source).toBe('cache');
    expect(server.requests.filter((r) => r.url === '/exchange')).toHaveLength(1);
  });

  it('a refused API token is rejected at the token endpoint, the API never called', async () => {
    const before = server.requests.filter((r) => r.url === '/exchanged').length;
    const r = await core.services['auth.test'](input('wrong-api-token'));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.verdict).toBe('rejected');
    expect(r.value.summary).toMatch(/^Rejected at the token endpoint/);
    expect(server.requests.filter((x) => x.url === '/exchanged').length).toBe(before);
    expect(JSON.stringify(r.value)).not.toContain('wrong-api-token');
  });

  it('an exchange URL outside the allowed hosts is refused before the token request', async () => {
    const before = server.requests.length;
    const r = await core.services['auth.test']({ ...input(SECRETS.apiKey), credential: { ...input(SECRETS.apiKey).credential, allowedHosts: [`127.0.0.1:${server.port}`], fields: { exchangeUrl: 'http://idp.example.invalid/exchange' } } });
    expect(r.ok ? 'ok' : r.error.code).toBe('HOST_NOT_ALLOWED');
    expect(server.requests.length).toBe(before);
  });
});
