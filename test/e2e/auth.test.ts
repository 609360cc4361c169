import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRETS, startAuthServer, type AuthServer } from '../servers/auth-servers.js';
import { type Running, silent } from '../servers/tls-servers.js';
import { axeViolations, startE2E, widthShots, type E2E } from './browser.js';

/**
 * The Auth tests section in Chromium over the real core, a real Secret Service (gnome-keyring in the
 * test's D-Bus session) and the auth test servers on loopback (they check each scheme on their own):
 * build a request, pick a vault credential, send, read the verdict; a refused credential explained;
 * the digest string to sign; copy as curl; paste curl; saved tests and Test all with Cancel; the
 * Credentials row's one-click Test; the Overview's "Run the test"; light and dark, narrow and wide.
 */

const SCHEMES = ['light', 'dark'] as const;
const WIDTHS = [760, 1400] as const;

let e2e: E2E;
let server: AuthServer;
let quiet: Running;

const BASIC = 'e2e basic';
const DIGEST = 'e2e digest';
const BEARER = 'e2e bearer';

/** Every secret the suite holds: none may show in the page, except typed into a password field. */
const SECRET_VALUES = [SECRETS.password, SECRETS.token];

async function addVault(name: string, kind: string, fields: Record<string, string>, secrets: Record<string, string>, endpoints: string[] = []): Promise<void> {
  const res = await e2e.core.services['vault.add']({ name, kind, fields, secrets, allowedHosts: ['127.0.0.1'], endpoints } as never);
  if (!res.ok) throw new Error(res.error.message);
}

beforeAll(async () => {
  e2e = await startE2E();
  server = await startAuthServer();
  quiet = await silent();
  if (!process.env['DBUS_SESSION_BUS_ADDRESS']) return;
  await addVault(BASIC, 'basic', { user: SECRETS.user }, { password: SECRETS.password });
  await addVault(DIGEST, 'digest', { user: SECRETS.user }, { password: SECRETS.password });
  await addVault(BEARER, 'bearer', {}, { token: SECRETS.token }, [`${server.origin}/bearer`]);
}, 120_000);

afterAll(async () => {
  await quiet?.close();
  await server?.close();
  await e2e?.close();
});

async function openAuth(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Auth tests' }).click();
  await page.getByRole('tab', { name: 'Test a request' }).waitFor();
}

/** Fills method and URL, picks a vault credential (or none), sends, and waits for the verdict. */
async function send(page: Page, url: string, credential: string, method = 'GET'): Promise<string> {
  await page.getByLabel('Method', { exact: true }).selectOption(method);
  await page.getByLabel('URL', { exact: true }).fill(url);
  await page.getByLabel('From the vault').check();
  await page.getByLabel('Vault credential').selectOption(credential);
  return sendNow(page);
}

async function sendNow(page: Page): Promise<string> {
  const before = await page.getByTestId('auth-result').count();
  const stamp = before ? await page.getByTestId('auth-request').textContent() : null;
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  // The call ends in a result (a new one) or an error note under the form.
  const ended = async (): Promise<boolean> =>
    !(await page.getByTestId('job-progress').count()) &&
    ((await page.locator('form[aria-label="Request"] [data-testid="error"]').count()) > 0 || ((await page.getByTestId('auth-result').count()) > 0 && (await page.getByTestId('auth-request').textContent()) !== stamp));
  await expect.poll(ended, { timeout: 20_000 }).toBe(true);
  const error = page.locator('form[aria-label="Request"] [data-testid="error"]');
  if (await error.count()) return `error note: ${await error.textContent()}`;
  const verdict = (await page.getByTestId('auth-verdict').getAttribute('data-verdict')) ?? '';
  return verdict === 'error' ? `error: ${await page.getByTestId('auth-summary').textContent()}` : verdict;
}

/** No secret anywhere in the page's text or markup (password inputs' values are not markup). */
async function noSecretShown(page: Page): Promise<void> {
  const html = await page.content();
  const text = await page.evaluate(() => document.body.innerText);
  for (const s of SECRET_VALUES) {
    expect(html).not.toContain(s);
    expect(text).not.toContain(s);
  }
}

/** Screenshots at both widths, the window grown to the content; neither the window nor the pane scrolls sideways. */
async function shots(page: Page, name: string, scheme: string): Promise<void> {
  expect(await widthShots(e2e, page, WIDTHS, (width) => `auth-${name}-${width}-${scheme}`, 8000)).toEqual(WIDTHS.map(() => 0));
}

