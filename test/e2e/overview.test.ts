import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYSTORE_PASSWORD, makeOverviewScenario, type OverviewScenario } from '../helpers/overview-fixtures.js';
import { axeViolations, startE2E, windowOverflow, type E2E } from './browser.js';

/**
 * The Overview in Chromium over the real core: first the first-run state on an empty data folder, then
 * the scenario (keystore, expired endpoint, credential ending tomorrow, failing saved auth test) added
 * through the same core the page talks to, listed in urgency order.
 */

let e2e: E2E;
let scene: OverviewScenario;
const API_TOKEN = 'overview-e2e-api-token-55aa';

beforeAll(async () => {
  scene = await makeOverviewScenario();
  e2e = await startE2E();
}, 120_000);

afterAll(async () => {
  await e2e?.core.services['vault.remove']({ name: 'ticketing-token' });
  const list = await e2e?.core.services['watch.list']({});
  if (list?.ok) for (const w of list.value.watches) await e2e.core.services['watch.remove']({ id: w.id });
  await e2e?.close();
  await scene?.close();
});

async function must<T>(p: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

/** Screenshot of the whole section at `width`. */
const shot = async (page: Page, name: string, width: number): Promise<void> => void (await e2e.shotSection(page, name, width, 800));

describe('Overview section in Chromium', () => {
  it('tells a new user what to add and how, on an empty data folder', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await e2e.open(scheme);
      const first = page.getByTestId('overview-first-run');
      await first.waitFor();
      expect(await first.textContent()).toMatch(/certificate file.*keystore.*TLS endpoint/s);
      expect(await page.getByRole('form', { name: 'Add to the overview' }).isVisible()).toBe(true);
      expect(await axeViolations(page)).toEqual([]);
      await shot(page, `overview-first-run-${scheme}-1200`, 1200);
      await shot(page, `overview-first-run-${scheme}-720`, 720);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('lists the keystore, the expired endpoint, the credential and the failing test most urgent first', async () => {
    const s = e2e.core.services;
    await must(s['watch.add']({ target: scene.keystore, password: KEYSTORE_PASSWORD }));
    await must(s['vault.add']({ name: 'ticketing-token', kind: 'bearer', secrets: { token: API_TOKEN }, expires: new Date(Date.now() + 86_400_000 - 60_000).toISOString(), allowedHosts: ['localhost'] }));
    await must(s['auth.saveTest']({ name: 'ticketing login', request: { url: scene.apiUrl }, credentialName: 'ticketing-token', trust: { kind: 'caFiles', paths: [scene.rootCert] } }));
    await must(s['auth.runAll']({}));

    const { page, errors } = await e2e.open('light', { width: 1440, height: 800 });
    // The endpoint is added through the form, as a person would.
    await page.getByLabel('Certificate file, keystore, or endpoint (https://host or host:port)').fill(scene.endpointTarget);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    const rows = page.getByTestId('overview-row');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(5);
    await expect.poll(() => page.getByTestId('job-progress').count(), { timeout: 20_000 }).toBe(0);
    const cells = await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 2).map((td) => td.textContent?.trim())));
    expect(cells).toEqual([
      ['Expired', scene.endpointTarget],
      ['Within 7 days', 'ticketing-token'],
      ['Within 7 days', 'renew-me'],
      ['Failing', 'ticketing login'],
      ['OK', 'fine-for-a-year'],
    ]);
    expect(await rows.nth(0).textContent()).toContain('expired 6 days ago');
    expect(await rows.nth(1).textContent()).toContain('1 day left');
    expect(await rows.nth(2).textContent()).toContain('5 days left');
    expect(await page.locator('main').textContent()).not.toContain(API_TOKEN);

    // Filter: only what needs attention, then by words.
    await page.getByLabel('Show').selectOption('ok');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel('Show').selectOption('all');
    await page.getByLabel('Filter').fill('renew');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByLabel('Filter').fill('');

    // Re-check the endpoint: still expired, checked again.
    await page.getByRole('button', { name: `Re-check ${scene.endpointTarget}` }).click();
    await expect.poll(() => page.getByTestId('job-progress').count(), { timeout: 20_000 }).toBe(0);
    expect(await rows.count()).toBe(5);
    expect(await rows.nth(0).getAttribute('data-severity')).toBe('expired');

    expect(await axeViolations(page)).toEqual([]);
    expect(await windowOverflow(page)).toEqual({ extraHeight: 0, extraWidth: 0 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await shot(page, `overview-list-${scheme}-1440`, 1440);
      await shot(page, `overview-list-${scheme}-720`, 720);
    }
    expect(await axeViolations(page)).toEqual([]);

    // The endpoint's fix leads to the TLS check; a keystore entry's to Certificates.
    await rows.nth(0).getByRole('button', { name: 'Run a TLS check' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('TLS check');
    // ...with that endpoint checked at once: its expired certificate is in the findings.
    await page.getByTestId('verdict').waitFor({ timeout: 30_000 });
    expect(await page.locator('main').textContent()).toMatch(/expired/i);

    // The credential's fix opens its rotate form in Credentials.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Overview' }).click();
    await rows.filter({ hasText: 'ticketing-token' }).getByRole('button', { name: 'Rotate the credential' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Credentials');
    await page.getByRole('heading', { name: 'Rotate ticketing-token' }).waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
