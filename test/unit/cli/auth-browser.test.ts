/**
 * The authorization code flow from the command line: the CLI prints the sign-in address (and asks the
 * desktop's opener to show it), a browser signs in at a real authorization server (oidc-provider), and the
 * call authenticates against an API that checks the token by introspection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCertdesk } from '../../helpers/cli.js';
import { CLIENTS, type OAuthServer, scriptedBrowser, startOAuthServer } from '../../servers/oauth-server.js';

let server: OAuthServer;
let home: string;
const service = `certdesk-test-auth-browser-${process.pid}-${Date.now()}`;

beforeAll(async () => {
  server = await startOAuthServer();
  home = mkdtempSync(join(tmpdir(), 'certdesk-auth-browser-'));
});
afterAll(async () => {
  await server.close();
  rmSync(home, { recursive: true, force: true });
});

describe('certdesk auth test with the authorization code flow', () => {
  it('prints the sign-in address, waits for the browser, and authenticates with the token it got', async () => {
    const opened: string[] = [];
    const browser = scriptedBrowser({ opened });
    let signIn: Promise<void> | undefined;
    const run = await runCertdesk(
      ['auth', 'test', server.apiUrl, '--scheme', 'oauth2-authorization-code', '--field', `authUrl=${server.authUrl}`, '--field', `tokenUrl=${server.tokenUrl}`,
        '--field', `clientId=${CLIENTS.native.id}`, '--field', 'scope=openid reports:read', '--json'],
      {
        // A server without a desktop: an empty PATH has no xdg-open, so the printed address is the way in.
        env: { CERTDESK_HOME: home, CERTDESK_KEYCHAIN_SERVICE: service, PATH: join(home, 'no-desktop') },
        timeoutMs: 60_000,
        onStderr: (text) => {
          const url = /Sign in in your browser[^\n]*\n\s+(\S+)/.exec(text)?.[1];
          if (url && !signIn) signIn = browser(url);
        },
      },
    );
    await signIn;
    expect(opened).toHaveLength(1);
    const address = new URL(opened[0] ?? '');
    expect(address.origin + address.pathname).toBe(server.authUrl);
    expect(address.searchParams.get('code_challenge_method')).toBe('S256');
    expect(run.code, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { verdict: string; status: number };
    expect(result).toMatchObject({ verdict: 'authenticated', status: 200 });
    expect(server.grants).toContain('authorization_code');
  });
});
