import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keytool, tempDir, type TempDir } from '../unit/core/pki/helpers.js';
import { asnDate, issueLeaf, makeTestCa, type TestCa } from '../servers/tls-pki.js';
import { type Running, silent, startNodeTls } from '../servers/tls-servers.js';
import { startE2E, windowOverflow, type E2E } from './browser.js';

/** The TLS check section in Chromium over the real core, against scenario servers on loopback. */

const STOREPASS = 'trust-e2e-pass';
let e2e: E2E;
let tmp: TempDir;
let ca: TestCa;
let untrusted: Running;
let expired: Running;
let otherName: Running;
let quiet: Running;
const p = (f: string) => join(tmp.dir, f);
const read = (f: string) => readFileSync(p(f));

beforeAll(async () => {
  tmp = tempDir('certdesk-e2e-tls-');
  ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'server', { san: 'DNS:localhost' });
  issueLeaf(ca, 'old', { san: 'DNS:localhost', start: asnDate(-400), end: asnDate(-5) });
  issueLeaf(ca, 'elsewhere', { san: 'DNS:elsewhere.test' });
  // The server sends its whole chain, root included: with the bundled roots that root is simply not trusted.
  const full = Buffer.concat([read('server-chain.pem'), read(ca.root)]);
  [untrusted, expired, otherName, quiet] = await Promise.all([
    startNodeTls({ cert: full, key: read('server.key') }),
    startNodeTls({ cert: read('old-chain.pem'), key: read('old.key') }),
    startNodeTls({ cert: read('elsewhere-chain.pem'), key: read('elsewhere.key') }),
    silent(),
  ]);
  e2e = await startE2E();
}, 120_000);

afterAll(async () => {
  await e2e?.close();
  await Promise.all([untrusted, expired, otherName, quiet].map((s) => s?.close()));
  tmp?.cleanup();
});

async function gotoTls(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'TLS check' }).click();
  await page.getByRole('tab', { name: 'Check a server' }).waitFor();
}

async function check(page: Page, target: string): Promise<void> {
  await page.getByLabel('Server (host:port, https://… or IP)').fill(target);
  await page.getByRole('button', { name: 'Run check' }).click();
}

/** Screenshot of the whole section at `width`. */
const shot = async (page: Page, name: string, width: number): Promise<void> => void (await e2e.shotSection(page, name, width, 800));

const verdict = (page: Page) => page.getByTestId('verdict');

