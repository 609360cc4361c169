/**
 * The Certificates section in Chromium over the real core: inspect by pick, drop and password,
 * self-signed → .pfx, RSA 4096 progress and Cancel, .cer/.key → .pfx and back, CSR and the CA reply.
 * Every file the UI writes is checked with openssl/keytool; screenshots of each screen, light and dark.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derOf, fp256, keytool, keytoolList, makePki, openssl, type Pki, pkcs8Of, type TempDir, tempDir } from '../unit/core/pki/helpers.js';
import { startE2E, type E2E } from './browser.js';

const PASS = 'e2e Pass 1';
const KEYPASS = 'e2e Key 2';
const env = { PASS, KEYPASS };
let e2e: E2E;
let t: TempDir;
let pki: Pki;

beforeAll(async () => {
  e2e = await startE2E();
  t = tempDir('certdesk-e2e-certs-');
  pki = makePki(t.dir);
  const o = (args: string[]) => openssl(t.dir, args, { env });
  t.write('leaf-and-inter.pem', Buffer.concat([t.read(pki.leafRsa), t.read(pki.inter)]));
  t.write('ca-bundle.pem', Buffer.concat([t.read(pki.root), t.read(pki.inter)]));
  o(['pkcs12', '-export', '-in', pki.leafEc, '-inkey', pki.leafEcKey, '-certfile', 'ca-bundle.pem', '-name', 'agent', '-passout', 'env:PASS', '-out', 'agent.pfx']);
  o(['x509', '-in', pki.leafRsa, '-outform', 'DER', '-out', 'server.cer']);
  o(['pkcs8', '-topk8', '-in', pki.leafRsaKey, '-v2', 'aes-256-cbc', '-passout', 'env:KEYPASS', '-out', 'server.key']);
  // Verdicts: an expired self-signed certificate (keytool dates it in the past), a leaf and its root without the intermediate.
  keytool(t.dir, ['-genkeypair', '-alias', 'old', '-keyalg', 'EC', '-dname', 'CN=expired.example.com', '-startdate', '2020/01/01', '-validity', '30',
    '-keystore', 'old.p12', '-storetype', 'PKCS12', '-storepass', 'old-pass']);
  keytool(t.dir, ['-exportcert', '-rfc', '-alias', 'old', '-keystore', 'old.p12', '-storetype', 'PKCS12', '-storepass', 'old-pass', '-file', 'expired.pem']);
  t.write('leaf-and-root.pem', Buffer.concat([t.read(pki.leafRsa), t.read(pki.root)]));
  // A subject with a bidi override and an ESC sequence: whoever makes a certificate chooses its text.
  o(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'evil.key', '-out', 'evil.pem', '-days', '30', '-utf8',
    '-subj', '/CN=gpj\u202Eexe.example\x1b[31m']);
  keytool(t.dir, ['-genkeypair', '-alias', 'java', '-keyalg', 'EC', '-dname', 'CN=java.example.com', '-keystore', 'java.jks', '-storetype', 'JKS', '-storepass', 'java-pass']);
});

afterAll(async () => {
  await e2e?.close();
  t?.cleanup();
});

async function openCertificates(scheme: 'light' | 'dark'): Promise<{ page: Page; errors: string[] }> {
  const opened = await e2e.open(scheme);
  await opened.page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Certificates' }).click();
  await opened.page.getByRole('tab', { name: 'Inspect' }).waitFor();
  return opened;
}

/** A screenshot of the whole section: the viewport grows to the content (main scrolls inside the shell). */
async function shot(page: Page, name: string): Promise<void> {
  const height = await page.evaluate(() => {
    const main = document.querySelector('main');
    return main ? main.getBoundingClientRect().top + main.scrollHeight : 780;
  });
  await page.setViewportSize({ width: 1200, height: Math.min(4000, Math.max(780, Math.ceil(height))) });
  await e2e.shot(page, name);
  await page.setViewportSize({ width: 1200, height: 780 });
}

