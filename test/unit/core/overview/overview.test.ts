/**
 * The overview over the real core: a keytool keystore, a loopback TLS endpoint with an expired
 * certificate, and — through the ports the vault and the auth tests plug into — a credential ending
 * tomorrow and a failing saved auth test. Then the reminder words, the .ics text and the reports.
 */
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { overviewOps, type OverviewList } from '../../../../shared/contract/overview.js';
import type { Credential } from '../../../../shared/contract/vault.js';
import { composeServices, type ServicesOf } from '../../../../electron/core/compose.js';
import { overviewIcs } from '../../../../electron/core/overview/ics.js';
import { reminderText } from '../../../../electron/core/overview/reminders.js';
import { htmlReport, markdownReport } from '../../../../electron/core/overview/report.js';
import { overviewHandlers, type OverviewPorts } from '../../../../electron/core/overview/service.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { KEYSTORE_PASSWORD, makeOverviewScenario, type OverviewScenario } from '../../../helpers/overview-fixtures.js';

let scene: OverviewScenario;
let core: TestCore;
let services: ServicesOf<keyof typeof overviewOps>;
const DAY = 86_400_000;

function credential(name: string, expires: Date): Credential {
  const now = new Date().toISOString();
  return {
    id: `id-${name}`, name, kind: 'bearer', description: '', tags: [], account: 'integration', endpoints: ['https://api.example.test'], allowedHosts: ['api.example.test'],
    fields: {}, secretFields: ['token'], created: now, updated: now, expires: expires.toISOString(), expiresSource: 'date', lastUsed: null, lastTest: null,
    rotations: [], findings: [], daysLeft: Math.ceil((expires.getTime() - Date.now()) / DAY),
  };
}

const ports: OverviewPorts = {
  credentials: async () => [credential('ticketing-token', new Date(Date.now() + DAY - 60_000))],
  authTests: async () => [{ id: 't1', name: 'ticketing login', url: 'https://api.example.test/me', last: { at: new Date().toISOString(), verdict: 'rejected', summary: '401: the token was refused' } }],
};

beforeAll(async () => {
  scene = await makeOverviewScenario();
  core = createTestCore();
  services = composeServices(core.deps, overviewHandlers(core.deps, ports), overviewOps);
  const add = async (input: object) => {
    const r = await services['watch.add'](input);
    if (!r.ok) throw new Error(r.error.message);
  };
  await add({ target: scene.keystore, password: KEYSTORE_PASSWORD });
  await add({ target: scene.endpointTarget });
}, 120_000);

afterAll(async () => {
  const list = await services?.['watch.list']({});
  if (list?.ok) for (const w of list.value.watches) await services['watch.remove']({ id: w.id });
  core?.cleanup();
  await scene?.close();
});

async function overview(input: object = {}): Promise<OverviewList> {
  const r = await services['overview.list'](input);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('overview.list', () => {
  it('lists every source most urgent first: expired endpoint, credential tomorrow, certificate in 5 days, failing test, the rest', async () => {
    const v = await overview({ within: 30 });
    expect(v.items.map((i) => [i.kind, i.name, i.severity]), JSON.stringify(v.items.map((i) => i.lastCheck?.summary))).toEqual([
      ['endpoint', scene.endpointTarget, 'expired'],
      ['credential', 'ticketing-token', 'within-7-days'],
      ['keystore-entry', 'renew-me', 'within-7-days'],
      ['auth-test', 'ticketing login', 'failing'],
      ['keystore-entry', 'fine-for-a-year', 'ok'],
    ]);
    expect(v.items.map((i) => i.attention)).toEqual([true, true, true, true, false]);
    expect(v.items[1]?.fix).toMatchObject({ section: 'credentials', action: 'rotate-credential', target: 'ticketing-token' });
    expect(v.items[3]?.fix).toMatchObject({ section: 'auth', action: 'run-auth-test' });
    expect(v.counts).toEqual({ expired: 1, 'within-7-days': 2, 'within-threshold': 0, failing: 1, ok: 1 });
    expect(JSON.stringify(v)).not.toContain(KEYSTORE_PASSWORD);
  });

  it('keeps the endpoint check in watch.json and re-checks one watch on demand', async () => {
    const before = await services['watch.list']({});
    const endpoint = before?.ok ? before.value.watches.find((w) => w.kind === 'endpoint') : undefined;
    expect(endpoint?.lastCheck?.ok).toBe(false);
    expect(endpoint?.lastCheck?.notAfter).toBeTruthy();
    const one = await overview({ recheck: 'all', watchId: endpoint?.id });
    expect(one.items.map((i) => i.name)).toEqual([scene.endpointTarget]);
    const after = await services['watch.list']({});
    expect(after.ok && after.value.watches.find((w) => w.kind === 'endpoint')?.lastCheck?.at).not.toBe(endpoint?.lastCheck?.at);
  });

  it('shows a keystore whose password no longer opens it as failing, with the way to give it', async () => {
    const list = await services['watch.list']({});
    const ks = list.ok ? list.value.watches.find((w) => w.kind === 'keystore') : undefined;
    await core.keychain.set(`overview-watch:${ks?.id}`, 'wrong-password');
    const v = await overview();
    const item = v.items.find((i) => i.kind === 'keystore-entry');
    expect(item?.severity).toBe('failing');
    expect(item?.fix?.action).toBe('give-password');
    await core.keychain.set(`overview-watch:${ks?.id}`, KEYSTORE_PASSWORD);
  });

  it('a source that cannot be read is a problem, not a failure of the list', async () => {
    const broken = composeServices(core.deps, overviewHandlers(core.deps, { credentials: async () => { throw new Error('The keychain is locked.'); } }), overviewOps);
    const r = await broken['overview.list']({});
    expect(r.ok && r.value.problems).toEqual([{ source: 'vault', message: 'The keychain is locked.' }]);
  });
});

describe('what the overview says and writes', () => {
  it('reminds of the expired and expiring items only, naming the first three', async () => {
    const v = await overview();
    const r = reminderText(v.items);
    expect(r?.title).toBe('Certdesk: 1 expired, 2 expiring');
    expect(r?.body.split('\n')).toEqual([`${scene.endpointTarget}: expired 6 days ago`, 'ticketing-token: 1 day left', 'renew-me: 5 days left']);
    expect(reminderText(v.items.filter((i) => i.severity === 'ok' || i.severity === 'failing'))).toBeNull();
  });

  it('writes .ics text ical.js reads, escaped and folded', async () => {
    const v = await overview();
    const long = { ...v.items[2], name: `a, b; c\\d ${'x'.repeat(120)}`, key: 'k' } as (typeof v.items)[number];
    const text = overviewIcs([...v.items, long], new Date(), 30);
    expect(text.split('\r\n').every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    const events = new ICAL.Component(ICAL.parse(text)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events.map((e) => e.summary)).toContain(`Expires: ${long.name} (Keystore entry)`);
    // Only expiries still ahead: the expired endpoint and the failing test have no event.
    expect(events).toHaveLength(4);
  });

  it('reports escape what files and servers named', async () => {
    const v = await overview();
    const hostile = { ...v, items: [{ ...v.items[0], name: '<img src=x onerror=alert(1)> | x' } as (typeof v.items)[number]] };
    expect(htmlReport(hostile)).not.toContain('<img');
    expect(markdownReport(hostile)).toContain('\\<img src=x onerror=alert(1)\\> \\| x');
  });
});
