import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCertdesk, type CliRun } from '../helpers/cli.js';
import { keytool, keytoolList, opensslChain, opensslPfxWithChain, tempDir } from '../unit/core/keystore/helpers.js';
import { axeViolations, startE2E, windowOverflow, type E2E } from './browser.js';

/**
 * The Activity section in Chromium over the real core: a change made with the built CLI against the
 * harness's data folder is listed with its backup, restored after a confirmation (bytes compared,
 * keytool reads the result), and backups still holding a deleted key are marked and removed.
 */

const STOREPASS = 'alarmpoint';
const PFX_PASS = 'pfx-pass-activity';
const SCHEMES = ['light', 'dark'] as const;
const WIDTHS = [1024, 1440] as const;

let e2e: E2E;
let dir: string;
let cleanup: () => Promise<void>;
let pristine: string;
let pfx: string;

function cli(args: string[]): Promise<CliRun> {
  return runCertdesk(args, { env: { CERTDESK_HOME: e2e.core.dataDir, SP: STOREPASS, PP: PFX_PASS } });
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('e2e-activity'));
  const { leaf, root } = await opensslChain(dir, 'web');
  pristine = join(dir, 'pristine.keystore');
  await keytool(['-genkeypair', '-alias', 'server', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=agent.example.com', '-keystore', pristine, '-storetype', 'JKS', '-storepass', STOREPASS, '-keypass', STOREPASS]);
  pfx = join(dir, 'web.pfx');
  await writeFile(pfx, await opensslPfxWithChain(dir, 'web', leaf, [root], PFX_PASS));
  e2e = await startE2E();
}, 120_000);

afterAll(async () => {
  await e2e?.close();
  await cleanup?.();
});

let copies = 0;
async function freshKeystore(): Promise<string> {
  const path = join(dir, `agent-${++copies}.keystore`);
  await copyFile(pristine, path);
  return path;
}

async function gotoActivity(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Activity' }).click();
  await page.getByTestId('activity-count').waitFor();
}

function entryFor(page: Page, op: string, text: string) {
  return page.locator(`[data-testid="activity-entry"][data-op="${op}"]`).filter({ hasText: text });
}

const shot = (page: Page, name: string, width: number): Promise<string> => e2e.shotSection(page, name, width);

describe('Activity section in Chromium', () => {
  it.each(SCHEMES)('shows a keystore import made with the CLI, with its backup, and restores it after a confirmation (%s)', async (scheme) => {
    const ks = await freshKeystore();
    const imported = await cli(['keystore', 'import-pfx', ks, '--pfx', pfx, '--pfx-password-env', 'PP', '--alias', 'https', '--storepass-env', 'SP']);
    expect(imported.code, imported.stderr).toBe(0);

    const { page, errors } = await e2e.open(scheme);
    await gotoActivity(page);
    const entry = entryFor(page, 'keystore.importPfx', ks);
    await entry.waitFor();
    expect(await entry.textContent()).toContain('from the command line');
    expect(await entry.getByTestId('written-backup').textContent()).toBe(`${ks}.orig`);
    expect(await axeViolations(page)).toEqual([]);

    const name = ks.split('/').pop() ?? '';
    await entry.getByRole('button', { name: `Restore ${name} from this backup…` }).click();
    const confirm = entry.getByRole('group', { name: `Restore ${name}` });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('backed up first');
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, `activity-confirm-${scheme}`, 1200);
    // Nothing is written before the confirmation.
    expect((await readFile(ks)).equals(await readFile(`${ks}.orig`))).toBe(false);

    await confirm.getByRole('button', { name: 'Restore now' }).click();
    const restored = entryFor(page, 'activity.restore', ks);
    await restored.waitFor();
    expect(await restored.textContent()).toContain('from the app');
    expect((await readFile(ks)).equals(await readFile(`${ks}.orig`))).toBe(true);
    expect((await keytoolList(ks, STOREPASS)).entries.map((e) => e.alias)).toEqual(['server']);

    await page.getByLabel('Kind', { exact: true }).selectOption('restore');
    await expect.poll(() => page.locator('[data-testid="activity-entry"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-op')))).toSatisfy((ops: unknown) => Array.isArray(ops) && ops.length > 0 && ops.every((o) => o === 'activity.restore'));
    await page.getByLabel('Kind', { exact: true }).selectOption('');
    await page.getByLabel('File', { exact: true }).selectOption(ks);
    await expect.poll(() => page.locator('[data-testid="activity-entry"]').count()).toBe(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('marks backups that still hold a deleted key and removes them from here', async () => {
    const ks = await freshKeystore();
    expect((await cli(['keystore', 'delete', ks, '--alias', 'server', '--storepass-env', 'SP'])).code).toBe(0);
    const { page, errors } = await e2e.open('light');
    await gotoActivity(page);
    const entry = entryFor(page, 'keystore.delete', ks);
    await entry.waitFor();
    await entry.getByTestId('holds-secrets').waitFor();
    expect(await entry.getByTestId('secret-backups').textContent()).toContain("the deleted key 'server'");
    expect(await axeViolations(page)).toEqual([]);
    await shot(page, 'activity-secret-backups-light', 1200);
    await entry.getByRole('button', { name: 'Remove backups that hold old secrets' }).click();
    await expect.poll(() => entry.getByRole('status').textContent()).toContain('Removed the backup');
    await expect(readFile(`${ks}.orig`)).rejects.toThrow();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  for (const width of WIDTHS) {
    it.each(SCHEMES)(`${width} px: the list fits its pane, the window does not scroll, axe is clean (%s)`, async (scheme) => {
      const { page, errors } = await e2e.open(scheme, { width, height: 780 });
      await gotoActivity(page);
      await page.getByTestId('activity-entry').first().waitFor();
      expect(await windowOverflow(page)).toEqual({ extraHeight: 0, extraWidth: 0 });
      const overflow = await page.evaluate(() => {
        const main = document.querySelector('main');
        return main ? main.scrollWidth - main.clientWidth : -1;
      });
      expect(overflow).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      await shot(page, `activity-${width}-${scheme}`, width);
      expect(errors).toEqual([]);
      await page.context().close();
    });
  }
});