async function tab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
}

/** Drops a file on the drop zone the way the OS does: a drop event carrying a DataTransfer with a File. */
async function dropFile(page: Page, name: string, bytes: Buffer): Promise<void> {
  const transfer = await page.evaluateHandle(
    ({ name, b64 }) => {
      const bin = atob(b64);
      const data = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([data], name));
      return dt;
    },
    { name, b64: bytes.toString('base64') },
  );
  await page.getByTestId('dropzone').dispatchEvent('dragover', { dataTransfer: transfer });
  await page.getByTestId('dropzone').dispatchEvent('drop', { dataTransfer: transfer });
}

describe('Certificates section in Chromium', () => {
  it('inspects a picked file: every certificate, the chain leaf → root and what is missing', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await openCertificates(scheme);
      await page.getByLabel('Choose file…').setInputFiles(t.path('leaf-and-inter.pem'));
      const report = page.getByTestId('inspect-report');
      await report.waitFor();
      expect(await report.textContent()).toContain('leaf-and-inter.pem');
      const facts = page.getByTestId('cert-facts');
      expect(await facts.count()).toBe(2);
      expect(await facts.first().getByTestId('subject').textContent()).toContain('CN=leaf.example.com');
      expect(await facts.first().getByTestId('sha256').textContent()).toBe(fp256(t.dir, pki.leafRsa));
      expect(await facts.first().getByTestId('san').textContent()).toContain('ip:10.1.2.3');
      expect(await page.getByTestId('verdict').textContent()).toContain("The issuer 'CN=Test Root CA, O=Certdesk Test, C=US' is not in this file.");
      expect(await page.getByTestId('verdict').getAttribute('data-tone')).toBe('info');
      expect(await page.getByTestId('chain').textContent()).toMatch(/#1\s*Leaf\s*CN=leaf\.example\.com.*#2\s*Intermediate\s*CN=Test Intermediate CA.*Missing/s);
      await shot(page, `certificates-inspect-${scheme}`);
      if (scheme === 'light') {
        // Pasted PEM text: a CSR, with its facts.
        await page.locator('#inspect-text').fill(t.read('leaf-ec.csr').toString());
        await page.getByRole('button', { name: 'Inspect text' }).click();
        await page.getByTestId('csr-facts').waitFor();
        expect(await page.getByTestId('csr-facts').textContent()).toMatch(/CN=ec\.example\.com.*EC P-256.*valid/s);
        expect(await page.getByTestId('inspect-report').textContent()).toContain('pasted text');
      }
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('verdicts that do not mislead: expired wins over self-signed, the missing intermediate with where to fetch it, a lone .cer calm', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await openCertificates(scheme);
      await page.getByLabel('Choose file…').setInputFiles(t.path('expired.pem'));
      const verdict = page.getByTestId('verdict');
      await verdict.waitFor();
      expect(await verdict.getAttribute('data-verdict')).toBe('expired');
      expect(await verdict.getAttribute('data-tone')).toBe('bad');
      expect(await verdict.textContent()).toMatch(/expired/i);
      expect(await page.getByTestId('inspect-report').locator('[data-tone="ok"], .verdict.ok').count()).toBe(0);
      await shot(page, `certificates-verdict-expired-${scheme}`);

      await page.getByLabel('Choose file…').setInputFiles(t.path('leaf-and-root.pem'));
      await expect.poll(() => verdict.getAttribute('data-verdict')).toBe('intermediate-missing');
      expect(await verdict.getAttribute('data-tone')).toBe('warn');
      expect(await page.getByTestId('missing-issuer-urls').getByRole('button').textContent()).toBe('http://ca.example.com/inter.crt');
      expect(await page.getByTestId('root-beyond-gap').textContent()).toContain('root of this chain; the intermediate between them is missing');
      expect(await page.getByTestId('inspect-report').textContent()).not.toContain('Not part of this chain');
      await shot(page, `certificates-verdict-gap-${scheme}`);

      await page.getByLabel('Choose file…').setInputFiles(t.path('server.cer'));
      await expect.poll(() => verdict.getAttribute('data-verdict')).toBe('chain-not-included');
      expect(await verdict.getAttribute('data-tone')).toBe('info');
      expect(await page.locator('[data-severity="warning"], [data-severity="error"]').count()).toBe(0);
      await shot(page, `certificates-verdict-lone-${scheme}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('control characters in a subject are shown escaped and marked, never raw', async () => {
    const { page, errors } = await openCertificates('light');
    await page.getByLabel('Choose file…').setInputFiles(t.path('evil.pem'));
    const subject = page.getByTestId('cert-facts').getByTestId('subject');
    await subject.waitFor();
    expect(await subject.textContent()).toContain('gpj\\u202eexe.example\\x1b[31m');
    // Nowhere on the page is the raw text: not in the facts, not in the verdict that quotes the subject.
    const raw = await page.locator('main').evaluate((el) => el.textContent ?? '');
    expect(raw.includes('\u202e') || raw.includes('\u001b')).toBe(false);
    expect(await subject.getByTestId('control-chars').textContent()).toBe('contains control characters');
    await shot(page, 'certificates-control-chars-light');
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a Java keystore given to Inspect is offered to Keystores, its path filled in', async () => {
    const { page, errors } = await openCertificates('light');
    await page.getByLabel('Or open a file by path', { exact: true }).fill(t.path('java.jks'));
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    expect(await page.getByTestId('error').getAttribute('data-code')).toBe('UNSUPPORTED_FORMAT');
    await page.getByRole('button', { name: 'Open in Keystores' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Keystores');
    const path = page.getByLabel('Keystore or trust store file (JKS, PKCS#12, JCEKS)', { exact: true });
    expect(await path.inputValue()).toBe(t.path('java.jks'));
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('ks-storepass');
    await page.getByLabel('Store password', { exact: true }).fill('java-pass');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.locator('[data-testid="entry-row"][data-alias="java"]').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('asks for a dropped .pfx password, says when it is wrong, then shows the key matching its certificate; exports DER', async () => {
    const { page, errors } = await openCertificates('light');
    await dropFile(page, 'agent.pfx', t.read('agent.pfx'));
    const pass = page.locator('#inspect-pass');
    await pass.waitFor();
    expect(await page.getByText('This PKCS#12 file is password-protected.').isVisible()).toBe(true);
    await pass.fill('not it');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.locator('[data-code="BAD_PASSWORD"]').waitFor();
    await shot(page, 'certificates-inspect-wrong-password-light');
    await pass.fill(PASS);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('inspect-report').waitFor();
    expect(await page.getByTestId('inspect-report').textContent()).toContain('PKCS#12');
    expect(await page.getByTestId('key-facts').textContent()).toMatch(/EC P-256.*matches certificate #2/s);
    expect(await page.getByTestId('verdict').getAttribute('data-verdict')).toBe('chain-complete');
    expect(await page.getByTestId('verdict').getAttribute('data-tone')).toBe('ok');
    expect(await page.locator('[data-severity="error"], [data-severity="warning"]').count()).toBe(0);
    // Its encryption profile, and which systems are known to refuse it.
    const enc = page.getByTestId('pkcs12-encryption');
    expect(await enc.textContent()).toMatch(/Profile\s*modern.*AES-256-CBC/s);
    expect(await enc.getByTestId('pfx-profile').textContent()).toContain('Windows Server 2016');
    await shot(page, 'certificates-inspect-pfx-light');
    // Export the leaf (#2) as DER through the save dialog (the harness answers it with a prompt).
    page.once('dialog', (d) => void d.accept(t.path('exported-leaf.cer')));
    await page.getByRole('button', { name: 'Export certificate 2 as DER' }).click();
    await page.getByText('Saved as DER').waitFor();
    expect(t.read('exported-leaf.cer')).toEqual(derOf(t.dir, pki.leafEc));
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('creates a self-signed certificate straight into a .pfx that openssl and keytool read', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await openCertificates(scheme);
      await tab(page, 'Self-signed');
      await page.locator('#ss-cn').fill('agent.example.com');
      await page.getByRole('button', { name: 'Add name' }).click();
      await page.getByLabel('Type of name 1').selectOption('ip');
      await page.getByLabel('Name 1', { exact: true }).fill('10.0.0.5');
      await page.locator('#ss-key').selectOption('ec:p256');
      await page.getByLabel('Client (TLS clientAuth)').check();
      await page.getByRole('radio', { name: '.pfx / .p12 file (certificate and key in one)' }).check();
      await page.locator('#ss-out-pfx').fill(t.path(`ss-${scheme}.pfx`));
      await page.locator('#ss-out-pfxpass').fill(PASS);
      await shot(page, `certificates-selfsigned-form-${scheme}`);
      await page.getByRole('button', { name: 'Create certificate' }).click();
      const success = page.getByTestId('ss-success');
      await success.waitFor();
      expect(await success.textContent()).toContain(t.path(`ss-${scheme}.pfx`));
      const info = openssl(t.dir, ['pkcs12', '-in', `ss-${scheme}.pfx`, '-info', '-noout', '-passin', 'env:PASS'], { env }).stderr;
      expect(info).toMatch(/AES-256-CBC/);
      const [entry] = keytoolList(t.dir, `ss-${scheme}.pfx`, { PASS });
      expect(entry).toMatchObject({ alias: 'agent.example.com', type: 'PrivateKeyEntry' });
      expect(await page.getByTestId('cert-facts').getByTestId('sha256').textContent()).toBe(entry?.sha256[0]);
      expect(await page.getByTestId('cert-facts').getByTestId('san').textContent()).toBe('dns:agent.example.com, ip:10.0.0.5');
      await shot(page, `certificates-selfsigned-done-${scheme}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('self-signed into a .jks: the type and the alias come from the file name and the common name, the password field clear of the alias', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await openCertificates(scheme);
      await tab(page, 'Self-signed');
      await page.locator('#ss-cn').fill('Web.Example.com');
      await page.getByRole('radio', { name: /Entry in a Java keystore/ }).check();
      await page.locator('#ss-out-ks').fill(t.path(`ss-${scheme}.jks`));
      await expect.poll(() => page.locator('#ss-out-storetype').inputValue()).toBe('jks');
      await expect.poll(() => page.locator('#ss-out-alias').getAttribute('placeholder')).toBe('web.example.com');
      await page.locator('#ss-out-storepass').fill(PASS);
      // The Show button sits beside the password, clear of the alias field.
      const show = await page.getByRole('button', { name: 'Show Keystore password' }).boundingBox();
      const aliasBox = await page.locator('#ss-out-alias').boundingBox();
      expect(show && aliasBox && (show.y + show.height <= aliasBox.y || show.x + show.width <= aliasBox.x)).toBe(true);
      await shot(page, `certificates-selfsigned-keystore-${scheme}`);
      await page.getByRole('button', { name: 'Create certificate' }).click();
      await page.getByTestId('ss-success').waitFor();
      expect(keytoolList(t.dir, `ss-${scheme}.jks`, { PASS }, 'JKS')).toEqual([expect.objectContaining({ alias: 'web.example.com', type: 'PrivateKeyEntry' })]);
      // The file exists now: its type is read from it, no longer chosen.
      await page.locator('#ss-out-ks').fill(t.path(`ss-${scheme}.jks`) + ' ');
      await page.locator('#ss-out-ks').fill(t.path(`ss-${scheme}.jks`));
      await expect.poll(() => page.getByTestId('existing-type').textContent()).toContain('JKS');
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('shows progress while an RSA 4096 key is generated, stays responsive, and Cancel stops it writing nothing', async () => {
    const { page, errors } = await openCertificates('light');
    await tab(page, 'Self-signed');
    await page.locator('#ss-cn').fill('slow.example.com');
    await page.locator('#ss-key').selectOption('rsa:4096');
    await page.locator('#ss-out-cert').fill(t.path('slow.crt'));
    await page.locator('#ss-out-key').fill(t.path('slow.key'));
    await page.getByRole('button', { name: 'Create certificate' }).click();
    const progress = page.getByTestId('job-progress');
    await progress.getByText('Generating RSA 4096 key…').waitFor({ timeout: 5000 });
    expect(await progress.getByRole('progressbar').isVisible()).toBe(true);
    // The page and the core both answer while the key is generated.
    const roundTrip = await page.evaluate(async () => {
      const started = performance.now();
      const res = await window.certdesk.app.info({});
      return { ms: performance.now() - started, ok: res.ok };
    });
    expect(roundTrip.ok).toBe(true);
    expect(roundTrip.ms).toBeLessThan(500);
    await shot(page, 'certificates-selfsigned-progress-light');
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('Cancelled. Nothing was written.').waitFor();
    expect(existsSync(t.path('slow.crt')) || existsSync(t.path('slow.key'))).toBe(false);
    expect(await page.getByRole('button', { name: 'Create certificate' }).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('converts a .cer + encrypted .key + chain to a legacy .pfx, refuses a mismatched key, and extracts it back', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await openCertificates(scheme);
      await tab(page, 'Convert');
      await page.locator('#to-cert').fill(t.path('server.cer'));
      await page.locator('#to-key').fill(t.path(pki.leafEcKey));
      await page.locator('#to-out').fill(t.path(`server-${scheme}.pfx`));
      await page.locator('#to-pass').fill(PASS);
      await page.getByRole('button', { name: 'Create .pfx' }).click();
      const mismatch = page.locator('[data-code="KEY_CERT_MISMATCH"]');
      await mismatch.waitFor();
      expect(await mismatch.textContent()).toContain('does not belong to the certificate');
      if (scheme === 'dark') await shot(page, 'certificates-convert-mismatch-dark');
      expect(existsSync(t.path(`server-${scheme}.pfx`))).toBe(false);
      await page.locator('#to-key').fill(t.path('server.key'));
      await page.locator('#to-keypass').fill(KEYPASS);
      await page.getByRole('button', { name: 'Add chain file' }).click();
      await page.locator('#to-chain-0').fill(t.path('ca-bundle.pem'));
      await page.locator('#to-friendly').fill('server');
      await page.locator('input[name="to-profile"][value="legacy"]').check();
      await page.getByRole('button', { name: 'Create .pfx' }).click();
      const done = page.getByTestId('to-pfx-success');
      await done.waitFor();
      expect(await done.textContent()).toMatch(/legacy \.pfx with “server”.*2 chain certificates/s);
      expect(openssl(t.dir, ['pkcs12', '-legacy', '-in', `server-${scheme}.pfx`, '-info', '-noout', '-passin', 'env:PASS'], { env }).stderr).toMatch(/TripleDES/);
      expect(keytoolList(t.dir, `server-${scheme}.pfx`, { PASS })).toMatchObject([{ alias: 'server', chainLength: 3 }]);
      // And back: .pfx → PEM files.
      await page.locator('#from-pfx').fill(t.path(`server-${scheme}.pfx`));
      await page.locator('#from-pass').fill(PASS);
      await page.locator('#from-cert').fill(t.path(`back-${scheme}.crt`));
      await page.locator('#from-key').fill(t.path(`back-${scheme}.key`));
      await page.locator('#from-chain').fill(t.path(`back-chain-${scheme}.pem`));
      await page.getByRole('button', { name: 'Extract' }).click();
      await page.getByTestId('from-pfx-success').waitFor();
      expect(derOf(t.dir, `back-${scheme}.crt`)).toEqual(derOf(t.dir, pki.leafRsa));
      expect(pkcs8Of(t.dir, `back-${scheme}.key`)).toEqual(pkcs8Of(t.dir, pki.leafRsaKey));
      await shot(page, `certificates-convert-${scheme}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it('re-encrypts a modern .pfx to the legacy profile (the other one is preselected), checked by openssl', async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await openCertificates(scheme);
      await tab(page, 'Convert');
      const card = page.locator('section', { has: page.getByRole('heading', { name: 'Re-encrypt .pfx' }) });
      await card.getByLabel('.pfx / .p12 file', { exact: true }).fill(t.path('agent.pfx'));
      await card.getByLabel('.pfx password', { exact: true }).fill(PASS);
      await expect.poll(() => card.getByTestId('re-current').textContent()).toContain('modern');
      expect(await card.getByRole('radio', { name: /^Legacy/ }).isChecked()).toBe(true);
      await card.getByLabel('New .pfx file', { exact: true }).fill(t.path(`agent-legacy-${scheme}.pfx`));
      await card.getByRole('button', { name: 'Re-encrypt' }).click();
      const done = card.getByTestId('re-success');
      await done.waitFor();
      expect(await done.textContent()).toMatch(/from modern to legacy with the same password.*TripleDES|from modern to legacy with the same password.*3DES|from modern to legacy/s);
      const info = openssl(t.dir, ['pkcs12', '-legacy', '-in', `agent-legacy-${scheme}.pfx`, '-info', '-noout', '-passin', 'env:PASS'], { env }).stderr;
      expect(info).toMatch(/TripleDES/);
      await shot(page, `certificates-reencrypt-${scheme}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });

  it("creates a CSR and imports the CA's reply into a .pfx", async () => {
    for (const scheme of ['light', 'dark'] as const) {
      const { page, errors } = await openCertificates(scheme);
      await tab(page, 'CSR');
      await page.locator('#csr-cn').fill('shop.example.com');
      await page.locator('#csr-o').fill('Acme');
      await page.locator('#csr-c').fill('US');
      await page.locator('#csr-key').selectOption('ec:p256');
      await page.locator('#csr-out').fill(t.path(`shop-${scheme}.csr`));
      await page.locator('#csr-keyout').fill(t.path(`shop-${scheme}.key`));
      await page.getByRole('button', { name: 'Create request' }).click();
      await page.getByTestId('csr-success').waitFor();
      expect(openssl(t.dir, ['req', '-in', `shop-${scheme}.csr`, '-verify', '-noout']).stderr).toMatch(/verify OK/);
      openssl(t.dir, ['x509', '-req', '-in', `shop-${scheme}.csr`, '-CA', pki.inter, '-CAkey', pki.interKey, '-set_serial', '5', '-days', '30', '-copy_extensions', 'copy', '-out', `shop-${scheme}.crt`]);
      await page.locator('#reply-cert').fill(t.path(`shop-${scheme}.crt`));
      await page.getByRole('button', { name: 'Add chain file' }).click();
      await page.locator('#reply-chain-0').fill(t.path('ca-bundle.pem'));
      // The key just created is filled in for the reply.
      expect(await page.locator('#reply-key').inputValue()).toBe(t.path(`shop-${scheme}.key`));
      await page.locator('#reply-out-pfx').fill(t.path(`shop-${scheme}.pfx`));
      await page.locator('#reply-out-pfxpass').fill(PASS);
      await page.getByRole('button', { name: 'Create .pfx' }).click();
      await page.getByTestId('reply-success').waitFor();
      expect(keytoolList(t.dir, `shop-${scheme}.pfx`, { PASS })).toMatchObject([{ alias: 'shop.example.com', chainLength: 3 }]);
      await shot(page, `certificates-csr-${scheme}`);
      expect(errors).toEqual([]);
      await page.context().close();
    }
  });
});