describe('TLS check section in Chromium', () => {
  it('shows an error verdict for an untrusted root, imports the root into a Java trust store with one click, and the re-check is green', async () => {
    const { page, errors } = await e2e.open('light', { width: 1440, height: 800 });
    await gotoTls(page);
    await check(page, `localhost:${untrusted.port}`);
    await verdict(page).waitFor();
    expect(await verdict(page).getAttribute('data-severity')).toBe('error');
    expect(await verdict(page).getAttribute('data-code')).toBe('untrusted-root');
    expect(await verdict(page).textContent()).toContain('How to fix');
    expect(await page.getByTestId('chain').getByTestId('cert-facts').count()).toBe(3);
    expect(await page.getByTestId('timeline').textContent()).toMatch(/Connect.*TLS handshake.*Total/s);

    await page.getByRole('button', { name: 'Import root into a Java trust store…' }).click();
    expect(await page.getByLabel('Certificate to trust').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toContain('Root: CN=Certdesk Test Root');
    // As in the app, the store is picked with the (save) dialog; the harness asks it as a prompt.
    page.once('dialog', (d) => void d.accept(p('truststore.jks')));
    await page.getByRole('button', { name: 'Browse: Java trust store (new or existing)' }).click();
    await expect.poll(() => page.getByRole('textbox', { name: 'Java trust store (new or existing)' }).inputValue()).toBe(p('truststore.jks'));
    await page.getByLabel('Store password', { exact: true }).fill(STOREPASS);
    await page.getByRole('button', { name: 'Import and check again' }).click();
    await expect.poll(() => verdict(page).getAttribute('data-severity'), { timeout: 20_000 }).toBe('info');
    expect(await verdict(page).getAttribute('data-code')).toBe('ok');
    expect(await page.getByTestId('trust-used').textContent()).toContain('truststore.jks');
    await page.getByTestId('import-done').waitFor();
    expect(await page.getByTestId('import-done').getByTestId('written-path').textContent()).toBe(p('truststore.jks'));
    // keytool, the oracle, sees the root as a trusted entry of the new store.
    const listing = keytool(tmp.dir, ['-list', '-keystore', 'truststore.jks', '-storepass:env', 'SP'], { env: { SP: STOREPASS } }).stdout;
    expect(listing).toMatch(/certdesk-test-root.*trustedCertEntry/s);
    await shot(page, 'tls-check-green-light-1440', 1440);
    expect(errors).toEqual([]);
  });

  it('runs a batch of three with progress, and Cancel stops it with the finished rows kept', async () => {
    const { page, errors } = await e2e.open('light', { width: 1440, height: 800 });
    await gotoTls(page);
    await page.getByRole('tab', { name: 'Batch' }).click();
    await page.getByLabel('Targets, one a line (# starts a comment)').fill(`localhost:${expired.port}\nlocalhost:${otherName.port}\nlocalhost:${quiet.port} # never answers\n`);
    await page.getByLabel('At once').fill('1');
    await page.getByLabel('Timeout per target (ms)').fill('30000');
    await page.locator('#panel-batch').getByRole('radio', { name: 'CA file' }).check();
    await page.getByRole('textbox', { name: 'CA file or bundle (PEM or DER)' }).fill(p(ca.root));
    await page.getByRole('button', { name: 'Check 3 targets' }).click();
    await expect.poll(() => page.getByTestId('batch-row').count(), { timeout: 20_000 }).toBe(2);
    expect(await page.getByTestId('job-progress').textContent()).toContain('2 of 3 checked');
    await shot(page, 'tls-batch-running-light-1440', 1440);
    await page.getByTestId('job-progress').getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('batch-cancelled').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('batch-cancelled').textContent()).toContain('2 of 3 targets were checked');
    await shot(page, 'tls-batch-cancelled-light-1440', 1440);
    expect(await page.getByTestId('batch-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')))).toEqual(['expired', 'hostname-mismatch']);

    await page.getByLabel('Targets, one a line (# starts a comment)').fill(`localhost:${untrusted.port}\nlocalhost:${expired.port}\nlocalhost:${otherName.port}\n`);
    await page.getByLabel('At once').fill('3');
    await page.getByRole('button', { name: 'Check 3 targets' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /3 of 3 checked: 2 with errors/ }).count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('batch-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')))).toEqual(['expired', 'hostname-mismatch', 'ok']);

    page.once('dialog', (d) => void d.accept(p('batch.csv')));
    await page.getByRole('button', { name: 'Export CSV…' }).click();
    await page.getByTestId('written-path').waitFor();
    const csv = read('batch.csv').toString().split('\r\n');
    expect(csv[0]).toMatch(/^line,target,severity,code/);
    expect(csv[1]).toContain('"expired"');
    expect(errors).toEqual([]);
  });

  it('Agent tab: says the agent still serves the old certificate until its endpoint serves the keystore\'s', async () => {
    const home = p('agent');
    mkdirSync(home);
    cpSync(join(import.meta.dirname, '../fixtures/agent/linux/conf'), join(home, 'conf'), { recursive: true });
    keytool(tmp.dir, ['-genkeypair', '-alias', 'new', '-keyalg', 'EC', '-dname', 'CN=localhost', '-keystore', join(home, 'conf', '.keystore'), '-storetype', 'JKS', '-storepass:env', 'SP', '-keypass:env', 'SP'], { env: { SP: STOREPASS } });
    const saved = await e2e.core.services['agent.save']({ name: 'Linux agent', home, endpoint: `https://localhost:${untrusted.port}` });
    expect(saved.ok).toBe(true);
    const { page, errors } = await e2e.open('light', { width: 1440, height: 800 });
    await gotoTls(page);
    await page.getByRole('tab', { name: 'Agent' }).click();
    await expect.poll(() => page.locator('#tls-agent').evaluate((s: HTMLSelectElement) => s.selectedOptions[0]?.textContent)).toBe('Linux agent');
    await page.getByLabel('Agent keystore password', { exact: true }).fill(STOREPASS);
    await page.getByRole('button', { name: 'Check the agent' }).click();
    const card = page.locator('#panel-agent [data-testid="verdict"], [aria-label="Agent check result"] [data-testid="verdict"]').first();
    await card.waitFor({ timeout: 20_000 });
    expect(await card.getAttribute('data-code')).toBe('serves-other-certificate');
    expect(await card.textContent()).toContain('the agent still serves the old certificate');
    await shot(page, 'tls-agent-light-1440', 1440);
    expect(errors).toEqual([]);
  });

  for (const scheme of ['light', 'dark'] as const) {
    for (const width of [1024, 1440]) {
      it(`looks right in ${scheme} at ${width} px (screenshots)`, async () => {
        const { page, errors } = await e2e.open(scheme, { width, height: 800 });
        await gotoTls(page);
        await page.getByText('Options: trust, server name, timeout, proxy, STARTTLS').click();
        await page.locator('#panel-check').getByRole('radio', { name: 'Java trust store' }).check();
        await page.getByLabel('Proxy', { exact: true }).selectOption('url');
        await shot(page, `tls-check-options-${scheme}-${width}`, width);
        await page.locator('#panel-check').getByRole('radio', { name: 'Bundled Mozilla roots' }).check();
        await page.getByLabel('Proxy', { exact: true }).selectOption('env');
        await check(page, `localhost:${untrusted.port}`);
        await verdict(page).waitFor();
        await page.getByRole('button', { name: 'Import root into a Java trust store…' }).click();
        // A long result scrolls inside the content pane, never the window.
        expect(await windowOverflow(page)).toEqual({ extraHeight: 0, extraWidth: 0 });
        await shot(page, `tls-check-untrusted-${scheme}-${width}`, width);
        await check(page, `localhost:${otherName.port}`);
        await expect.poll(() => verdict(page).getAttribute('data-code')).toBe('hostname-mismatch');
        await page.getByRole('tab', { name: 'Batch' }).click();
        await page.getByLabel('Targets, one a line (# starts a comment)').fill(`localhost:${untrusted.port}\nlocalhost:${expired.port}\nlocalhost:${otherName.port}\nnot a target\n`);
        await page.getByRole('button', { name: 'Check 4 targets' }).click();
        await page.getByRole('heading', { name: /4 of 4 checked/ }).waitFor({ timeout: 20_000 });
        await shot(page, `tls-batch-${scheme}-${width}`, width);
        expect(errors).toEqual([]);
      });
    }
  }
});
