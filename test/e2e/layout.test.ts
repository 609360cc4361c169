import { copyFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { realpathSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keytool, keytoolList, tempDir } from '../unit/core/keystore/helpers.js';
import { startE2E, windowOverflow, type E2E } from './browser.js';

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
      for (const label of ['Overview', 'Certificates', 'Keystores', 'TLS check']) {
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
});
