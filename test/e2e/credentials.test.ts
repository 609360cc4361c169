import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_KIND_NAMES, CREDENTIAL_KINDS, type CredentialField, type CredentialKind } from '../../shared/credential-kinds.js';
import { createMemoryClipboard } from '../harness/clipboard.js';
import { axeViolations, startE2E, widthShots, type E2E } from './browser.js';

/**
 * The Credentials section in Chromium over the real core and a real Secret Service (gnome-keyring in
 * the test's D-Bus session): one credential of each kind through its generated form, expiry badges,
 * reveal, copy, rotate, delete, JWT decoding, export and import, in light and dark, narrow and wide.
 */

const run = promisify(execFile);
const SCHEMES = ['light', 'dark'] as const;
const WIDTHS = [760, 1400] as const;
const DAY = 86_400_000;

let e2e: E2E;
let dir: string;
const clipboard = createMemoryClipboard();
/** Every secret value the suite stores: none may reach a response other than reveal's, a file in the data folder, or the export. */
const secrets = new Map<string, string>();
/** Bodies of every core answer the page received, except the one deliberate reveal (and a generated value, shown once). */
const answers: string[] = [];

/** An RS256 JWT signed with Node's crypto (OpenSSL), with known claims. */
function signedJwt(claims: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const b64 = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'e2e-key' })}.${b64(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), privateKey).toString('base64url')}`;
}

const now = Math.floor(Date.now() / 1000);
const BEARER_JWT = signedJwt({ iss: 'https://issuer.example.test', sub: 'svc-integration', aud: ['matrix42', 'servicely'], iat: now - 3600, exp: now + 200 * 86400 });
const nameOf = (kind: CredentialKind): string => `${kind}-e2e`;
const LONG_NAME = `Servicely API key and secret for the production tenant in the EU central region ${'x'.repeat(30)}`;
const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The value the test types into a field, from the field's definition alone (the form is generated from the same data). */
function valueFor(kind: CredentialKind, f: CredentialField): string | undefined {
  if (f.secret) {
    if (!f.required) return undefined;
    if (kind === 'bearer') return BEARER_JWT;
    const v = `S3cret-${kind}-${f.name}-${randomBytes(6).toString('hex')}`;
    secrets.set(`${kind}.${f.name}`, v);
    return v;
  }
  if (!f.required) return undefined;
  switch (f.type) {
    case 'url':
      return `https://api.example.test/${kind}/${f.name}`;
    case 'path': {
      const p = join(dir, `${kind}.${f.name === 'pfxPath' ? 'pfx' : 'jks'}`);
      writeFileSync(p, randomBytes(64));
      return p;
    }
    case 'text':
    case 'list':
    case 'port':
    case 'choice':
    case 'boolean':
      return `${f.name}-e2e`;
    default: {
      const never: never = f.type;
      return never;
    }
  }
}

/** What the Secret Service itself holds for one account under the test's service (`secret-tool`, not Certdesk), or null. */
async function keyring(account: string): Promise<string | null> {
  const res = await run('secret-tool', ['lookup', 'service', e2e.core.keychain.service, 'account', account]).catch(() => null);
  return res === null ? null : res.stdout.replace(/\n$/, '');
}

/** The keychain account of a credential's secret field (`<id>/<field>`), from the core's listing. */
async function accountOf(kind: CredentialKind, field: string): Promise<string> {
  const listed = await e2e.core.services['vault.list']({});
  if (!listed.ok) throw new Error(listed.error.message);
  const id = listed.value.credentials.find((c) => c.name === nameOf(kind))?.id;
  if (!id) throw new Error(`${nameOf(kind)} is not listed`);
  return `${id}/${field}`;
}

/** Every file's text under a folder. */
function allText(folder: string): string {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((f) => join(folder, f))
    .filter((p) => statSync(p).isFile())
    .map((p) => readFileSync(p, 'latin1'))
    .join('\n');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'certdesk-e2e-vault-'));
  e2e = await startE2E({ clipboard });
}, 120_000);

