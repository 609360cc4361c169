/** Keystore verdicts: trusting an expired certificate is asked for first and said in the result; a key entry without its intermediate warns. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { keytool, makePki, openssl, type Pki, type TempDir, tempDir } from '../pki/helpers.js';
import { errorCode, value } from './service-fixtures.js';

const STOREPASS = 'verdict-store';
let t: TempDir;
let pki: Pki;
let later: TestCore;
let today: TestCore;

beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
  openssl(t.dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'short.key', '-out', 'short.pem', '-days', '1', '-subj', '/CN=short.example.com']);
  openssl(t.dir, ['pkcs12', '-export', '-in', pki.leafRsa, '-inkey', pki.leafRsaKey, '-name', 'web', '-passout', 'env:PASS', '-out', 'leaf-only.p12'], { env: { PASS: STOREPASS } });
  const inTenDays = Date.now() + 10 * 86_400_000;
  later = createTestCore({ clock: { now: () => new Date(inTenDays) } });
  today = createTestCore();
});

afterAll(() => {
  later.cleanup();
  today.cleanup();
  t.cleanup();
});

describe('keystore verdicts', () => {
  it('refuses to trust an expired certificate unless confirmed, and says it is expired when confirmed', async () => {
    const store = t.path('trust.p12');
    const input = { path: store, storePassword: STOREPASS, certPath: t.path('short.pem'), alias: 'short' };
    const refused = await later.services['keystore.trust'](input);
    expect(errorCode(refused)).toBe('CERT_EXPIRED');
    expect(refused.ok ? '' : refused.error.hint).toMatch(/anyway/);
    expect(existsSync(store)).toBe(false);
    const r = value(await later.services['keystore.trust']({ ...input, acceptExpired: true }));
    expect(r.findings[0]).toMatchObject({ code: 'expired', severity: 'error' });
    expect(keytool(t.dir, ['-list', '-keystore', store, '-storepass:env', 'SP'], { env: { SP: STOREPASS } }).stdout).toMatch(/short, .*trustedCertEntry/);
    const fresh = value(await today.services['keystore.trust']({ ...input, path: t.path('trust2.p12') }));
    expect(fresh.findings.map((f) => f.code)).not.toContain('expired');
  });

  it('warns about a private-key entry whose chain stops at the leaf, and names where the intermediate is published', async () => {
    const listing = value(await today.services['keystore.list']({ path: t.path('leaf-only.p12'), storePassword: STOREPASS }));
    const [entry] = listing.entries;
    expect(entry?.kind).toBe('privateKey');
    expect(entry?.findings).toEqual([expect.objectContaining({ code: 'chain-incomplete', severity: 'warning', fix: expect.stringContaining('http://ca.example.com/inter.crt') })]);
  });
});
