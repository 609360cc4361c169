import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startHarness, type Harness } from '../harness/server.js';
import { createTestCore, type TestCore } from '../helpers/core.js';
import { recordPage } from '../helpers/secrets.js';
import type { CoreDepsOptions } from '../../electron/core/deps.js';

export const SCREENSHOTS = join(process.cwd(), 'test-results', 'screenshots');

export interface E2E {
  browser: Browser;
  harness: Harness;
  core: TestCore;
  /** A fresh page on the app, in the given colour scheme and window size, with console errors collected. */
  open(colorScheme?: 'light' | 'dark', viewport?: { width: number; height: number }): Promise<{ page: Page; errors: string[] }>;
  shot(page: Page, name: string): Promise<string>;
  /** Screenshot of the whole section at `width`: the window grows to the content first (the shell scrolls inside <main>), then returns to `height`. */
  /** The whole section at `width`: the window grows to the content (at most `maxHeight`) for the shot, then goes back to `height`. */
  shotSection(page: Page, name: string, width: number, height?: number, maxHeight?: number): Promise<string>;
  close(): Promise<void>;
}

/** Starts the real core behind the loopback harness and Debian's Chromium in front of it; `core` swaps single ports (a clipboard). */
export async function startE2E(coreOptions: Partial<Omit<CoreDepsOptions, 'dataDir'>> = {}): Promise<E2E> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const core = createTestCore(coreOptions);
  const harness = await startHarness(core.services);
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
  const e2e: E2E = {
    browser,
    harness,
    core,
    async open(colorScheme = 'light', viewport = { width: 1200, height: 780 }) {
      const context = await browser.newContext({ viewport, colorScheme });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(m.text());
      });
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(harness.url);
      await page.getByRole('navigation', { name: 'Sections' }).waitFor();
      return { page, errors };
    },
    async shot(page, name) {
      // For the secrets sweep: the text the screenshot shows, with each deliberately revealed value cut out where it is revealed.
      const seen = await page.evaluate(() => {
        let text = document.body.innerText;
        const revealed = [...document.querySelectorAll<HTMLElement>('[data-testid="revealed-value"]')].map((el) => el.innerText).filter(Boolean);
        for (const v of revealed) text = text.replace(v, '[revealed]');
        return { text, revealed: revealed.length };
      });
      recordPage(name, seen.text, seen.revealed);
      const file = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async shotSection(page, name, width, height = 780, maxHeight = Number.POSITIVE_INFINITY) {
      await page.setViewportSize({ width, height });
      const content = await page.evaluate(() => {
        const main = document.querySelector('main');
        return main ? main.getBoundingClientRect().top + main.scrollHeight : 0;
      });
      await page.setViewportSize({ width, height: Math.min(maxHeight, Math.max(height, Math.ceil(content))) });
      const file = await e2e.shot(page, name);
      await page.setViewportSize({ width, height });
      return file;
    },
    async close() {
      await browser.close();
      await harness.close();
      core.cleanup();
    },
  };
  return e2e;
}

/** The window itself must never scroll (only the content pane does): the document is no taller or wider than the window. */
export async function windowOverflow(page: Page): Promise<{ extraHeight: number; extraWidth: number }> {
  return page.evaluate(() => {
    const doc = document.scrollingElement ?? document.documentElement;
    return { extraHeight: doc.scrollHeight - innerHeight, extraWidth: doc.scrollWidth - innerWidth };
  });
}

/**
 * Screenshots at each width (`nameAt(width)`), the window grown to the content (up to `maxHeight`), then
 * back to 1200×780. Returns, per width, how far the window or the content pane reaches past its edge
 * sideways (0 everywhere when everything fits).
 */
export async function widthShots(e2e: Pick<E2E, 'shotSection'>, page: Page, widths: readonly number[], nameAt: (width: number) => string, maxHeight = 6000): Promise<number[]> {
  const overflow: number[] = [];
  for (const width of widths) {
    await page.setViewportSize({ width, height: 800 });
    const pane = await page.evaluate(() => {
      const m = document.querySelector('main');
      return m ? m.scrollWidth - m.clientWidth : 0;
    });
    overflow.push(Math.max((await windowOverflow(page)).extraWidth, pane));
    await e2e.shotSection(page, nameAt(width), width, 800, maxHeight);
  }
  await page.setViewportSize({ width: 1200, height: 780 });
  return overflow;
}

/** One accessibility rule broken on a page, as axe-core reports it. */
interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[] }[];
}

let axeSource: string | undefined;

/**
 * The serious and critical accessibility violations (every one with `all`) axe-core finds on the page as it is now, one line
 * each (rule, impact, the first elements). axe is evaluated into the page: the CSP does not apply to that.
 */
export async function axeViolations(page: Page, opts: { all?: boolean } = {}): Promise<string[]> {
  axeSource ??= readFileSync(join(process.cwd(), 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: Document, opts: object): Promise<{ violations: AxeViolation[] }> } }).axe;
    // label-content-name-mismatch is experimental in axe (off by default); the app holds itself to it.
    const res = await axe.run(document, { resultTypes: ['violations'], rules: { 'label-content-name-mismatch': { enabled: true } } });
    return res.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String) })) }));
  });
  return violations
    .filter((v) => opts.all === true || v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}${v.nodes.length > 4 ? ` (+${v.nodes.length - 4})` : ''}`);
}
