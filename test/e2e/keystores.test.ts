import { existsSync } from 'node:fs';
import { copyFile, cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyPair, fingerprint, keytool, keytoolList, opensslChain, opensslKeyPair, opensslPfxWithChain, runOk, tempDir } from '../unit/core/keystore/helpers.js';
import { startE2E, type E2E } from './browser.js';

/** The Keystores section in Chromium over the real core: open, inspect, import a .pfx, trust, and switch an agent to HTTPS. */

const FIXTURES = fileURLToPath(new URL('../fixtures/agent/', import.meta.url));
const STOREPASS = 'alarmpoint';
const PFX_PASS = 'pfx-pass-e2e';
const SCHEMES = ['light', 'dark'] as const;

let e2e: E2E;
let dir: string;
let cleanup: () => Promise<void>;
let pristine: string;
let pfx: string;
let twoKeyPfx: string;
let leaf: KeyPair;
let partner: KeyPair;
let encryptedKey: string;
let rootDer: Buffer;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('e2e-ks'));
  let root: KeyPair;
  [{ leaf, root }, partner] = await Promise.all([opensslChain(dir, 'web'), opensslKeyPair(dir, 'partner', 'rsa')]);
  rootDer = root.certDer;
  pristine = join(dir, 'pristine.keystore');
  const kt = (args: string[]): Promise<string> => keytool([...args, '-keystore', pristine, '-storetype', 'JKS', '-storepass', STOREPASS]);
  await kt(['-genkeypair', '-alias', 'server', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=agent.example.com, O=Example Corp', '-keypass', STOREPASS]);
  await kt(['-genkeypair', '-alias', 'admin-tool', '-keyalg', 'EC', '-dname', 'CN=Agent Admin Tool', '-keypass', 'admin-only']);
  await writeFile(join(dir, 'root.crt'), root.certPem);
  await kt(['-importcert', '-noprompt', '-alias', 'partner-ca', '-file', join(dir, 'root.crt')]);
  pfx = join(dir, 'web.pfx');
  await writeFile(pfx, await opensslPfxWithChain(dir, 'web', leaf, [root], PFX_PASS));
  twoKeyPfx = join(dir, 'two.p12');
  for (const alias of ['first', 'second'])
    await keytool(['-genkeypair', '-alias', alias, '-keyalg', 'EC', '-dname', `CN=${alias}.example.com`, '-keystore', twoKeyPfx, '-storetype', 'PKCS12', '-storepass', PFX_PASS]);
  encryptedKey = join(dir, 'web-leaf.enc.key');
  await runOk('openssl', ['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-in', join(dir, 'web-leaf.key'), '-out', encryptedKey, '-passout', 'pass:key-file-pass']);
  e2e = await startE2E();
}, 120_000);

afterAll(async () => {
  await e2e?.close();
  await cleanup?.();
});

let copies = 0;
async function freshKeystore(): Promise<string> {
  const path = join(dir, `ks-${++copies}.keystore`);
  await copyFile(pristine, path);
  return path;
}

async function gotoKeystores(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Keystores' }).click();
  await page.getByRole('tab', { name: 'Keystore file' }).waitFor();
}

