import { copyFile, cp, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { realpathSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keytool, keytoolList, runOk, tempDir } from '../unit/core/keystore/helpers.js';
import { axeViolations, startE2E, windowOverflow, type E2E } from './browser.js';

/**
 * The window's layout in Chromium at the sizes people use: the window never scrolls (only the content
 * pane does), a trust store with long aliases fits its pane, and deleting far down the list keeps the place.
 */

const PASS = 'changeit';
const WIDTHS = [1024, 1440] as const;
const SCHEMES = ['light', 'dark'] as const;
const LONG = (i: number): string => `partner-integration-endpoint-${i}-with-an-unusually-long-alias-that-goes-on-and-on-and-on`;

let e2e: E2E;
let dir: string;
let cleanup: () => Promise<void>;
let pristine: string;
let chainPem: string;
let pfx: string;
let agentHome: string;
const PFX_PASS = 'layout-pfx-pass';

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('e2e-layout'));
  // The JDK's own trust store (144 real CA entries here) plus one certificate under 12 long aliases.
  const javaHome = dirname(dirname(realpathSync(execFileSync('which', ['keytool'], { encoding: 'utf8' }).trim())));
  pristine = join(dir, 'cacerts.jks');
  await copyFile(join(javaHome, 'lib', 'security', 'cacerts'), pristine);
  const first = (await keytoolList(pristine, PASS)).entries[0]?.alias ?? '';
  const certFile = join(dir, 'ca.pem');
  await writeFile(certFile, await keytool(['-exportcert', '-rfc', '-alias', first, '-keystore', pristine, '-storepass', PASS]));
  for (let i = 1; i <= 12; i++) await keytool(['-importcert', '-noprompt', '-alias', LONG(i), '-file', certFile, '-keystore', pristine, '-storepass', PASS]);
  // Three CA certificates in one PEM file make the Inspect report taller than the window.
  const aliases = (await keytoolList(pristine, PASS)).entries.slice(0, 3).map((e) => e.alias);
  const pems = await Promise.all(aliases.map((a) => keytool(['-exportcert', '-rfc', '-alias', a, '-keystore', pristine, '-storepass', PASS])));
  chainPem = join(dir, 'three-cas.pem');
  await writeFile(chainPem, pems.join('\n'));
  // A .pfx for the Inspect report (its encryption block and export buttons), and an agent with a keystore.
  const key = join(dir, 'a11y.key');
  const cert = join(dir, 'a11y.pem');
  await runOk('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=a11y.example.com']);
  pfx = join(dir, 'a11y.pfx');
  await runOk('openssl', ['pkcs12', '-export', '-in', cert, '-inkey', key, '-passout', `pass:${PFX_PASS}`, '-out', pfx]);
  agentHome = join(dir, 'agent');
  await cp(fileURLToPath(new URL('../fixtures/agent/linux', import.meta.url)), agentHome, { recursive: true });
  await keytool(['-genkeypair', '-alias', 'server', '-keyalg', 'EC', '-dname', 'CN=agent.example.com', '-keystore', join(agentHome, 'conf', '.keystore'), '-storetype', 'JKS', '-storepass', 'alarmpoint']);
  e2e = await startE2E();
}, 180_000);

afterAll(async () => {
  await e2e?.close();
  await cleanup?.();
});

let copies = 0;
async function freshStore(): Promise<string> {
  const path = join(dir, `trust-${++copies}.jks`);
  await copyFile(pristine, path);
  return path;
}

async function go(page: Page, label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: label }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(label);
}

async function openStore(page: Page, path: string): Promise<void> {
  await go(page, 'Keystores');
  await page.getByLabel('Keystore or trust store file (JKS, PKCS#12, JCEKS)', { exact: true }).fill(path);
  await page.getByLabel('Store password', { exact: true }).fill(PASS);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByTestId('entries').waitFor();
}

/** How far the entries table overflows its pane, and the pane (main) its own width. */
async function tableOverflow(page: Page): Promise<{ table: number; pane: number }> {
  return page.evaluate(() => {
    const table = document.querySelector<HTMLElement>('[data-testid="entries"]');
    const main = document.querySelector('main');
    if (!table?.parentElement || !main) return { table: Number.NaN, pane: Number.NaN };
    return { table: table.scrollWidth - table.parentElement.clientWidth, pane: main.scrollWidth - main.clientWidth };
  });
}

