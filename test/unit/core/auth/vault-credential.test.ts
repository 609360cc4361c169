/**
 * Auth tests with a vault credential (a real Secret Service: run inside dbus-run-session with
 * gnome-keyring): secrets read by name, allowed hosts enforced, lastUsed / lastTest written back, and
 * saved tests run together with each result kept.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRETS, startAuthServer, type AuthServer } from '../../../servers/auth-servers.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';

let core: TestCore;
let server: AuthServer;
let forbidding: AuthServer;

beforeAll(async () => {
  core = createTestCore();
  [server, forbidding] = await Promise.all([startAuthServer(), startAuthServer({ forbid: true })]);
  const add = await core.services['vault.add']({ name: 'crm basic', kind: 'basic', fields: { user: SECRETS.user }, secrets: { password: SECRETS.password }, allowedHosts: ['127.0.0.1'] });
  if (!add.ok) throw new Error(add.error.message);
  const narrow = await core.services['vault.add']({ name: 'elsewhere', kind: 'bearer', secrets: { token: SECRETS.token }, allowedHosts: ['api.example.com'] });
  if (!narrow.ok) throw new Error(narrow.error.message);
}, 30_000);
afterAll(async () => {
  for (const name of ['crm basic', 'elsewhere']) await core?.services['vault.remove']({ name });
  await Promise.all([server?.close(), forbidding?.close()]);
  core?.cleanup();
});

describe('a vault credential', () => {
  it('authenticates by name and records lastUsed and lastTest on the credential', async () => {
    const r = await core.services['auth.test']({ request: { url: `${server.origin}/basic` }, credential: { name: 'crm basic' } });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.verdict).toBe('authenticated');
    expect(JSON.stringify(r.value)).not.toContain(SECRETS.password);
    const shown = await core.services['vault.show']({ name: 'crm basic' });
    if (!shown.ok) throw new Error(shown.error.message);
    expect(shown.value.credential.lastTest).toMatchObject({ verdict: 'authenticated', url: `${server.origin}/basic` });
    expect(shown.value.credential.lastUsed).not.toBeNull();
  });

  it('is refused for a host outside its allowed hosts, before any byte', async () => {
    const before = server.requests.length;
    const r = await core.services['auth.test']({ request: { url: `${server.origin}/bearer` }, credential: { name: 'elsewhere' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'HOST_NOT_ALLOWED' });
    expect(r.ok || r.error.message).toMatch(/The credential "elsewhere" may not be sent to 127\.0\.0\.1:\d+/);
    expect(server.requests.length).toBe(before);
  });

  it('saved tests run all together; each result is kept on the test and on its credential', async () => {
    const save = (name: string, url: string, credentialName: string | null) => core.services['auth.saveTest']({ name, request: { url }, credentialName });
    for (const r of await Promise.all([save('ok', `${server.origin}/basic`, 'crm basic'), save('denied', `${forbidding.origin}/basic`, 'crm basic'), save('open', `${server.origin}/none`, null)])) expect(r.ok).toBe(true);
    const dup = await save('OK', `${server.origin}/basic`, null);
    expect(dup.ok ? 'ok' : dup.error.code).toBe('TEST_EXISTS');
    const items: string[] = [];
    const run = await core.services['auth.runAll']({ concurrency: 2 }, { item: (key) => items.push(key) });
    if (!run.ok) throw new Error(run.error.message);
    expect(run.value.rows.map((r) => [r.name, r.verdict])).toEqual([['denied', 'forbidden'], ['ok', 'authenticated'], ['open', 'authenticated']]);
    expect(run.value.counts).toEqual({ authenticated: 2, forbidden: 1, rejected: 0, error: 0 });
    expect(items.sort()).toEqual(['denied', 'ok', 'open']);
    const list = await core.services['auth.listTests']({});
    expect(list.ok && list.value.tests.map((t) => t.lastResult?.verdict)).toEqual(['forbidden', 'authenticated', 'authenticated']);
    const cred = await core.services['vault.show']({ name: 'crm basic' });
    expect(cred.ok && ['forbidden', 'authenticated'].includes(cred.value.credential.lastTest?.verdict ?? '')).toBe(true);
    const removed = await core.services['auth.removeTest']({ name: 'open' });
    expect(removed.ok).toBe(true);
    const gone = await core.services['auth.runAll']({ names: ['open'] });
    expect(gone.ok ? 'ok' : gone.error.code).toBe('TEST_NOT_FOUND');
  });

  it('cancelling run-all stops it with CANCELLED and keeps what finished', async () => {
    for (let i = 0; i < 20; i++) await core.services['auth.saveTest']({ name: `bulk ${i}`, request: { url: `${server.origin}/none` }, overwrite: true });
    const controller = new AbortController();
    let seen = 0;
    const run = core.services['auth.runAll']({ concurrency: 1 }, { signal: controller.signal, item: () => (++seen === 3 ? controller.abort() : undefined) });
    const r = await run;
    expect(r.ok ? 'ok' : r.error.code).toBe('CANCELLED');
    const list = await core.services['auth.listTests']({});
    const ran = list.ok ? list.value.tests.filter((t) => t.name.startsWith('bulk') && t.lastResult) : [];
    expect(ran.length).toBeGreaterThanOrEqual(3);
    expect(ran.length).toBeLessThan(20);
  });
});
