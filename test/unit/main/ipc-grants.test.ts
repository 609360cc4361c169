import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CertdeskApi } from '../../../shared/contract/index.js';
import { registerIpc, type PlatformHandlers } from '../../../electron/main/ipc.js';
import { RendererGrants } from '../../../electron/main/renderer-grants.js';
import { createTestCore, type TestCore } from '../../helpers/core.js';
import { createFakeElectron } from './fake-electron.js';

// The renderer may have the core write only where the person chose in a dialog this session (or the
// data folder), and open only links the core produced: a compromised page gets no further.
const fake = createFakeElectron();
vi.mock('electron', () => fake.module);

let core: TestCore;
let api: CertdeskApi;
let dir: string;
/** What the next dialog answers, as if the person picked it. */
let nextPick: string | null = null;
const opened: string[] = [];
/** How the person answers the native "write these typed paths?" question, and what it listed. */
let confirmAnswer = false;
const asked: string[][] = [];

const pemOutput = (certPath: string, keyPath: string) => ({
  cn: 'grants.example',
  key: 'ec:p256' as const,
  days: 1,
  output: { kind: 'pem' as const, certPath, keyPath },
});

beforeAll(async () => {
  core = createTestCore();
  dir = mkdtempSync(join(tmpdir(), 'certdesk-grants-'));
  const pick = async () => ({ ok: true as const, value: { path: nextPick } });
  const platform: PlatformHandlers = {
    'dialog.openFile': pick,
    'dialog.saveFile': pick,
    'dialog.openFolder': pick,
    'shell.openExternal': async (input) => {
      opened.push((input as { url: string }).url);
      return { ok: true, value: {} };
    },
  };
  registerIpc(fake.module.ipcMain as never, core.services, platform, new RendererGrants(core.dataDir), async (paths) => {
    asked.push(paths);
    return confirmAnswer;
  });
  await import('../../../electron/preload/preload.js');
  api = fake.exposed['certdesk'] as CertdeskApi;
});
afterAll(() => {
  core.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

describe('renderer writes only to chosen paths', () => {
  it('refuses a write to a path no dialog returned, and writes nothing', async () => {
    const cert = join(dir, 'unchosen.crt');
    const res = await api.pki.createSelfSigned(pemOutput(cert, join(dir, 'unchosen.key')));
    expect(res).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER', message: expect.stringContaining(cert) } });
    expect(existsSync(cert)).toBe(false);
    expect(existsSync(join(dir, 'unchosen.key'))).toBe(false);
  });

  it('writes once the save dialog returned each path; one chosen path does not cover another', async () => {
    const cert = join(dir, 'saved.crt');
    const key = join(dir, 'saved.key');
    nextPick = cert;
    expect(await api.dialog.saveFile({ title: 'Save the certificate' })).toEqual({ ok: true, value: { path: cert } });
    expect(await api.pki.createSelfSigned(pemOutput(cert, key))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(existsSync(cert)).toBe(false);
    nextPick = key;
    await api.dialog.saveFile({ title: 'Save the key' });
    expect(await api.pki.createSelfSigned(pemOutput(cert, key))).toMatchObject({ ok: true });
    expect(readFileSync(cert, 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('a chosen folder allows the files inside it, not beside it; the data folder is always allowed', async () => {
    const folder = join(dir, 'picked');
    mkdirSync(folder);
    nextPick = folder;
    await api.dialog.openFolder({ title: 'Where to?' });
    expect(await api.pki.createSelfSigned(pemOutput(join(folder, 'in.crt'), join(folder, 'in.key')))).toMatchObject({ ok: true });
    for (const outside of [join(folder, '..', 'escape.crt'), `${folder}-sibling/x.crt`, 'relative.crt'])
      expect(await api.pki.createSelfSigned(pemOutput(outside, join(folder, 'other.key')))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(existsSync(join(dir, 'escape.crt'))).toBe(false);
    expect(await api.pki.createSelfSigned(pemOutput(join(core.dataDir, 'd.crt'), join(core.dataDir, 'd.key')))).toMatchObject({ ok: true });
  });

  it('a typed path is written only after the person confirms it in the native question', async () => {
    const cert = join(dir, 'typed.crt');
    const key = join(dir, 'typed.key');
    asked.length = 0;
    expect(await api.pki.createSelfSigned(pemOutput(cert, key))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    expect(asked).toEqual([[cert, key]]);
    expect(existsSync(cert)).toBe(false);
    confirmAnswer = true;
    try {
      expect(await api.pki.createSelfSigned(pemOutput(cert, key))).toMatchObject({ ok: true });
      expect(readFileSync(cert, 'utf8')).toContain('BEGIN CERTIFICATE');
      asked.length = 0;
      // A relative path is never asked about: the core would resolve it against a folder nobody chose.
      expect(await api.pki.createSelfSigned(pemOutput('rel.crt', join(dir, 'rel.key')))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
      expect(asked).toEqual([]);
    } finally {
      confirmAnswer = false;
    }
  });

  it('a cancelled dialog grants nothing', async () => {
    nextPick = null;
    expect(await api.dialog.saveFile({ title: 'Save' })).toEqual({ ok: true, value: { path: null } });
    expect(await api.pki.createSelfSigned(pemOutput(join(dir, 'n.crt'), join(dir, 'n.key')))).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
  });
});

describe('renderer opens only links the core produced', () => {
  it('refuses an arbitrary https link; opens the certificate’s CA issuer, OCSP and CRL links after inspect', async () => {
    expect(await api.shell.openExternal({ url: 'https://phish.example/login' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=aia.example', '-days', '2',
      '-addext', 'authorityInfoAccess=caIssuers;URI:http://ca.example/ca.crt,OCSP;URI:http://ocsp.example/',
      '-addext', 'crlDistributionPoints=URI:http://crl.example/ca.crl',
      '-keyout', join(dir, 'aia.key'), '-out', join(dir, 'aia.crt')], { stdio: 'ignore' });
    expect(await api.pki.inspect({ source: { text: readFileSync(join(dir, 'aia.crt'), 'utf8') } })).toMatchObject({ ok: true });
    for (const url of ['http://ca.example/ca.crt', 'http://ocsp.example/', 'http://crl.example/ca.crl'])
      expect(await api.shell.openExternal({ url })).toEqual({ ok: true, value: {} });
    expect(opened).toEqual(['http://ca.example/ca.crt', 'http://ocsp.example/', 'http://crl.example/ca.crl']);
    expect(await api.shell.openExternal({ url: 'https://phish.example/login' })).toMatchObject({ ok: false });
  });
});