describe('window layout in Chromium', () => {
  for (const width of WIDTHS) {
    it.each(SCHEMES)(`${width} px: the window never scrolls, the content pane does; a trust store of long aliases fits (%s)`, async (scheme) => {
      const { page, errors } = await e2e.open(scheme, { width, height: width === 1024 ? 768 : 900 });
      for (const label of ['Overview', 'Certificates', 'Keystores', 'TLS check', 'Credentials', 'Auth tests', 'Activity']) {
        await go(page, label);
        expect(await windowOverflow(page)).toEqual({ extraHeight: 0, extraWidth: 0 });
      }

      await go(page, 'Certificates');
      await page.getByLabel('Choose file…').setInputFiles(chainPem);
      await page.getByTestId('inspect-report').waitFor();
      expect(await page.getByTestId('cert-facts').count()).toBe(3);
      expect(await windowOverflow(page)).toEqual({ extraHeight: 0, extraWidth: 0 });
      expect(await page.evaluate(() => document.querySelector('main')?.scrollHeight ?? 0)).toBeGreaterThan(page.viewportSize()?.height ?? 0);
      await e2e.shot(page, `layout-certificates-${width}-${scheme}`);

      await openStore(page, await freshStore());
      expect(await page.getByTestId('entry-row').count()).toBe(156);
      expect(await windowOverflow(page)).toEqual({ extraHeight: 0, extraWidth: 0 });
      const over = await tableOverflow(page);
      expect(over.table).toBeLessThanOrEqual(0);
      expect(over.pane).toBeLessThanOrEqual(0);
      // Every row's actions are on screen horizontally (inside the pane), long alias or not.
      const longRow = page.locator(`[data-testid="entry-row"][data-alias="${LONG(7)}"]`);
      await longRow.scrollIntoViewIfNeeded();
      const pane = await page.locator('main').boundingBox();
      const del = await longRow.getByRole('button', { name: `Delete ${LONG(7)}` }).boundingBox();
      expect(del && pane && del.x + del.width <= pane.x + pane.width).toBe(true);
      // No cell's content runs into the next one (an "expired … days ago" badge included).
      const spills = await page.locator('[data-testid="entry-row"] td').evaluateAll((cells) =>
        cells.filter((td) => [...td.querySelectorAll('*')].some((el) => el.getBoundingClientRect().right > td.getBoundingClientRect().right + 0.5)).length,
      );
      expect(spills).toBe(0);
      // The full alias is in the title of its (clamped) text.
      expect(await longRow.locator('.alias-text').getAttribute('title')).toBe(LONG(7));
      await e2e.shot(page, `layout-keystores-${width}-${scheme}`);

      // Scrolled half-way, the column headings stay at the top of the pane.
      await page.locator('main').evaluate((m) => (m.scrollTop = m.scrollHeight / 2));
      const head = await page.locator('[data-testid="entries"] thead th').first().boundingBox();
      expect(head && pane && Math.abs(head.y - pane.y)).toBeLessThanOrEqual(1);
      await e2e.shot(page, `layout-keystores-scrolled-${width}-${scheme}`);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }

  it('deleting an entry far down the list keeps the place, the confirmation in view and the focus beside it', async () => {
    const store = await freshStore();
    const { page, errors } = await e2e.open('light', { width: 1024, height: 768 });
    await openStore(page, store);
    const aliases = await page.getByTestId('entry-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alias') ?? ''));
    const victim = aliases[120] ?? '';
    const next = aliases[121] ?? '';
    const victimRow = page.locator(`[data-testid="entry-row"][data-alias="${victim}"]`);
    await victimRow.scrollIntoViewIfNeeded();
    const main = page.locator('main');
    const before = await main.evaluate((m) => m.scrollTop);
    expect(before).toBeGreaterThan(1000);

    await victimRow.getByRole('button', { name: `Delete ${victim}` }).click();
    const panel = page.getByTestId('panel-ks-delete');
    await panel.waitFor();
    const pane = await main.boundingBox();
    const box = await panel.boundingBox();
    // The confirmation is wholly inside the visible pane, near where the person clicked.
    expect(box && pane && box.y >= pane.y && box.y + box.height <= pane.y + pane.height).toBe(true);
    expect(Math.abs((await main.evaluate((m) => m.scrollTop)) - before)).toBeLessThan(600);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(`Delete '${victim}'?`);
    await e2e.shot(page, 'layout-keystores-delete-confirm-1024-light');

    await panel.getByRole('button', { name: 'Delete entry' }).click();
    await expect.poll(() => page.getByTestId('entry-row').count()).toBe(155);
    // The focus is on the entry that followed, still in view; the pane did not jump to the top.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(`Details of ${next}`);
    expect(await main.evaluate((m) => m.scrollTop)).toBeGreaterThan(1000);
    // The result is reported where the person is: at the foot of the visible pane, naming the backup.
    const note = page.getByTestId('change-note');
    expect(await note.textContent()).toContain(victim);
    expect(await note.getByTestId('written-backup').textContent()).toBe(`${store}.orig`);
    const noteBox = await note.boundingBox();
    expect(noteBox && pane && noteBox.y >= pane.y && noteBox.y + noteBox.height <= pane.y + pane.height).toBe(true);
    expect(await windowOverflow(page)).toEqual({ extraHeight: 0, extraWidth: 0 });
    await e2e.shot(page, 'layout-keystores-deleted-1024-light');
    const after = (await keytoolList(store, PASS)).entries.map((e) => e.alias);
    expect(after).toHaveLength(155);
    expect(after).not.toContain(victim);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(SCHEMES)('axe-core finds no serious or critical violation on any screen or state the suite visits (%s)', async (scheme) => {
    const { page, errors } = await e2e.open(scheme);
    const found: string[] = [];
    const check = async (where: string): Promise<void> => {
      for (const v of await axeViolations(page)) found.push(`${where}: ${v}`);
    };
    /** At both window widths: the window does not scroll, and a screenshot of the pane, grown to its content. */
    const shots = async (name: string): Promise<void> => {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width === 1024 ? 768 : 900 });
        expect(await windowOverflow(page)).toEqual({ extraHeight: 0, extraWidth: 0 });
        const height = await page.evaluate(() => {
          const main = document.querySelector('main');
          return main ? main.getBoundingClientRect().top + main.scrollHeight : 0;
        });
        await page.setViewportSize({ width, height: Math.min(4000, Math.max(768, Math.ceil(height))) });
        await e2e.shot(page, `${name}-${width}-${scheme}`);
      }
      await page.setViewportSize({ width: 1200, height: 780 });
    };
    // The check itself works: a button without a name is caught, then taken away again.
    await page.evaluate(() => document.body.append(Object.assign(document.createElement('button'), { id: 'axe-probe' })));
    expect((await axeViolations(page)).join('\n')).toContain('button-name (critical)');
    await page.evaluate(() => document.getElementById('axe-probe')?.remove());

    await go(page, 'Overview');
    await check('Overview');

    await go(page, 'Certificates');
    await check('Certificates › Inspect');
    await page.getByLabel('Choose file…').setInputFiles(pfx);
    await page.locator('#inspect-pass').fill(PFX_PASS);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('pkcs12-encryption').waitFor();
    await check('Certificates › Inspect report of a .pfx');
    await shots('a11y-inspect-pfx');
    for (const tab of ['Self-signed', 'CSR', 'Convert']) {
      await page.getByRole('tab', { name: tab }).click();
      await check(`Certificates › ${tab}`);
    }
    await page.getByRole('tab', { name: 'Self-signed' }).click();
    await page.getByRole('radio', { name: /Entry in a Java keystore/ }).check();
    await check('Certificates › Self-signed › keystore output');

    await openStore(page, await freshStore());
    const first = page.getByTestId('entry-row').first();
    await first.getByRole('button', { name: /^Details of / }).click();
    await check('Keystores › entries, one open');
    await page.locator('main').evaluate((m) => (m.scrollTop = 0));
    await page.getByRole('button', { name: 'Trust certificate' }).click();
    await check('Keystores › Trust panel');

    await page.getByRole('tab', { name: 'Agents' }).click();
    await page.getByRole('button', { name: 'Add agent' }).click();
    const form = page.getByTestId('agent-form');
    await form.getByLabel('Name', { exact: true }).fill(`A11y ${scheme}`);
    await form.getByLabel('Installation folder (contains conf/)', { exact: true }).fill(agentHome);
    await check('Keystores › Add agent');
    await form.getByRole('button', { name: 'Add agent' }).click();
    const agent = page.getByTestId('agent-page');
    await agent.getByLabel('Agent keystore password', { exact: true }).waitFor();
    await check('Agent page › password');
    await agent.getByLabel('Agent keystore password', { exact: true }).fill('alarmpoint');
    await agent.getByRole('button', { name: 'Read the keystore' }).click();
    await agent.getByTestId('served').waitFor();
    await agent.getByTestId('entries').waitFor();
    await agent.getByRole('button', { name: 'Create a self-signed certificate' }).click();
    await check('Agent page › server key and keystore');
    await shots('a11y-agent-page');
    await agent.getByRole('button', { name: 'All agents' }).click();
    await page.getByTestId('agents').waitFor();
    await check('Agents list');

    expect(found).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