async function noAxe(page: Page, where: string): Promise<void> {
  expect(await axeViolations(page, { all: true }), where).toEqual([]);
}

const hasBus = Boolean(process.env['DBUS_SESSION_BUS_ADDRESS']);

describe.runIf(hasBus)('Auth tests section in Chromium', () => {
  it('sends with a vault credential: authenticated; refused with the challenge explained; the digest string to sign; copy as curl; paste curl', async () => {
    const { page, errors } = await e2e.open('light');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(e2e.harness.url).origin });
    await openAuth(page);
    await noAxe(page, 'empty form');
    await shots(page, 'form', 'light');

    // Basic from the vault: authenticated, the request as sent masked.
    expect(await send(page, `${server.origin}/basic`, BASIC)).toBe('authenticated');
    expect(await page.getByTestId('auth-verdict').textContent()).toContain('authenticated');
    expect(await page.getByTestId('auth-status').textContent()).toContain('200');
    const sent = (await page.getByTestId('auth-request').textContent()) ?? '';
    expect(sent).toContain(`GET ${server.origin}/basic`);
    expect(sent).toMatch(/Authorization: Basic \*+/);
    expect(server.requests.at(-1)?.outcome).toBe('ok');
    await noSecretShown(page);

    // Copy as curl: the command reads the password from an environment variable; the secret is not in it.
    await page.getByRole('button', { name: 'Copy as curl' }).click();
    const command = (await page.getByTestId('auth-copy-command').textContent()) ?? '';
    expect(command).toMatch(/^curl /);
    expect(command).toContain('$CERTDESK_PASSWORD');
    expect(command).toContain(`${server.origin}/basic`);
    expect(await page.getByTestId('auth-copy-env').textContent()).toContain('CERTDESK_PASSWORD');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(command);
    for (const s of SECRET_VALUES) expect(command).not.toContain(s);
    await page.getByRole('button', { name: 'Copy as PowerShell' }).click();
    expect(await page.getByTestId('auth-copy-command').textContent()).toContain('Invoke-WebRequest');
    await noAxe(page, 'authenticated');
    await shots(page, 'authenticated', 'light');

    // The same Basic credential where the server wants Digest SHA-256: rejected, and the challenge in words.
    expect(await send(page, `${server.origin}/digest?alg=SHA-256&qop=auth`, BASIC)).toBe('rejected');
    const verdict = (await page.getByTestId('auth-verdict').textContent()) ?? '';
    expect(verdict).toContain('rejected');
    expect(verdict).toMatch(/Digest/);
    expect(verdict).toContain('SHA-256');
    expect(verdict).toMatch(/you sent Basic/i);
    await noAxe(page, 'rejected');

    // A one-off credential (the Credentials section's generated fields) with a wrong password: rejected, and why.
    await page.getByLabel('URL', { exact: true }).fill(`${server.origin}/basic`);
    await page.getByLabel('One-off (not stored)').check();
    await page.getByLabel('Scheme').selectOption('basic');
    await page.locator('#auth-f-user').fill(SECRETS.user);
    expect(await page.locator('#auth-f-password').getAttribute('type')).toBe('password');
    await page.locator('#auth-f-password').fill('not-the-password');
    expect(await sendNow(page)).toBe('rejected');
    expect(await page.getByTestId('auth-verdict').textContent()).toMatch(/asks for Basic \(realm "certdesk-test".*you sent Basic, and it was refused: the credential is wrong/);
    expect(await page.getByTestId('auth-request').textContent()).not.toContain(Buffer.from(`${SECRETS.user}:not-the-password`).toString('base64'));

    // Digest from the vault: authenticated, and the exact string that was signed.
    expect(await send(page, `${server.origin}/digest?alg=SHA-256&qop=auth`, DIGEST)).toBe('authenticated');
    const signing = (await page.getByTestId('auth-signing').textContent()) ?? '';
    expect(signing).toContain('SHA-256');
    // RFC 7616: A2 is the method and the exact request target; the response is KD(H(A1), nonce:nc:cnonce:qop:H(A2)).
    expect(await page.getByTestId('auth-canonical').textContent()).toContain('GET:/digest?alg=SHA-256&qop=auth');
    expect(await page.getByTestId('auth-string-to-sign').textContent()).toMatch(/^H\(A1\):\S+:00000001:\w+:auth:[0-9a-f]{64}$/);
    await noSecretShown(page);
    await noAxe(page, 'digest signing');
    await shots(page, 'digest', 'light');

    // A TLS failure: https to the plain-HTTP port gives the TLS check's finding and a way to run it.
    expect(await send(page, `https://127.0.0.1:${server.port}/basic`, BASIC)).toMatch(/^error: The TLS connection to 127.0.0.1:\d+ failed before any credential was sent/);
    expect(await page.getByTestId('auth-tls').count()).toBe(1);
    await shots(page, 'tls-error', 'light');
    await page.getByRole('button', { name: `Run the TLS check on 127.0.0.1:${server.port}` }).click();
    await page.getByTestId('tls-result').waitFor({ timeout: 20_000 });
    expect(await page.getByLabel('Server (host:port, https://… or IP)').inputValue()).toBe(`127.0.0.1:${server.port}`);
    await openAuth(page);

    // Paste curl: the command fills the form; the secret it held is offered, never shown.
    await page.getByRole('button', { name: 'Paste curl…' }).click();
    await page.getByLabel('A curl command (it is read, never run)').fill(`curl -X POST -u '${SECRETS.user}:${SECRETS.password.replace(/'/g, `'\\''`)}' -H 'X-Trace: e2e-1' --json '{"ping":true}' ${server.origin}/basic`);
    await page.getByRole('button', { name: 'Fill the form' }).click();
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe(`${server.origin}/basic`);
    expect(await page.getByLabel('Method', { exact: true }).inputValue()).toBe('POST');
    expect(await page.getByLabel('Header 1 name').inputValue()).toBe('X-Trace');
    expect(await page.getByLabel('Header 1 value').inputValue()).toBe('e2e-1');
    expect(await page.getByRole('radio', { name: 'JSON', exact: true }).isChecked()).toBe(true);
    expect(await page.getByLabel('JSON body').inputValue()).toBe('{"ping":true}');
    expect(await page.getByLabel('One-off (not stored)').isChecked()).toBe(true);
    expect(await page.getByLabel('Scheme').inputValue()).toBe('basic');
    expect(await page.locator('#auth-f-user').inputValue()).toBe(SECRETS.user);
    // A one-off credential is stored nowhere: no "keep secret", no Generate.
    expect(await page.getByTestId('auth-credential').getByText('Keep secret').count()).toBe(0);
    expect(await page.getByTestId('auth-credential').getByRole('button', { name: /^Generate/ }).count()).toBe(0);
    expect(await page.getByTestId('auth-curl-secrets').textContent()).toContain('Password (from');
    await noSecretShown(page);
    await noAxe(page, 'pasted curl');
    await shots(page, 'pasted', 'light');
    await page.getByRole('button', { name: "Use once, don't store" }).click();
    expect(await page.locator('#auth-f-password').getAttribute('type')).toBe('password');
    expect(await sendNow(page)).toBe('authenticated');
    expect(server.requests.at(-1)?.method).toBe('POST');
    expect(server.requests.at(-1)?.headers['x-trace']).toBe('e2e-1');
    await noSecretShown(page);

    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('saves tests, runs them all with progress, per-row results and Cancel; the Credentials row tests in one click; the Overview lands on a test', async () => {
    const { page, errors } = await e2e.open('light');
    await openAuth(page);

    const save = async (name: string): Promise<void> => {
      await page.getByLabel('Save as a test named').fill(name);
      await page.getByRole('button', { name: 'Save test', exact: true }).click();
      await expect.poll(() => page.getByTestId('auth-saved').textContent()).toContain(name);
    };
    await page.getByLabel('URL', { exact: true }).fill(`${server.origin}/basic`);
    await page.getByLabel('Vault credential').selectOption(BASIC);
    await save('basic ping');
    await page.getByLabel('URL', { exact: true }).fill(`${server.origin}/digest?alg=SHA-256&qop=auth`);
    await page.getByLabel('Vault credential').selectOption(DIGEST);
    await save('digest ping');
    // A server that accepts and never answers: Test all runs long enough to show progress and be cancelled.
    await page.getByLabel('URL', { exact: true }).fill(`http://127.0.0.1:${quiet.port}/`);
    await page.getByLabel('Vault credential').selectOption('');
    await page.getByText('Options: timeout, redirects').click();
    await page.getByLabel('Timeout (ms, whole call)').fill('60000');
    await save('silent server');

    await page.getByRole('tab', { name: 'Saved tests' }).click();
    const rowOf = (name: string) => page.locator(`[data-testid="saved-test"][data-name="${name}"]`);
    await rowOf('silent server').waitFor();
    expect(await page.getByTestId('saved-test').count()).toBe(3);
    await page.getByRole('button', { name: 'Test all' }).click();
    await page.getByTestId('job-progress').waitFor();
    // The quick rows arrive while the slow one runs.
    await expect.poll(() => rowOf('basic ping').getAttribute('data-verdict'), { timeout: 20_000 }).toBe('authenticated');
    await expect.poll(() => rowOf('digest ping').getAttribute('data-verdict'), { timeout: 20_000 }).toBe('authenticated');
    expect(await page.getByTestId('job-progress').textContent()).toContain('2 of 3 tested');
    expect(await rowOf('silent server').textContent()).toContain('running…');
    await noAxe(page, 'running all');
    await shots(page, 'running-all', 'light');
    await page.getByTestId('job-progress').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('auth-cancelled').textContent(), { timeout: 20_000 }).toContain('2 of 3 tests ran');
    expect(await rowOf('basic ping').getByTestId('saved-verdict').textContent()).toBe('authenticated');

    // Remove the silent one (asked once).
    await rowOf('silent server').getByRole('button', { name: 'Remove silent server' }).click();
    await rowOf('silent server').getByRole('button', { name: 'Yes, remove silent server' }).click();
    await expect.poll(() => page.getByTestId('saved-test').count()).toBe(2);
    await noAxe(page, 'saved');
    await shots(page, 'saved', 'light');

    // "Test a saved credential": Credentials, then the row's Test — two clicks from anywhere, one in the section.
    let clicks = 0;
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Credentials' }).click();
    clicks++;
    const basicRow = page.locator(`[data-testid="credential-row"][data-name="${BASIC}"]`);
    await basicRow.getByRole('button', { name: `Test ${BASIC}` }).click();
    clicks++;
    await expect.poll(() => basicRow.getByTestId('credential-test').locator('[data-verdict]').getAttribute('data-verdict'), { timeout: 20_000 }).toBe('authenticated');
    expect(await basicRow.getByTestId('credential-test').textContent()).toContain('basic ping');
    expect(clicks).toBe(2);
    console.log(`clicks to test a saved credential: ${clicks} (the section, then Test)`);
    await noAxe(page, 'credential tested');
    await shots(page, 'credential-tested', 'light');

    // The first time (no saved test): Test opens Auth tests with the credential and its endpoint; Send.
    await page.locator(`[data-testid="credential-row"][data-name="${BEARER}"]`).getByRole('button', { name: `Test ${BEARER}` }).click();
    await page.getByRole('tab', { name: 'Test a request' }).waitFor();
    expect(await page.getByLabel('Vault credential').inputValue()).toBe(BEARER);
    expect(await page.getByLabel('URL', { exact: true }).inputValue()).toBe(`${server.origin}/bearer`);
    expect(await sendNow(page)).toBe('authenticated');

    // The Overview's "Run the test" lands on that saved test.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Overview' }).click();
    const overviewRow = page.locator('[data-testid="overview-row"]', { hasText: 'digest ping' });
    await overviewRow.getByRole('button', { name: 'Run the test' }).click();
    await expect.poll(() => page.getByRole('tab', { name: 'Saved tests' }).getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => rowOf('digest ping').getAttribute('class')).toContain('highlight');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Run digest ping');

    await noSecretShown(page);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('dark: the form, a verdict, the signing string and the saved tests, axe-clean, narrow and wide', async () => {
    for (const scheme of SCHEMES) {
      if (scheme === 'light') continue;
      const { page, errors } = await e2e.open(scheme);
      await openAuth(page);
      await noAxe(page, `${scheme} form`);
      await shots(page, 'form', scheme);
      expect(await send(page, `${server.origin}/digest?alg=SHA-256&qop=auth`, BASIC)).toBe('rejected');
      await noAxe(page, `${scheme} rejected`);
      await shots(page, 'rejected', scheme);
      expect(await send(page, `${server.origin}/digest?alg=SHA-256&qop=auth`, DIGEST)).toBe('authenticated');
      await page.getByRole('button', { name: 'Copy as curl' }).click();
      await noAxe(page, `${scheme} digest`);
      await shots(page, 'digest', scheme);
      await page.getByRole('tab', { name: 'Saved tests' }).click();
      await page.locator('[data-testid="saved-test"]').first().waitFor();
      await noAxe(page, `${scheme} saved`);
      await shots(page, 'saved', scheme);
      expect(errors).toEqual([]);
      await page.close();
    }
  }, 180_000);
});