afterAll(async () => {
  await e2e?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function openCredentials(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Credentials' }).click();
  await page.getByTestId('credential-count').waitFor();
}

function follow(page: Page): void {
  page.on('response', (r) => {
    const url = r.url();
    if (!url.includes('/__certdesk/api/') || url.endsWith('vault.reveal') || url.endsWith('token.generate')) return;
    void r.text().then(
      (t) => answers.push(t),
      () => undefined,
    );
  });
}

function row(page: Page, name: string) {
  return page.locator(`[data-testid="credential-row"][data-name="${name}"]`);
}

/** Screenshots at both widths, the window grown to the content; neither the window nor the pane scrolls sideways. */
async function shots(page: Page, name: string, scheme: string): Promise<void> {
  expect(await widthShots(e2e, page, WIDTHS, (width) => `credentials-${name}-${width}-${scheme}`)).toEqual(WIDTHS.map(() => 0));
}

async function noAxe(page: Page, where: string): Promise<void> {
  expect(await axeViolations(page, { all: true }), where).toEqual([]);
}

/** Fills a kind's generated form with the values above and saves it; returns the clicks it took. */
async function addCredential(page: Page, kind: CredentialKind, expires: { date?: string; jwt?: boolean } = {}): Promise<number> {
  let clicks = 0;
  await page.getByRole('button', { name: 'Add credential', exact: true }).click();
  clicks++;
  const form = page.getByTestId('panel-cred-add-form');
  await form.waitFor();
  if (kind !== 'basic') {
    await form.getByLabel('Kind', { exact: true }).selectOption(kind);
    clicks++;
  }
  await form.locator(`[data-testid="kind-fields"][data-kind="${kind}"]`).waitFor();
  await form.getByLabel('Name', { exact: true }).fill(nameOf(kind));
  // The form shows exactly the kind's fields, in its order.
  expect(await form.getByTestId('kind-field').evaluateAll((els) => els.map((e) => e.getAttribute('data-field')))).toEqual(CREDENTIAL_KINDS[kind].fields.map((f) => f.name));
  for (const f of CREDENTIAL_KINDS[kind].fields as readonly CredentialField[]) {
    const v = valueFor(kind, f);
    if (v === undefined) continue;
    const input = form.locator(`#cred-add-f-${f.name}`);
    // A secret field is a password input: typed, never shown.
    expect(await input.getAttribute('type')).toBe(f.secret ? 'password' : f.type === 'url' ? 'url' : 'text');
    await input.fill(v);
  }
  if (expires.date) {
    await form.getByLabel('On a date').check();
    await form.getByLabel('Expiry date').fill(expires.date);
    clicks++;
  } else if (expires.jwt) {
    await form.getByLabel('From the JWT it holds (its exp)').check();
    clicks++;
  }
  await form.getByRole('button', { name: 'Save credential' }).click();
  clicks++;
  await row(page, nameOf(kind)).waitFor();
  expect(await page.getByTestId('vault-note').textContent()).toContain(`Added ${nameOf(kind)}`);
  return clicks;
}

/** The e2e runs inside dbus-run-session with gnome-keyring; run outside one, the keychain is really missing. */
const hasBus = Boolean(process.env['DBUS_SESSION_BUS_ADDRESS']);

describe.runIf(hasBus)('Credentials section in Chromium', () => {
  it('adds one credential of each kind through its generated form; lists them with expiry badges; reveals, copies, rotates, edits, deletes', async () => {
    const { page, errors } = await e2e.open('light');
    follow(page);
    await openCredentials(page);
    expect(await page.getByTestId('credentials-empty').textContent()).toContain('No credentials yet');
    await noAxe(page, 'empty');
    await shots(page, 'empty', 'light');

    // "Add a bearer token": the section, Add, the kind, Save — the name and the token are typed; the
    // expiry is read from the JWT without asking (the form saw a JWT in the token field).
    const bearerClicks = 1 + (await addCredential(page, 'bearer'));
    expect(bearerClicks).toBe(4);

    for (const kind of CREDENTIAL_KIND_NAMES) {
      if (kind === 'bearer') continue;
      if (kind === 'basic') await addCredential(page, kind, { date: '2020-01-15' });
      else if (kind === 'api-key') await addCredential(page, kind, { date: isoDate(Date.now() + 10 * DAY) });
      else await addCredential(page, kind);
    }
    await expect.poll(() => page.getByTestId('credential-row').count()).toBe(CREDENTIAL_KIND_NAMES.length);
    expect(await page.getByTestId('credential-count').textContent()).toContain(`${CREDENTIAL_KIND_NAMES.length} credentials`);

    // Expiry badges, from the core's findings: one expired, one within 30 days, one read from the JWT's exp.
    const badge = (kind: CredentialKind) => row(page, nameOf(kind)).getByTestId('expiry-badge');
    expect(await badge('basic').getAttribute('data-status')).toBe('expired');
    expect(await badge('basic').textContent()).toMatch(/^expired \d+ days ago$/);
    expect(await badge('api-key').getAttribute('data-status')).toBe('expiring-soon');
    expect(await badge('api-key').textContent()).toMatch(/^(9|10) days left$/);
    expect(await badge('bearer').getAttribute('data-status')).toBe('valid');
    expect(await row(page, nameOf('bearer')).textContent()).toContain(isoDate((now + 200 * 86400) * 1000));
    expect(await badge('digest').getAttribute('data-status')).toBe('never');
    expect(await page.getByTestId('credential-count').textContent()).toContain('2 expired or expiring soon');

    // The secrets are in the Secret Service, found by secret-tool under the test's service name.
    for (const [where, v] of secrets) {
      const [kind, field] = where.split('.') as [CredentialKind, string];
      expect(await keyring(await accountOf(kind, field)), where).toBe(v);
    }
    expect(await keyring(await accountOf('bearer', 'token'))).toBe(BEARER_JWT);

    // Search and kind filter (the core matches).
    await page.getByLabel('Search', { exact: true }).fill('hmac');
    await expect.poll(() => page.getByTestId('credential-row').count()).toBe(2);
    expect(await page.getByTestId('credential-count').textContent()).toContain(`2 of ${CREDENTIAL_KIND_NAMES.length} credentials`);
    await page.getByLabel('Search', { exact: true }).fill('');
    await page.getByLabel('Kind', { exact: true }).selectOption('aws-sigv4');
    await expect.poll(() => page.getByTestId('credential-row').count()).toBe(1);
    await page.getByLabel('Kind', { exact: true }).selectOption('');
    await expect.poll(() => page.getByTestId('credential-row').count()).toBe(CREDENTIAL_KIND_NAMES.length);
    await noAxe(page, 'list');
    await shots(page, 'list', 'light');

    // Reveal: a deliberate click shows that one value until Hide.
    const basic = row(page, nameOf('basic'));
    await basic.getByRole('button', { name: `Details of ${nameOf('basic')}` }).click();
    const password = secrets.get('basic.password') ?? '';
    expect(await page.content()).not.toContain(password);
    await basic.getByRole('button', { name: `Reveal Password of ${nameOf('basic')}` }).click();
    await expect.poll(() => basic.getByTestId('revealed-value').textContent()).toBe(password);
    await noAxe(page, 'revealed');
    await shots(page, 'revealed', 'light');
    await basic.getByRole('button', { name: `Hide Password of ${nameOf('basic')}` }).click();
    await expect.poll(() => basic.getByTestId('revealed-value').count()).toBe(0);
    expect(await page.content()).not.toContain(password);

    // Copy: the core puts it on the clipboard; the page only says so.
    const hmac = row(page, nameOf('hmac-header'));
    await hmac.getByRole('button', { name: `Details of ${nameOf('hmac-header')}` }).click();
    await hmac.getByRole('button', { name: `Copy Shared secret of ${nameOf('hmac-header')}` }).click();
    await expect.poll(() => hmac.getByTestId('copied').textContent()).toBe('Copied — clears in 30 s');
    expect(clipboard.text).toBe(secrets.get('hmac-header.secret'));
    expect(await page.content()).not.toContain(secrets.get('hmac-header.secret'));

    // Rotate: a new value, the date listed, the old value gone from the keychain.
    await basic.getByRole('button', { name: `Rotate ${nameOf('basic')}` }).click();
    await basic.getByRole('heading', { name: `Rotate ${nameOf('basic')}` }).waitFor();
    await noAxe(page, 'rotate');
    await shots(page, 'rotate', 'light');
    const rotated = `Rotated-${randomBytes(6).toString('hex')}`;
    await basic.getByLabel('New password', { exact: true }).fill(rotated);
    await basic.getByRole('button', { name: 'Rotate', exact: true }).click();
    await expect.poll(() => page.getByTestId('vault-note').textContent()).toContain(`Rotated ${nameOf('basic')}`);
    if (!(await basic.getByTestId('credential-details').isVisible())) await basic.getByRole('button', { name: `Details of ${nameOf('basic')}` }).click();
    expect(await basic.getByTestId('rotations').textContent()).toBe(isoDate(Date.now()));
    await basic.getByRole('button', { name: `Reveal Password of ${nameOf('basic')}` }).click();
    await expect.poll(() => basic.getByTestId('revealed-value').textContent()).toBe(rotated);
    expect(await keyring(await accountOf('basic', 'password'))).toBe(rotated);
    secrets.set('basic.password.rotated', rotated);

    // Edit: metadata and non-secret fields (secrets change with Rotate only).
    await row(page, nameOf('aws-sigv4')).getByRole('button', { name: `Edit ${nameOf('aws-sigv4')}` }).click();
    const edit = row(page, nameOf('aws-sigv4'));
    await edit.getByLabel('Region', { exact: true }).fill('eu-central-1');
    await edit.getByText('Description, tags, account, endpoints, allowed hosts').click();
    await edit.getByLabel('Description', { exact: true }).fill('Uploads to the partner bucket');
    await edit.getByLabel('Allowed hosts (comma list)').fill('s3.eu-central-1.amazonaws.com');
    await noAxe(page, 'edit');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByTestId('vault-note').textContent()).toContain(`Saved ${nameOf('aws-sigv4')}`);
    await edit.getByRole('button', { name: `Details of ${nameOf('aws-sigv4')}` }).click();
    const details = await edit.getByTestId('credential-details').textContent();
    expect(details).toContain('eu-central-1');
    expect(details).toContain('Uploads to the partner bucket');
    expect(details).toContain('s3.eu-central-1.amazonaws.com');

    // Delete after a confirmation: the keychain entry and the record go together.
    const digest = row(page, nameOf('digest'));
    const digestAccount = await accountOf('digest', 'password');
    await digest.getByRole('button', { name: `Delete ${nameOf('digest')}` }).click();
    await noAxe(page, 'delete confirm');
    await shots(page, 'delete-confirm', 'light');
    await digest.getByRole('button', { name: 'Delete credential' }).click();
    await expect.poll(() => row(page, nameOf('digest')).count()).toBe(0);
    expect(await keyring(digestAccount)).toBeNull();

    // Generate: a strong value for a secret field, shown once in the form.
    await page.getByRole('button', { name: 'Add credential', exact: true }).click();
    const form = page.getByTestId('panel-cred-add-form');
    await form.getByLabel('Kind', { exact: true }).selectOption('bearer');
    await form.getByRole('button', { name: 'Generate Token' }).click();
    const generated = (await form.getByTestId('generated-secret').locator('code').textContent()) ?? '';
    expect(generated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await form.locator('#cred-add-f-token').inputValue()).toBe(generated);
    await noAxe(page, 'add form');
    await shots(page, 'add-bearer', 'light');
    await form.getByRole('button', { name: 'Cancel' }).click();

    expect(errors).toEqual([]);
    await page.context().close();
  }, 240_000);

  it('decodes a JWT pasted or held by a credential: header, claims, issuer, audience, times and a lifetime warning', async () => {
    const { page, errors } = await e2e.open('light');
    follow(page);
    await openCredentials(page);
    await page.getByRole('tab', { name: 'Token tools' }).click();
    const jwt = signedJwt({ iss: 'https://login.example.test', aud: 'xmatters', sub: 'api-user', iat: now - 86400, exp: now + 365 * 86400, scope: 'events.write' });
    await page.getByLabel('JWT', { exact: true }).fill(jwt);
    await page.getByRole('button', { name: 'Decode' }).click();
    const decoded = page.getByTestId('decoded-token');
    await decoded.waitFor();
    expect(await decoded.getByTestId('tok-alg').textContent()).toBe('RS256');
    expect(await decoded.getByTestId('tok-iss').textContent()).toBe('https://login.example.test');
    expect(await decoded.getByTestId('tok-aud').textContent()).toBe('xmatters');
    expect(await decoded.getByTestId('tok-exp').textContent()).toContain(new Date((now + 365 * 86400) * 1000).toISOString().slice(0, 10));
    expect(await decoded.getByTestId('tok-left').textContent()).toMatch(/^36[45] days/);
    expect(JSON.parse((await decoded.getByTestId('tok-claims').textContent()) ?? '{}')).toMatchObject({ scope: 'events.write', sub: 'api-user' });
    expect(JSON.parse((await decoded.getByTestId('tok-header').textContent()) ?? '{}')).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'e2e-key' });
    expect(await page.getByTestId('token-findings').locator('[data-code="long-lifetime"]').count()).toBe(1);
    await noAxe(page, 'token decoded');
    await shots(page, 'token', 'light');

    await page.getByLabel('From a credential in the vault').check();
    await page.getByLabel('Credential', { exact: true }).selectOption(nameOf('bearer'));
    await page.getByRole('button', { name: 'Decode' }).click();
    await expect.poll(() => decoded.getByTestId('tok-aud').textContent()).toBe('matrix42, servicely');
    expect(await decoded.getByTestId('tok-iss').textContent()).toBe('https://issuer.example.test');

    await page.getByLabel('Paste a JWT').check();
    await page.getByLabel('JWT', { exact: true }).fill('not.a-jwt');
    await page.getByRole('button', { name: 'Decode' }).click();
    await expect.poll(() => page.getByRole('alert').getAttribute('data-code')).toBe('NOT_A_JWT');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('exports metadata without a secret and imports it back: each imported credential asks for its secret', async () => {
    const { page, errors } = await e2e.open('light');
    follow(page);
    await openCredentials(page);
    await page.getByRole('tab', { name: 'Export and import' }).click();
    const out = join(dir, 'vault-export.json');
    // The path comes from the save dialog (the harness asks with a prompt, as a native dialog would).
    page.once('dialog', (d) => void d.accept(out));
    await page.getByRole('button', { name: 'Browse: Save as' }).click();
    await expect.poll(() => page.getByLabel('Save as', { exact: true }).inputValue()).toBe(out);
    await page.getByRole('button', { name: 'Export metadata' }).click();
    const done = page.getByTestId('export-done');
    await done.waitFor();
    expect(await done.textContent()).toContain(`Exported ${CREDENTIAL_KIND_NAMES.length - 1} credentials`);
    expect(await done.getByTestId('written-path').textContent()).toBe(out);
    const exported = readFileSync(out, 'utf8');
    expect(exported).toContain(nameOf('oauth2-client-credentials'));
    for (const [where, v] of secrets) expect(exported, where).not.toContain(v);
    expect(exported).not.toContain(BEARER_JWT);

    // On "another machine": the credential is gone here, then comes back from the export without its secret.
    await page.getByRole('tab', { name: 'Credentials' }).click();
    const victim = nameOf('hmac-body');
    await row(page, victim).getByRole('button', { name: `Delete ${victim}` }).click();
    await row(page, victim).getByRole('button', { name: 'Delete credential' }).click();
    await expect.poll(() => row(page, victim).count()).toBe(0);

    await page.getByRole('tab', { name: 'Export and import' }).click();
    await page.getByLabel('Export file', { exact: true }).fill(out);
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const imported = page.getByTestId('import-done');
    await imported.waitFor();
    expect(await imported.textContent()).toContain(`Imported 1 credential; skipped ${CREDENTIAL_KIND_NAMES.length - 2}`);
    expect(await imported.textContent()).toContain(`One needs its secret: ${victim}`);
    await noAxe(page, 'import done');
    await shots(page, 'transfer', 'light');

    await imported.getByRole('button', { name: 'Enter them in the list' }).click();
    await expect.poll(() => page.getByTestId('vault-drift').textContent()).toContain(victim);
    await noAxe(page, 'needs secrets');
    await shots(page, 'needs-secret', 'light');
    const r = row(page, victim);
    await r.getByRole('button', { name: `Enter secret of ${victim}` }).click();
    const token = `Imported-${randomBytes(6).toString('hex')}`;
    const secret = `Imported-${randomBytes(6).toString('hex')}`;
    await r.getByLabel('New token', { exact: true }).fill(token);
    await r.getByLabel('New shared secret', { exact: true }).fill(secret);
    await r.getByRole('button', { name: 'Store secret' }).click();
    await expect.poll(() => page.getByTestId('vault-note').textContent()).toContain(`Stored the secret of ${victim}`);
    await expect.poll(() => page.getByTestId('vault-drift').count()).toBe(0);
    await r.getByRole('button', { name: `Details of ${victim}` }).click();
    await r.getByRole('button', { name: `Reveal Shared secret of ${victim}` }).click();
    await expect.poll(() => r.getByTestId('revealed-value').textContent()).toBe(secret);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('says when a secret is gone from the keychain, and repairs drift: a credential without its secret, a secret without a credential', async () => {
    const listed = await e2e.core.services['vault.list']({});
    if (!listed.ok) throw new Error(listed.error.message);
    const idOf = (kind: CredentialKind): string => listed.value.credentials.find((c) => c.name === nameOf(kind))?.id ?? '';
    // Removed with secret-tool, as another program (or a person) could: Reveal says so.
    await run('secret-tool', ['clear', 'service', e2e.core.keychain.service, 'account', `${idOf('api-key-and-secret')}/key`]);
    expect(await keyring(`${idOf('api-key-and-secret')}/key`)).toBeNull();
    // Removed through the keychain port (Certdesk's account index knows): the list shows it as drift.
    await e2e.core.keychain.delete(`${idOf('url-token')}/token`);
    // A Certdesk secret whose record is gone (a crash between the two writes, a restored data folder).
    const orphan = '00000000-0000-4000-8000-000000000001/token';
    await e2e.core.keychain.set(orphan, `Orphan-${randomBytes(6).toString('hex')}`);

    const { page, errors } = await e2e.open('light');
    follow(page);
    await openCredentials(page);
    const gone = row(page, nameOf('api-key-and-secret'));
    await gone.getByRole('button', { name: `Details of ${nameOf('api-key-and-secret')}` }).click();
    await gone.getByRole('button', { name: `Reveal Key of ${nameOf('api-key-and-secret')}` }).click();
    await expect.poll(() => gone.getByRole('alert').getAttribute('data-code')).toBe('SECRET_MISSING');
    expect(await gone.getByRole('alert').textContent()).toContain('Enter it again with Rotate');

    const drift = page.getByTestId('vault-drift');
    await drift.waitFor();
    expect(await drift.getByTestId('missing-secret').textContent()).toContain(`${nameOf('url-token')} needs token`);
    expect(await drift.getByTestId('orphan-secret').textContent()).toContain(orphan);
    expect(await row(page, nameOf('url-token')).getByTestId('needs-secret').textContent()).toContain('Token not in the keychain');
    await noAxe(page, 'drift');
    await shots(page, 'drift', 'light');

    await drift.getByRole('button', { name: `Remove secret ${orphan}` }).click();
    await expect.poll(() => page.getByTestId('orphan-secret').count()).toBe(0);
    expect(await e2e.core.keychain.get(orphan)).toBeNull();
    await drift.getByRole('button', { name: `Remove credential ${nameOf('url-token')}` }).click();
    await expect.poll(() => page.getByTestId('vault-drift').count()).toBe(0);
    expect(await row(page, nameOf('url-token')).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it.each(SCHEMES)('every state reads well and axe-core finds nothing (%s)', async (scheme) => {
    if (scheme === 'light') {
      // A long name, and a description whose author hid a right-to-left override in it.
      const added = await e2e.core.services['vault.add']({
        name: LONG_NAME,
        kind: 'api-key-and-secret',
        secrets: { key: `Long-${randomBytes(6).toString('hex')}`, secret: `Long-${randomBytes(6).toString('hex')}` },
        description: 'Servicely production tenant \u202egnp.exe',
        account: 'integration-user-with-a-rather-long-account-name@servicely.example.test',
        tags: ['prod', 'servicely', 'hmac', 'tenant-eu-central'],
        expires: isoDate(Date.now() + 3 * DAY),
      });
      if (!added.ok) throw new Error(added.error.message);
    }
    const { page, errors } = await e2e.open(scheme);
    follow(page);
    await openCredentials(page);
    const long = row(page, LONG_NAME);
    await long.getByRole('button', { name: `Details of ${LONG_NAME}` }).click();
    expect(await long.getByTestId('control-chars').count()).toBe(1);
    expect(await long.getByTestId('expiry-badge').getAttribute('data-status')).toBe('expiring-soon');
    await noAxe(page, `${scheme} list`);
    await shots(page, 'list', scheme);
    const bearer = row(page, nameOf('bearer'));
    await bearer.getByRole('button', { name: `Details of ${nameOf('bearer')}` }).click();
    await bearer.getByRole('button', { name: `Reveal Token of ${nameOf('bearer')}` }).click();
    await bearer.getByTestId('revealed-value').waitFor();
    await bearer.getByRole('button', { name: `Copy Token of ${nameOf('bearer')}` }).click();
    await bearer.getByTestId('copied').waitFor();
    await noAxe(page, `${scheme} revealed`);
    await shots(page, 'revealed', scheme);
    await bearer.getByRole('button', { name: `Rotate ${nameOf('bearer')}` }).click();
    await noAxe(page, `${scheme} rotate`);
    await bearer.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Add credential', exact: true }).click();
    await page.getByTestId('panel-cred-add-form').getByLabel('Kind', { exact: true }).selectOption('oauth2-authorization-code');
    await page.getByTestId('panel-cred-add-form').getByText('Description, tags, account, endpoints, allowed hosts').click();
    await noAxe(page, `${scheme} add form`);
    await shots(page, 'add-oauth2', scheme);
    await page.getByTestId('panel-cred-add-form').getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('tab', { name: 'Token tools' }).click();
    await page.getByLabel('From a credential in the vault').check();
    await page.getByLabel('Credential', { exact: true }).selectOption(nameOf('bearer'));
    await page.getByRole('button', { name: 'Decode' }).click();
    await page.getByTestId('decoded-token').waitFor();
    await noAxe(page, `${scheme} token`);
    await shots(page, 'token', scheme);
    await page.getByRole('tab', { name: 'Export and import' }).click();
    await noAxe(page, `${scheme} transfer`);
    await shots(page, 'transfer-empty', scheme);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('leaves no secret in any answer the page received (but reveal), in the data folder, or in the log', () => {
    const values = [...secrets.values(), BEARER_JWT];
    expect(answers.length).toBeGreaterThan(20);
    const seen = answers.join('\n');
    for (const v of values) expect(seen).not.toContain(v);
    const data = allText(e2e.core.dataDir);
    for (const v of values) expect(data).not.toContain(v);
    const log = e2e.core.logLines.join('\n');
    for (const v of values) expect(log).not.toContain(v);
  });
});

describe.runIf(!hasBus)('Credentials section with no Secret Service', () => {
  it.each(SCHEMES)('says the keychain cannot be used and what to do, offers no plaintext fallback, and stores nothing (%s)', async (scheme) => {
    const { page, errors } = await e2e.open(scheme);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Credentials' }).click();
    const down = page.getByTestId('keychain-unavailable');
    await down.waitFor({ timeout: 20_000 });
    expect(await down.textContent()).toContain('The OS keychain cannot be used');
    expect(await down.textContent()).toMatch(/never keeps secrets in (a )?plain files?/);
    await noAxe(page, `${scheme} no keychain`);
    await page.getByRole('button', { name: 'Add credential', exact: true }).click();
    const form = page.getByTestId('panel-cred-add-form');
    await form.getByLabel('Kind', { exact: true }).selectOption('bearer');
    await form.getByLabel('Name', { exact: true }).fill('no-keychain');
    const token = `NoKeychain-${randomBytes(6).toString('hex')}`;
    await form.locator('#cred-add-f-token').fill(token);
    await form.getByRole('button', { name: 'Save credential' }).click();
    await expect.poll(() => form.getByRole('alert').getAttribute('data-code'), { timeout: 20_000 }).toBe('SECRET_STORE_UNAVAILABLE');
    await noAxe(page, `${scheme} add refused`);
    await shots(page, 'no-keychain', scheme);
    expect(allText(e2e.core.dataDir)).not.toContain(token);
    expect(allText(e2e.core.dataDir)).not.toContain('no-keychain');
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
