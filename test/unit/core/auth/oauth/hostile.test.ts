import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireToken, type TokenRequest } from '../../../../../electron/core/auth/oauth/index.js';
import { oauthTestCore } from './context.js';

// A token endpoint that answers badly on purpose: each path is one kind of hostile answer.
const answers: Record<string, (res: http.ServerResponse) => void> = {
  '/huge': (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(`{"access_token":"${'a'.repeat(200_000)}"}`),
  '/escape': (res) => res.writeHead(400, { 'Content-Type': 'application/json' }).end(JSON.stringify({ error: 'invalid_request\u001b[31m', error_description: `bad\u202e thing ${'x'.repeat(1000)}` })),
  '/inject': (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: 'abc\r\nX-Injected: 1', token_type: 'Bearer' })),
  '/html': (res) => res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<html>Sign in</html>'),
  '/silent': () => undefined,
  '/odd-type': (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: 'tok-12345678', token_type: 'bearer', expires_in: '3600' })),
};
let base = '';
let server: http.Server;
const t = oauthTestCore();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const answer = answers[req.url ?? ''];
    if (answer) answer(res);
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  t.core.cleanup();
});

const cc = (path: string): TokenRequest => ({ kind: 'oauth2-client-credentials', fields: { tokenUrl: `${base}${path}`, clientId: 'c' }, secrets: { clientSecret: 'hostile-test-secret' }, cacheKey: `h${path}` });

describe('hostile token endpoints', () => {
  it('stops reading an oversized answer', async () => {
    await expect(acquireToken(cc('/huge'), t.ctx())).rejects.toMatchObject({ code: 'TOKEN_RESPONSE_INVALID', message: expect.stringMatching(/more than 64 KiB/) });
  });

  it('escapes and caps the server error text', async () => {
    const err = (await acquireToken(cc('/escape'), t.ctx()).catch((e: unknown) => e)) as Error & { serverError: string };
    expect(err.serverError).toBe('invalid_request\\x1b[31m');
    expect(err.message).toContain('bad\\u202e thing');
    expect(err.message).not.toContain('\u001b');
    expect(err.message).not.toContain('\u202e');
    expect(err.message.length).toBeLessThan(500);
  });

  it('refuses a token that would inject a header, and a page instead of JSON', async () => {
    await expect(acquireToken(cc('/inject'), t.ctx())).rejects.toMatchObject({ code: 'TOKEN_RESPONSE_INVALID' });
    await expect(acquireToken(cc('/html'), t.ctx())).rejects.toMatchObject({ code: 'TOKEN_RESPONSE_INVALID', message: expect.stringMatching(/not with a JSON object \(text\/html\)/) });
  });

  it('times out on a server that never answers', async () => {
    await expect(acquireToken(cc('/silent'), t.ctx(undefined, { timeoutMs: 300 }))).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('reads "bearer" as Bearer and a string expires_in as seconds', async () => {
    const token = await acquireToken(cc('/odd-type'), t.ctx());
    expect(token.tokenType).toBe('Bearer');
    expect(Math.abs(new Date(token.expiresAt ?? 0).getTime() - t.clock.now().getTime() - 3600_000)).toBeLessThan(5000);
  });
});
