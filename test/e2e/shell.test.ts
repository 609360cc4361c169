import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, type E2E } from './browser.js';

/** The sections the sidebar offers, in order (the app's own list, read from the page). */
async function sidebarSections(page: Page): Promise<{ id: string; label: string }[]> {
  return page.getByRole('navigation', { name: 'Sections' }).getByRole('link').evaluateAll((links) =>
    links.map((a) => ({ id: (a.getAttribute('href') ?? '').replace(/^#/, ''), label: a.textContent?.trim() ?? '' })),
  );
}

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('app shell in Chromium', () => {
  it('navigates every section by click, with the header and the URL following', async () => {
    const { page, errors } = await e2e.open('light');
    const sections = await sidebarSections(page);
    expect(sections.map((s) => s.label)).toEqual(['Overview', 'Certificates', 'Keystores', 'TLS check', 'Credentials', 'Auth tests', 'Activity']);
    for (const s of sections) {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: s.label }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(s.label);
      expect(new URL(page.url()).hash).toBe(`#${s.id}`);
      await expect.poll(() => page.locator('[aria-current="page"]').textContent()).toContain(s.label);
    }
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('navigates every section by keyboard (Tab into the list, arrows, Home/End)', async () => {
    const { page } = await e2e.open('light');
    const sections = await sidebarSections(page);
    // First Tab reaches the skip link, the second the current section in the sidebar.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toContain('Overview');
    for (const s of sections.slice(1)) {
      await page.keyboard.press('ArrowDown');
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(s.label);
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toContain(s.label);
    }
    await page.keyboard.press('ArrowDown'); // wraps round to the first
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    await page.keyboard.press('End');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(sections.at(-1)?.label);
    await page.keyboard.press('Home');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    // The section list keeps one tab stop: Tab leaves it for the About button.
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('About');
    await page.context().close();
  });

  it('shows About with the real app.info from the core', async () => {
    const expected = await e2e.core.services['app.info']({});
    if (!expected.ok) throw new Error(expected.error.message);
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await e2e.open(scheme);
      await e2e.shot(page, `shell-overview-${scheme}`);
      await page.getByRole('button', { name: 'About' }).click();
      const dialog = page.getByRole('dialog', { name: 'About Certdesk' });
      await dialog.getByTestId('about-version').waitFor();
      expect(await dialog.getByTestId('about-version').textContent()).toBe(expected.value.version);
      expect(await dialog.getByTestId('about-datadir').textContent()).toBe(e2e.core.dataDir);
      expect(await dialog.getByTestId('about-keychain').textContent()).toContain(
        expected.value.keychain.available ? 'available' : 'unavailable',
      );
      await e2e.shot(page, `shell-about-${scheme}`);
      await page.keyboard.press('Escape');
      await expect.poll(() => dialog.isVisible()).toBe(false);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('offers only built sections: the overview links match the sidebar and promise nothing', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page } = await e2e.open(scheme);
      const sidebar = (await sidebarSections(page)).map((s) => s.label);
      const main = page.getByRole('main');
      const start = main.getByRole('region', { name: 'Start here' });
      await start.getByRole('button').first().waitFor();
      const links = await start.getByRole('button').allTextContents();
      expect(links.map((l) => l.trim())).toEqual(sidebar.slice(1));
      expect((await main.textContent())?.toLowerCase()).not.toMatch(/not built|coming|later|soon/);
      await page.context().close();
    }
  });

  it('refuses API calls without the harness token', async () => {
    const res = await fetch(new URL('/__certdesk/api/app.info', e2e.harness.url), { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
  });
});
