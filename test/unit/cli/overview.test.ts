/**
 * `certdesk watch …` and `certdesk overview …` as a user runs them (the built CLI), over real files made
 * by keytool and openssl and a real TLS server on loopback; the .ics file is read by ical.js.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OverviewList, Watch } from '../../../shared/contract/overview.js';
import { runCertdesk } from '../../helpers/cli.js';
import { KEYSTORE_PASSWORD, makeOverviewScenario, type OverviewScenario } from '../../helpers/overview-fixtures.js';

let scene: OverviewScenario;
let home: string;
const API_TOKEN = 'overview-api-token-0b7c9e';
const env = () => ({ CERTDESK_HOME: home, CERTDESK_KEYCHAIN_SERVICE: `Certdesk-test-overview-${process.pid}`, SP: KEYSTORE_PASSWORD, TOK: API_TOKEN });
const cli = (args: string[]) => runCertdesk(args, { env: env() });
const out = (f: string) => join(scene.tmp.dir, f);

beforeAll(async () => {
  scene = await makeOverviewScenario();
  home = mkdtempSync(join(tmpdir(), 'certdesk-overview-home-'));
}, 120_000);

afterAll(async () => {
  // Forget the watches so the keychain keeps no test password.
  await cli(['vault', 'remove', 'ticketing-token']);
  const list = await cli(['watch', 'list', '--json']);
  if (list.code === 0) for (const w of (JSON.parse(list.stdout) as { watches: Watch[] }).watches) await cli(['watch', 'remove', w.id]);
  await scene?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('certdesk watch and overview', () => {
  it('says what to add on an empty data folder, and exits 0', async () => {
    const r = await cli(['overview']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('certdesk watch add PATH|URL');
  });

  it('refuses a keystore without its password, and a wrong one, keeping nothing', async () => {
    const none = await cli(['watch', 'add', scene.keystore]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('A keystore is watched with its store password');
    const wrong = await runCertdesk(['watch', 'add', scene.keystore, '--password-env', 'BAD'], { env: { ...env(), BAD: 'not-the-password' } });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/password/i);
    const list = JSON.parse((await cli(['watch', 'list', '--json'])).stdout) as { watches: Watch[] };
    expect(list.watches).toEqual([]);
  });

  it('watches a keystore (password kept in the keychain), an endpoint and a certificate file', async () => {
    const ks = await cli(['watch', 'add', scene.keystore, '--password-env', 'SP']);
    expect(ks.stderr).toBe('');
    expect(ks.code).toBe(0);
    expect((await cli(['watch', 'add', scene.endpointTarget, '--json'])).code).toBe(0);
    expect((await cli(['watch', 'add', scene.rootCert, '--name', '<b>Root & co</b>'])).code).toBe(0);
    const again = await cli(['watch', 'add', scene.endpointTarget]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('is already watched');
    const list = JSON.parse((await cli(['watch', 'list', '--json'])).stdout) as { watches: Watch[] };
    expect(list.watches.map((w) => w.kind)).toEqual(['keystore', 'endpoint', 'certificate']);
    expect(list.watches[0]?.password).toEqual({ from: 'keychain' });
    // The password is in the keychain, not in the data folder.
    expect(readFileSync(join(home, 'watch.json'), 'utf8')).not.toContain(KEYSTORE_PASSWORD);
  });

  it('gathers a vault credential ending tomorrow and a saved auth test that fails', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000 - 60_000).toISOString();
    const add = await cli(['vault', 'add', 'ticketing-token', '--kind', 'bearer', '--secret-env', 'token=TOK', '--expires', tomorrow, '--allowed-host', 'localhost']);
    expect(add.stderr).toBe('');
    expect((await cli(['auth', 'save', 'ticketing login', scene.apiUrl, '--credential', 'ticketing-token', '--ca', scene.rootCert])).code).toBe(0);
    const run = await cli(['auth', 'run-all']);
    expect(run.code).toBe(1);
  });

  it('lists them most urgent first with --json --within 30, and exits 1', async () => {
    const r = await cli(['overview', '--json', '--within', '30']);
    expect(r.code).toBe(1);
    const v = JSON.parse(r.stdout) as OverviewList;
    expect(v.items.map((i) => [i.name, i.severity])).toEqual([
      [scene.endpointTarget, 'expired'],
      ['ticketing-token', 'within-7-days'],
      ['renew-me', 'within-7-days'],
      ['ticketing login', 'failing'],
      ['fine-for-a-year', 'ok'],
      ['<b>Root & co</b>', 'ok'],
    ]);
    expect(v.items[1]?.expires?.daysLeft).toBe(1);
    expect(v.items[1]?.fix).toMatchObject({ section: 'credentials', action: 'rotate-credential', target: 'ticketing-token' });
    expect(v.items[3]?.lastCheck?.ok).toBe(false);
    expect(v.items[3]?.fix).toMatchObject({ section: 'auth', action: 'run-auth-test' });
    // Ended five days (and the test's seconds) ago: the sixth day since its end has started.
    expect(v.items[0]?.expires?.daysLeft).toBe(-6);
    expect(v.items[0]?.lastCheck?.ok).toBe(false);
    expect(v.items[0]?.fix).toMatchObject({ section: 'tls', action: 'run-tls-check', target: scene.endpointTarget });
    expect(v.items[2]?.expires?.daysLeft).toBe(5);
    expect(v.items[2]?.fix).toMatchObject({ section: 'certificates', action: 'renew-csr', path: scene.keystore });
    expect(v.items[4]?.expires?.daysLeft).toBe(365);
    expect(v.attention).toBe(4);
    expect(r.stdout).not.toContain(KEYSTORE_PASSWORD);
    expect(r.stdout).not.toContain(API_TOKEN);

    const text = await cli(['overview', '--within', '3']);
    expect(text.code).toBe(1);
    expect(text.stdout.split('\n')[1]).toMatch(/^EXPIRED\s+localhost:\d+\s+TLS endpoint/);
    // Within 3 days: the expired endpoint, the credential ending tomorrow and the failing test.
    expect(text.stdout).toContain('3 need attention');
  });

  it('exports an .ics that ical.js reads: one event on each expiry day, with an alarm the threshold before', async () => {
    const r = await cli(['overview', 'export', '--ics', out('expiries.ics')]);
    expect(r.code).toBe(0);
    const json = JSON.parse((await cli(['overview', '--json'])).stdout) as OverviewList;
    const comp = new ICAL.Component(ICAL.parse(readFileSync(out('expiries.ics'), 'utf8')));
    const events = comp.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    const ahead = json.items.filter((i) => i.expires && i.expires.daysLeft >= 0);
    const KIND = { 'certificate-file': 'Certificate file', 'keystore-entry': 'Keystore entry', credential: 'Credential' } as Record<string, string>;
    expect(events.map((e) => e.summary).sort()).toEqual(ahead.map((i) => `Expires: ${i.name} (${KIND[i.kind]})`).sort());
    expect(ahead.map((i) => i.name)).toContain('ticketing-token');
    for (const item of ahead) {
      const event = events.find((e) => e.summary.includes(item.name));
      expect(event?.startDate.toString()).toBe(item.expires?.at.slice(0, 10));
      expect(event?.startDate.isDate).toBe(true);
      const alarms = event?.component.getAllSubcomponents('valarm') ?? [];
      expect(alarms).toHaveLength(1);
      expect(alarms[0]?.getFirstPropertyValue('action')).toBe('DISPLAY');
      expect(String(alarms[0]?.getFirstPropertyValue('trigger'))).toBe('-P30D');
    }
    // An existing file is not replaced without --force.
    expect((await cli(['overview', 'export', '--ics', out('expiries.ics')])).code).toBe(2);
  });

  it('exports Markdown and HTML with no secret, the HTML escaped', async () => {
    expect((await cli(['overview', 'export', '--markdown', out('overview.md')])).code).toBe(0);
    expect((await cli(['overview', 'export', '--html', out('overview.html')])).code).toBe(0);
    const md = readFileSync(out('overview.md'), 'utf8');
    const html = readFileSync(out('overview.html'), 'utf8');
    for (const text of [md, html]) {
      expect(text).not.toContain(KEYSTORE_PASSWORD);
      expect(text).not.toContain(API_TOKEN);
      expect(text).toContain('renew-me');
    }
    expect(md).toMatch(/\| Expired \| localhost:\d+ \| TLS endpoint \|/);
    expect(html).toContain('&#60;b&#62;Root &#38; co&#60;/b&#62;');
    expect(html).not.toContain('<b>');
  });

  it('removes a watch by target and its keychain password with it', async () => {
    const r = await cli(['watch', 'remove', scene.keystore]);
    expect(r.code).toBe(0);
    const v = JSON.parse((await cli(['overview', '--json'])).stdout) as OverviewList;
    expect(v.items.map((i) => i.name)).not.toContain('renew-me');
    const gone = await cli(['watch', 'remove', scene.keystore]);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toContain('Nothing watched is called');
  });
});