async function openKeystore(page: Page, path: string, password = STOREPASS): Promise<void> {
  await page.getByLabel('Keystore or trust store file (JKS, PKCS#12, JCEKS)', { exact: true }).fill(path);
  await page.getByLabel('Store password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
}

/** Screenshot of the whole section (the window grows to the content first). */
async function shot(page: Page, name: string): Promise<void> {
  await e2e.shotSection(page, name, 1200);
}

function row(page: Page, alias: string) {
  return page.locator(`[data-testid="entry-row"][data-alias="${alias}"]`);
}

describe('Keystores section in Chromium', () => {
  it.each(SCHEMES)('opens a keystore, says clearly when the password is wrong, lists every entry and expands its chain (%s)', async (scheme) => {
    const ks = await freshKeystore();
    const { page, errors } = await e2e.open(scheme);
    await gotoKeystores(page);
    await shot(page, `keystores-open-${scheme}`);

    await openKeystore(page, ks, 'not-the-password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.getAttribute('data-code')).toBe('BAD_PASSWORD');
    expect(await alert.textContent()).toContain('The keystore password is wrong');
    expect(await alert.textContent()).toContain('Check the store password');
    await shot(page, `keystores-wrong-password-${scheme}`);

    await page.getByLabel('Store password', { exact: true }).fill(STOREPASS);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('entries').waitFor();
    expect(await page.getByTestId('keystore-type').textContent()).toBe('JKS');
    expect(await page.getByTestId('entry-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alias')))).toEqual(['admin-tool', 'partner-ca', 'server']);
    expect(await row(page, 'server').textContent()).toContain('CN=agent.example.com, O=Example Corp');
    expect(await row(page, 'admin-tool').textContent()).toContain('own key password');
    expect(await row(page, 'partner-ca').textContent()).toMatch(/Trusted certificate.*\d+ days left/);

    await page.getByRole('button', { name: 'Details of server' }).click();
    const facts = page.getByTestId('cert-facts');
    await facts.waitFor();
    const oracle = await keytoolList(ks, STOREPASS);
    expect(await facts.getByTestId('sha256').textContent()).toBe(oracle.entries.find((e) => e.alias === 'server')?.sha256[0]);
    expect(await page.getByRole('button', { name: 'Details of server' }).getAttribute('aria-expanded')).toBe('true');

    await page.getByLabel('Filter entries', { exact: true }).fill('partner');
    await expect.poll(() => page.getByTestId('entry-row').count()).toBe(1);
    expect(await page.getByTestId('entry-count').textContent()).toContain('1 of 3 entries');
    await page.getByLabel('Filter entries', { exact: true }).fill('');
    await shot(page, `keystores-entries-${scheme}`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(SCHEMES)('imports a .pfx: picks the key from a .pfx with several, asks before touching an existing alias, names the backup (%s)', async (scheme) => {
    const ks = await freshKeystore();
    const before = await readFile(ks);
    const { page, errors } = await e2e.open(scheme);
    await gotoKeystores(page);
    await openKeystore(page, ks);
    await page.getByTestId('entries').waitFor();

    // A .pfx with two keys: the panel lists them and waits for a choice.
    await page.getByRole('button', { name: 'Import .pfx' }).click();
    const panel = page.getByTestId('panel-ks-pfx');
    page.once('dialog', (d) => void d.accept(twoKeyPfx));
    await panel.getByRole('button', { name: 'Browse: .pfx / .p12 file' }).click();
    await expect.poll(() => panel.getByLabel('.pfx / .p12 file', { exact: true }).inputValue()).toBe(twoKeyPfx);
    await panel.getByLabel('.pfx password', { exact: true }).fill(PFX_PASS);
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    await panel.getByTestId('pfx-keys').waitFor();
    expect(await panel.getByTestId('pfx-keys').textContent()).toContain('holds 2 keys');
    expect(await readFile(ks)).toEqual(before);
    await panel.getByRole('radio', { name: /second/ }).check();
    await panel.getByLabel('Alias in the keystore', { exact: true }).fill('server');
    await panel.getByRole('button', { name: 'Import', exact: true }).click();

    // 'server' exists: nothing is written until the person chooses.
    const clash = panel.getByTestId('clash');
    await clash.waitFor();
    expect(await clash.textContent()).toContain("already has an entry named 'server'");
    expect(await readFile(ks)).toEqual(before);
    await shot(page, `keystores-import-clash-${scheme}`);
    await clash.getByRole('button', { name: /Keep both/ }).click();

    const note = page.getByTestId('change-note');
    await note.waitFor();
    expect(await note.getByTestId('written-backup').textContent()).toContain(`${ks}.orig`);
    expect(await readFile(`${ks}.orig`)).toEqual(before);
    await row(page, 'server-2').waitFor();
    expect(await row(page, 'server-2').textContent()).toContain('CN=second.example.com');

    // The chained .pfx under its own alias, then keytool sees both imports.
    await page.getByRole('button', { name: 'Import .pfx' }).click();
    await panel.getByLabel('.pfx / .p12 file', { exact: true }).fill(pfx);
    await panel.getByLabel('.pfx password', { exact: true }).fill(PFX_PASS);
    await panel.getByLabel('Alias in the keystore', { exact: true }).fill('agent-https');
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    await row(page, 'agent-https').waitFor();
    expect(await row(page, 'agent-https').textContent()).toContain('chain of 2');
    expect(await page.getByTestId('written-backup').textContent()).toMatch(/\.bak/);
    const oracle = await keytoolList(ks, STOREPASS);
    expect(oracle.entries.find((e) => e.alias === 'agent-https')?.sha256[0]).toBe(fingerprint(leaf.certDer));
    expect(oracle.entries.map((e) => e.alias).sort()).toEqual(['admin-tool', 'agent-https', 'partner-ca', 'server', 'server-2']);
    await shot(page, `keystores-imported-${scheme}`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(SCHEMES)('trusts a certificate from pasted PEM and exports one, refusing to overwrite (%s)', async (scheme) => {
    const ks = await freshKeystore();
    const { page, errors } = await e2e.open(scheme);
    await gotoKeystores(page);
    await openKeystore(page, ks);
    await page.getByTestId('entries').waitFor();

    await page.getByRole('button', { name: 'Trust certificate' }).click();
    const panel = page.getByTestId('panel-ks-trust');
    await panel.getByRole('radio', { name: 'pasted PEM text' }).check();
    await panel.getByLabel('PEM text', { exact: true }).fill(partner.certPem);
    await panel.getByLabel('Alias in the keystore', { exact: true }).fill('partner-api');
    await shot(page, `keystores-trust-${scheme}`);
    await panel.getByRole('button', { name: 'Trust', exact: true }).click();
    await row(page, 'partner-api').waitFor();
    expect(await page.getByTestId('change-note').textContent()).toContain("Trusted O=Certdesk Test, CN=partner.localhost as 'partner-api'");
    expect((await keytoolList(ks, STOREPASS)).entries.find((e) => e.alias === 'partner-api')).toEqual({
      alias: 'partner-api',
      entryType: 'trustedCertEntry',
      sha256: [fingerprint(partner.certDer)],
    });

    const out = join(dir, `partner-${scheme}.cer`);
    await writeFile(out, 'already here');
    await page.getByRole('button', { name: 'Export certificate of partner-api' }).click();
    const exp = page.getByTestId('panel-ks-export');
    await exp.getByLabel('Save as', { exact: true }).fill(out);
    await exp.getByRole('button', { name: 'Export', exact: true }).click();
    expect(await exp.getByRole('alert').getAttribute('data-code')).toBe('FILE_EXISTS');
    expect(await readFile(out, 'utf8')).toBe('already here');
    await exp.getByLabel(/Overwrite the file/).check();
    await exp.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByTestId('change-note').waitFor();
    expect(await readFile(out, 'utf8')).toContain('-----BEGIN CERTIFICATE-----');
    expect(await page.getByTestId('written-backup').textContent()).toContain(`${out}.orig`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(SCHEMES)('trusting an expired certificate asks first, then says it in the result and in the table (%s)', async (scheme) => {
    const ks = await freshKeystore();
    const expiredStore = join(dir, `expired-${scheme}.p12`);
    const expiredCer = join(dir, `expired-${scheme}.cer`);
    // keytool dates it in the past: valid for 30 days from 2020-01-01.
    await keytool(['-genkeypair', '-alias', 'old', '-keyalg', 'EC', '-dname', 'CN=old-partner.example.com', '-startdate', '2020/01/01', '-validity', '30',
      '-keystore', expiredStore, '-storetype', 'PKCS12', '-storepass', STOREPASS]);
    await keytool(['-exportcert', '-rfc', '-alias', 'old', '-keystore', expiredStore, '-storetype', 'PKCS12', '-storepass', STOREPASS, '-file', expiredCer]);
    const { page, errors } = await e2e.open(scheme);
    await gotoKeystores(page);
    await openKeystore(page, ks);
    await page.getByTestId('entries').waitFor();
    await page.getByRole('button', { name: 'Trust certificate' }).click();
    const panel = page.getByTestId('panel-ks-trust');
    await panel.getByLabel('Certificate file (.cer, .crt, .pem, .der)', { exact: true }).fill(expiredCer);
    // Before anything is trusted, the panel shows what the file holds, expired included.
    await expect.poll(() => panel.getByTestId('trust-preview').textContent()).toMatch(/CN=old-partner\.example\.com.*expired/s);
    expect(await panel.getByTestId('trust-preview').locator('[data-code="expired"]').count()).toBe(1);
    await panel.getByLabel('Alias in the keystore', { exact: true }).fill('old-partner');
    await panel.getByRole('button', { name: 'Trust', exact: true }).click();
    const ask = panel.getByTestId('trust-expired');
    await ask.waitFor();
    expect(await ask.textContent()).toMatch(/expired on 2020-01-31.*Trust it anyway\?/s);
    expect((await keytoolList(ks, STOREPASS)).entries.map((e) => e.alias)).not.toContain('old-partner');
    await shot(page, `keystores-trust-expired-ask-${scheme}`);
    await ask.getByRole('button', { name: 'Trust anyway' }).click();
    await row(page, 'old-partner').waitFor();
    expect(await page.getByTestId('change-note').textContent()).toMatch(/expired/);
    expect(await row(page, 'old-partner').getByTestId('entry-status').getAttribute('data-status')).toBe('expired');
    expect((await keytoolList(ks, STOREPASS)).entries.map((e) => e.alias)).toContain('old-partner');
    await shot(page, `keystores-trust-expired-done-${scheme}`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(SCHEMES)('creates a new keystore, imports a certificate with an encrypted key and chain, renames, deletes, changes the password and converts (%s)', async (scheme) => {
    const ks = join(dir, `new-${scheme}.jks`);
    const { page, errors } = await e2e.open(scheme);
    await gotoKeystores(page);
    await openKeystore(page, ks, 'new-store-pass');
    await page.getByText('No keystore exists at this path yet.').waitFor();
    await page.getByLabel('Create it as', { exact: true }).selectOption('jks');

    await page.getByRole('button', { name: 'Import certificate + key' }).click();
    const panel = page.getByTestId('panel-ks-key');
    await panel.getByLabel('Certificate file (.crt, .cer, .pem)', { exact: true }).fill(join(dir, 'web-leaf.crt'));
    await panel.getByLabel('Private key file (.key; leave empty if the certificate file holds it)', { exact: true }).fill(encryptedKey);
    await panel.getByRole('button', { name: 'Add chain file' }).click();
    await panel.getByLabel('Chain file 1', { exact: true }).fill(join(dir, 'root.crt'));
    await panel.getByLabel('Alias in the keystore', { exact: true }).fill('web');
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    expect(await panel.getByRole('alert').getAttribute('data-code')).toBe('PASSWORD_REQUIRED');
    await panel.getByLabel('Key file password (only for an encrypted key)', { exact: true }).fill('key-file-pass');
    await shot(page, `keystores-import-key-${scheme}`);
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    await row(page, 'web').waitFor();
    expect(await page.getByTestId('written-path').textContent()).toBe(ks);
    expect(await page.getByTestId('keystore-type').textContent()).toBe('JKS');
    expect((await keytoolList(ks, 'new-store-pass')).entries).toEqual([
      { alias: 'web', entryType: 'PrivateKeyEntry', sha256: [fingerprint(leaf.certDer), fingerprint(rootDer)] },
    ]);

    await page.getByRole('button', { name: 'Rename web' }).click();
    await page.getByTestId('panel-ks-rename').getByLabel('New alias', { exact: true }).fill('agent-https');
    await page.getByTestId('panel-ks-rename').getByRole('button', { name: 'Rename', exact: true }).click();
    await row(page, 'agent-https').waitFor();
    // The rename panel opened under its row; the focus goes back to the entry under its new name.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Details of agent-https');

    await page.getByRole('button', { name: 'Change store password' }).click();
    const pw = page.getByTestId('panel-ks-password');
    await pw.getByLabel('New store password', { exact: true }).fill('changed-pass');
    await pw.getByLabel('New store password again', { exact: true }).fill('changed-pass');
    await pw.getByRole('button', { name: 'Change password' }).click();
    await page.getByTestId('change-note').waitFor();
    expect((await keytoolList(ks, 'changed-pass')).entries.map((e) => e.alias)).toEqual(['agent-https']);
    // The backup still opens with the old password and holds the key: said, and removable in one click.
    const secrets = page.getByTestId('change-note').getByTestId('secret-backups');
    await secrets.waitFor();
    const backupPaths = (await secrets.locator('li').allTextContents()).map((p) => p.trim());
    expect(backupPaths.length).toBeGreaterThan(0);
    for (const p of backupPaths) expect((await keytoolList(p, 'new-store-pass')).entries.length).toBeGreaterThan(0);
    await shot(page, `keystores-secret-backups-${scheme}`);
    await secrets.getByRole('button', { name: 'Remove backups that hold old secrets' }).click();
    await secrets.getByRole('status').waitFor();
    for (const p of backupPaths) expect(existsSync(p)).toBe(false);

    await page.getByRole('button', { name: 'Convert JKS ↔ PKCS#12' }).click();
    const conv = page.getByTestId('panel-ks-convert');
    expect(await conv.getByLabel('Write to', { exact: true }).inputValue()).toBe(join(dir, `new-${scheme}.p12`));
    await shot(page, `keystores-convert-${scheme}`);
    await conv.getByRole('button', { name: 'Convert', exact: true }).click();
    await page.getByRole('button', { name: `Open ${join(dir, `new-${scheme}.p12`)}` }).click();
    await expect.poll(() => page.getByTestId('keystore-type').textContent()).toBe('PKCS12');
    expect((await keytoolList(join(dir, `new-${scheme}.p12`), 'changed-pass')).type).toBe('PKCS12');

    await page.getByRole('button', { name: 'Delete agent-https' }).click();
    const del = page.getByTestId('panel-ks-delete');
    expect(await del.textContent()).toContain('This removes a private key');
    await shot(page, `keystores-delete-${scheme}`);
    await del.getByRole('button', { name: 'Delete entry' }).click();
    await page.getByText('This keystore has no entries yet.').waitFor();
    expect(await page.getByTestId('written-backup').textContent()).toContain(`new-${scheme}.p12.orig`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(SCHEMES)('agent profile: add it, see the config and keystore, Enable HTTPS with a backup and the restart step (%s)', async (scheme) => {
    const home = join(dir, `agent-${scheme}`);
    await cp(join(FIXTURES, 'linux'), home, { recursive: true });
    await copyFile(pristine, join(home, 'conf', '.keystore'));
    const config = join(home, 'conf', 'IAConfig.xml');
    const original = await readFile(config, 'latin1');

    const { page, errors } = await e2e.open(scheme);
    await gotoKeystores(page);
    await page.getByRole('tab', { name: 'Agents' }).click();
    await page.getByRole('button', { name: 'Add agent' }).click();
    const form = page.getByTestId('agent-form');
    // Nothing filled in: the check's words sit beside the field, in the window's terms, with the focus there.
    await form.getByRole('button', { name: 'Add agent' }).click();
    const nameProblem = form.locator('#agent-name-problem');
    await nameProblem.waitFor();
    expect(await nameProblem.textContent()).toBe('A name is required');
    expect(await form.getByTestId('error').textContent()).toContain('Name: A name is required.');
    expect(await form.textContent()).not.toMatch(/Invalid input|agent\.save|--force|command line/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('agent-name');
    await form.getByLabel('Name', { exact: true }).fill(`Plant ${scheme}`);
    page.once('dialog', (d) => void d.accept(home));
    await form.getByRole('button', { name: 'Browse: Installation folder (contains conf/)' }).click();
    await expect.poll(() => form.getByLabel('Installation folder (contains conf/)', { exact: true }).inputValue()).toBe(home);
    await form.getByLabel('HTTPS endpoint (optional)', { exact: true }).fill('https://agent.example.com:8081');
    await shot(page, `keystores-agent-add-${scheme}`);
    await form.getByRole('button', { name: 'Add agent' }).click();

    const agent = page.getByTestId('agent-page');
    await agent.waitFor();
    await expect.poll(() => agent.getByTestId('agent-https').textContent()).toContain('off');
    expect(await agent.getByTestId('agent-config').textContent()).toBe(config);

    // A wrong password is said on the card that asks again.
    await agent.getByLabel('Agent keystore password', { exact: true }).fill('not-the-password');
    await agent.getByRole('button', { name: 'Read the keystore' }).click();
    await expect.poll(() => agent.getByTestId('agent-password').getByTestId('error').getAttribute('data-code')).toBe('BAD_PASSWORD');
    // The agent's keystore password, asked once: the server keys, the served one marked, and the keystore below.
    await agent.getByLabel('Agent keystore password', { exact: true }).fill(STOREPASS);
    await agent.getByRole('button', { name: 'Read the keystore' }).click();
    await agent.getByTestId('server-keys').waitFor();
    expect(await agent.getByTestId('server-key').count()).toBe(2);
    expect(await agent.getByTestId('agent-findings').locator('[data-code="several-server-keys"]').count()).toBe(1);
    expect(await agent.getByTestId('served').count()).toBe(1);
    await agent.getByTestId('entries').waitFor();
    expect(await agent.getByTestId('entry-row').count()).toBe(3);
    await shot(page, `keystores-agent-keys-${scheme}`);

    await agent.getByRole('button', { name: 'Enable HTTPS' }).click();
    const steps = agent.getByTestId('https-steps');
    await steps.waitFor();
    expect(await steps.textContent()).toContain('Restart the agent now for HTTPS to take effect.');
    expect(await steps.getByTestId('https-backup').textContent()).toBe(`${config}.orig`);
    await expect.poll(() => agent.getByTestId('agent-https').textContent()).toContain('on');
    expect(await readFile(config, 'latin1')).toBe(original.replace('<service-gateway ssl="false"', '<service-gateway ssl="true"'));
    expect(await readFile(`${config}.orig`, 'latin1')).toBe(original);
    expect((await readdir(join(home, 'conf'))).sort()).toEqual(['.keystore', 'IAConfig.xml', 'IAConfig.xml.orig', 'log4j.xml']);
    await shot(page, `keystores-agent-https-${scheme}`);

    // Two keys: keep the one the agent should serve; the backup that still holds the other is offered for removal.
    await agent.getByRole('radio', { name: 'Keep server' }).check();
    await agent.getByRole('button', { name: 'Keep only the chosen key…' }).click();
    await agent.getByRole('button', { name: 'Delete the others' }).click();
    await expect.poll(() => agent.getByTestId('server-key').count()).toBe(1);
    expect(await agent.getByTestId('server-key').textContent()).toContain('served');
    const backups = agent.getByTestId('secret-backups');
    await backups.waitFor();
    expect(await backups.textContent()).toContain('.keystore.orig');
    await shot(page, `keystores-agent-kept-${scheme}`);
    await backups.getByRole('button', { name: 'Remove backups that hold old secrets' }).click();
    await backups.getByText('Removed the backup').waitFor();
    expect((await readdir(join(home, 'conf'))).sort()).toEqual(['.keystore', 'IAConfig.xml', 'IAConfig.xml.orig', 'log4j.xml']);
    expect((await keytoolList(join(home, 'conf', '.keystore'), STOREPASS)).entries.map((e) => e.alias).sort()).toEqual(['partner-ca', 'server']);

    // Back to the list: the profile is saved (without any password).
    await agent.getByRole('button', { name: 'All agents' }).click();
    await page.getByTestId('agents').waitFor();
    expect(await page.getByTestId('agents').textContent()).toContain(`Plant ${scheme}`);
    expect(await readFile(join(e2e.core.dataDir, 'agents.json'), 'utf8')).not.toContain(STOREPASS);
    await shot(page, `keystores-agents-${scheme}`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each(SCHEMES)('agent from an empty keystore: the missing key said, a .pfx imported in three clicks, then HTTPS (%s)', async (scheme) => {
    const home = join(dir, `agent-empty-${scheme}`);
    await cp(join(FIXTURES, 'linux'), home, { recursive: true });
    const config = join(home, 'conf', 'IAConfig.xml');
    const { page, errors } = await e2e.open(scheme);
    await gotoKeystores(page);
    await page.getByRole('tab', { name: 'Agents' }).click();
    await page.getByRole('button', { name: 'Add agent' }).click();
    const form = page.getByTestId('agent-form');
    await form.getByLabel('Name', { exact: true }).fill(`Empty ${scheme}`);
    // A folder without conf/ is refused, said under the folder field.
    await form.getByLabel('Installation folder (contains conf/)', { exact: true }).fill(dir);
    await form.getByRole('button', { name: 'Add agent' }).click();
    await form.locator('#agent-home-problem').waitFor();
    expect(await form.locator('#agent-home-problem').textContent()).toContain('conf');
    await form.getByLabel('Installation folder (contains conf/)', { exact: true }).fill(home);
    await form.getByLabel('HTTPS endpoint (optional)', { exact: true }).fill('https://empty.example.com:8081');
    await form.getByRole('button', { name: 'Add agent' }).click();

    const agent = page.getByTestId('agent-page');
    await agent.getByLabel('Agent keystore password', { exact: true }).fill(STOREPASS);
    await agent.getByRole('button', { name: 'Use this password' }).click();
    // No key: said, Enable HTTPS not offered, the import open at once.
    await agent.getByTestId('agent-findings').locator('[data-code="no-server-key"]').waitFor();
    expect(await agent.getByRole('button', { name: 'Enable HTTPS' }).count()).toBe(0);
    expect(await agent.getByTestId('https-waits').textContent()).toContain('no private key');
    const importer = agent.getByTestId('agent-import-pfx');
    await importer.waitFor();
    await shot(page, `keystores-agent-nokey-${scheme}`);

    // Three clicks: Browse (choose the .pfx), the password field (type it), Import.
    page.once('dialog', (d) => void d.accept(pfx));
    await importer.getByRole('button', { name: 'Browse: Server certificate (.pfx / .p12)' }).click();
    await importer.getByLabel('.pfx password', { exact: true }).click();
    await page.keyboard.type(PFX_PASS);
    await importer.getByRole('button', { name: 'Import', exact: true }).click();
    await agent.getByTestId('served').waitFor();
    expect(await agent.getByTestId('server-key').count()).toBe(1);
    const oracle = await keytoolList(join(home, 'conf', '.keystore'), STOREPASS);
    expect(oracle.entries.filter((e) => e.entryType === 'PrivateKeyEntry').map((e) => e.sha256[0])).toEqual([fingerprint(leaf.certDer)]);

    await agent.getByRole('button', { name: 'Enable HTTPS' }).click();
    await agent.getByTestId('https-steps').waitFor();
    expect(await readFile(config, 'latin1')).toContain('<service-gateway ssl="true"');
    await shot(page, `keystores-agent-imported-${scheme}`);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('agent: a self-signed certificate made into its keystore from the agent page, named after its host', async () => {
    const home = join(dir, 'agent-self');
    await cp(join(FIXTURES, 'linux'), home, { recursive: true });
    const { page, errors } = await e2e.open('light');
    await gotoKeystores(page);
    await page.getByRole('tab', { name: 'Agents' }).click();
    await page.getByRole('button', { name: 'Add agent' }).click();
    const form = page.getByTestId('agent-form');
    await form.getByLabel('Name', { exact: true }).fill('Self');
    await form.getByLabel('Installation folder (contains conf/)', { exact: true }).fill(home);
    await form.getByLabel('HTTPS endpoint (optional)', { exact: true }).fill('https://self.example.com:8081');
    await form.getByRole('button', { name: 'Add agent' }).click();
    const agent = page.getByTestId('agent-page');
    await agent.getByLabel('Agent keystore password', { exact: true }).fill(STOREPASS);
    await agent.getByRole('button', { name: 'Use this password' }).click();
    await agent.getByRole('button', { name: 'Create a self-signed certificate' }).click();
    const ss = agent.getByTestId('agent-self-signed');
    expect(await ss.getByLabel('Host name (common name)', { exact: true }).inputValue()).toBe('self.example.com');
    await expect.poll(() => ss.getByLabel('Alias', { exact: true }).getAttribute('placeholder')).toBe('self.example.com');
    await ss.getByRole('button', { name: 'Create certificate' }).click();
    await agent.getByTestId('served').waitFor();
    const oracle = await keytoolList(join(home, 'conf', '.keystore'), STOREPASS);
    expect(oracle.entries.map((e) => [e.alias, e.entryType])).toEqual([['self.example.com', 'PrivateKeyEntry']]);
    expect(await agent.getByRole('button', { name: 'Enable HTTPS' }).count()).toBe(1);
    await shot(page, 'keystores-agent-self-signed-light');
    expect(errors).toEqual([]);
    await page.context().close();
  });
});

describe.skipIf(!process.env['DBUS_SESSION_BUS_ADDRESS'])('Keystores with the password a Credentials entry keeps', () => {
  it('opens and changes a keystore with no password typed: the keystore-password credential for that file is used, and named', async () => {
    const ks = await freshKeystore();
    const added = await e2e.core.services['vault.add']({ name: 'agent keystore', kind: 'keystore-password', fields: { keystorePath: ks }, secrets: { password: STOREPASS } });
    expect(added.ok).toBe(true);
    const { page, errors } = await e2e.open('light');
    await gotoKeystores(page);
    await page.getByLabel('Keystore or trust store file (JKS, PKCS#12, JCEKS)', { exact: true }).fill(ks);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByTestId('entries').waitFor();
    expect(await page.getByTestId('keystore-password-from').textContent()).toBe('password from agent keystore');
    expect(await page.getByTestId('entry-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-alias')))).toEqual(['admin-tool', 'partner-ca', 'server']);
    await shot(page, 'keystores-vault-password-light');

    // A change made afterwards uses the same stored password: keytool sees the renamed entry.
    await page.getByRole('button', { name: 'Rename partner-ca' }).click();
    await page.getByTestId('panel-ks-rename').getByLabel('New alias', { exact: true }).fill('partner-root');
    await page.getByTestId('panel-ks-rename').getByRole('button', { name: 'Rename', exact: true }).click();
    await row(page, 'partner-root').waitFor();
    const listed = await keytoolList(ks, STOREPASS);
    expect(listed.entries.map((e) => e.alias).sort()).toEqual(['admin-tool', 'partner-root', 'server']);
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
