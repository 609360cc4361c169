import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_KIND_NAMES, CREDENTIAL_KINDS } from '../../../../shared/credential-kinds.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { filesUnder, hasSecretService, sampleCredential, secretTool, secretToolAccounts, secretToolLookup, uniqueService } from '../../../helpers/vault.js';

// Against the real Secret Service (gnome-keyring in a private D-Bus session, as .ci/run starts it).
const cores: TestCore[] = [];
function core(tag: string, extra: Parameters<typeof createTestCore>[0] = {}): TestCore & { service: string } {
  const service = uniqueService(tag);
  const c = createTestCore({ keychainService: service, ...extra });
  cores.push(c);
  return Object.assign(c, { service });
}
afterAll(() => {
  for (const c of cores) {
    for (const a of secretToolAccounts(c.deps.keychain.service)) secretTool(['clear', 'service', c.deps.keychain.service, 'account', a]);
    c.cleanup();
  }
});


describe.runIf(hasSecretService)('the credential vault over the real Secret Service', () => {
  it('round-trips a credential of every kind: secrets in the keychain only, the rest in the data folder', async () => {
    const c = core('kinds');
    const allSecrets: string[] = [];
    for (const kind of CREDENTIAL_KIND_NAMES) {
      const { fields, secrets } = sampleCredential(kind);
      allSecrets.push(...Object.values(secrets));
      const added = await c.services['vault.add']({ name: `cred ${kind}`, kind, fields, secrets, tags: ['t'], allowedHosts: ['api.example.test'] });
      expect(added.ok, JSON.stringify(added)).toBe(true);
      if (!added.ok) continue;
      expect(added.value.credential.secretFields.sort()).toEqual(Object.keys(secrets).sort());
      expect(added.value.credential.fields).toEqual(fields);
      for (const [field, value] of Object.entries(secrets)) {
        const shown = await c.services['vault.reveal']({ name: `cred ${kind}`, field });
        expect(shown).toEqual({ ok: true, value: { name: `cred ${kind}`, field, value } });
        // The oracle: libsecret's own client finds it under the service, at <id>/<field>.
        expect(secretToolLookup(c.service, `${added.value.credential.id}/${field}`)).toBe(value);
      }
    }
    const list = await c.services['vault.list']({});
    expect(list.ok && list.value.credentials.map((x) => x.kind).sort()).toEqual([...CREDENTIAL_KIND_NAMES].sort());
    expect(list.ok && list.value.drift).toEqual({ missingSecrets: [], orphanAccounts: [] });
    const expectedAccounts = CREDENTIAL_KIND_NAMES.flatMap((k) => CREDENTIAL_KINDS[k].fields.filter((f) => f.secret).map((f) => f.name));
    expect(secretToolAccounts(c.service)).toHaveLength(expectedAccounts.length);
    // No output but reveal, no file and no log line holds a secret.
    const outputs = JSON.stringify([list, await c.services['vault.show']({ name: 'cred basic' })]);
    for (const s of allSecrets) {
      expect(outputs).not.toContain(s);
      for (const f of filesUnder(c.dataDir)) expect(f.text, f.path).not.toContain(s);
      expect(c.logLines.join('\n')).not.toContain(s);
    }
    for (const kind of CREDENTIAL_KIND_NAMES) expect((await c.services['vault.remove']({ name: `cred ${kind}` })).ok).toBe(true);
    expect(secretToolAccounts(c.service)).toEqual([]);
    expect((await c.services['vault.list']({})).ok).toBe(true);
  });

  it('reads a secret that secret-tool stored under the Certdesk service and the credential’s account', async () => {
    const c = core('oracle');
    const added = await c.services['vault.add']({ name: 'xm', kind: 'bearer', secrets: { token: 'first-token' } });
    if (!added.ok) throw new Error(added.error.message);
    const account = `${added.value.credential.id}/token`;
    expect(secretTool(['store', '--label', 'x', 'service', c.service, 'account', account], 'set-by-secret-tool').code).toBe(0);
    expect(await c.services['vault.reveal']({ name: 'xm', field: 'token' })).toMatchObject({ ok: true, value: { value: 'set-by-secret-tool' } });
  });

  it('keeps long secrets in parts within the Windows limit (2,561 and 10,000 bytes), whole on reading, none left after removal', async () => {
    const c = core('parts', { keychainPartBytes: 2560 });
    expect(c.deps.keychain.partBytes).toBe(2560);
    const long = Array.from({ length: 10_000 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz0123456789'[i % 36]).join('');
    const justOver = `é${'x'.repeat(2559)}`; // 2,561 UTF-8 bytes
    expect(Buffer.byteLength(justOver)).toBe(2561);
    const a = await c.services['vault.add']({ name: 'long', kind: 'api-key-and-secret', secrets: { key: long, secret: justOver } });
    if (!a.ok) throw new Error(a.error.message);
    const id = a.value.credential.id;
    const accounts = secretToolAccounts(c.service);
    expect(accounts).toEqual([`${id}/key`, `${id}/key#1`, `${id}/key#2`, `${id}/key#3`, `${id}/key#4`, `${id}/secret`, `${id}/secret#1`, `${id}/secret#2`].sort());
    for (const acct of accounts) expect(Buffer.byteLength(secretToolLookup(c.service, acct) ?? '')).toBeLessThanOrEqual(2560);
    expect(await c.services['vault.reveal']({ name: 'long', field: 'key' })).toMatchObject({ ok: true, value: { value: long } });
    expect(await c.services['vault.reveal']({ name: 'long', field: 'secret' })).toMatchObject({ ok: true, value: { value: justOver } });
    // Rotating to a short value leaves no stale part behind.
    expect((await c.services['vault.rotate']({ name: 'long', secrets: { key: 'short now' } })).ok).toBe(true);
    expect(secretToolAccounts(c.service).filter((x) => x.startsWith(`${id}/key`))).toEqual([`${id}/key`]);
    // A part gone is damage, said so, never half a secret.
    expect(secretTool(['clear', 'service', c.service, 'account', `${id}/secret#2`]).code).toBe(0);
    const damaged = await c.services['vault.reveal']({ name: 'long', field: 'secret' });
    expect(damaged).toMatchObject({ ok: false, error: { code: 'SECRET_MISSING', message: expect.stringContaining('part 2 of 2 is missing') } });
    expect((await c.services['vault.remove']({ name: 'long' })).ok).toBe(true);
    expect(secretToolAccounts(c.service)).toEqual([]);
  });

  it('refuses bad input with a clear code and writes nothing', async () => {
    const c = core('bad');
    const asField = await c.services['vault.add']({ name: 'b', kind: 'basic', fields: { user: 'u', password: 'plain' } });
    expect(asField).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('password is a secret field') } });
    const unknownField = await c.services['vault.add']({ name: 'b', kind: 'basic', fields: { user: 'u', colour: 'red' }, secrets: { password: 'p' } });
    expect(unknownField).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const noSecret = await c.services['vault.add']({ name: 'b', kind: 'basic', fields: { user: 'u' } });
    expect(noSecret).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('password') } });
    const badUrl = await c.services['vault.add']({ name: 'o', kind: 'oauth2-client-credentials', fields: { tokenUrl: 'ftp://x', clientId: 'c' }, secrets: { clientSecret: 's' } });
    expect(badUrl).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(existsSync(join(c.dataDir, 'credentials.json'))).toBe(false);
    expect(secretToolAccounts(c.service)).toEqual([]);
    expect((await c.services['vault.add']({ name: 'b', kind: 'basic', fields: { user: 'u' }, secrets: { password: 'p1' } })).ok).toBe(true);
    expect(await c.services['vault.add']({ name: 'B', kind: 'basic', fields: { user: 'u' }, secrets: { password: 'p2' } })).toMatchObject({ ok: false, error: { code: 'CREDENTIAL_EXISTS' } });
    expect(secretToolAccounts(c.service)).toHaveLength(1);
    expect(await c.services['vault.show']({ name: 'nope' })).toMatchObject({ ok: false, error: { code: 'CREDENTIAL_NOT_FOUND' } });
  });

  it('rotates a secret, keeping the date and never the old value; expiry findings and the expiring filter use the shared threshold', async () => {
    const c = core('rotate');
    const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const added = await c.services['vault.add']({ name: 'wx', kind: 'oauth2-client-credentials', fields: { tokenUrl: 'https://idp.example.test/token', clientId: 'cid' }, secrets: { clientSecret: 'old-secret-value' }, expires: soon });
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value.credential.findings.map((f) => f.code)).toContain('credential-expiring-soon');
    await c.services['vault.add']({ name: 'later', kind: 'bearer', secrets: { token: 'tok' }, expires: '2999-01-01' });
    const expiring = await c.services['vault.list']({ expiringWithin: 30 });
    expect(expiring.ok && expiring.value.credentials.map((x) => x.name)).toEqual(['wx']);
    const far = await c.services['vault.show']({ name: 'later' });
    expect(far.ok && far.value.credential.findings.map((f) => f.code)).toEqual(['long-lifetime']);
    const rotated = await c.services['vault.rotate']({ name: 'wx', secrets: { clientSecret: 'new-secret-value' }, expires: 'never' });
    expect(rotated.ok && rotated.value.credential.rotations).toHaveLength(1);
    expect(rotated.ok && rotated.value.credential.expires).toBeNull();
    expect(await c.services['vault.reveal']({ name: 'wx', field: 'clientSecret' })).toMatchObject({ ok: true, value: { value: 'new-secret-value' } });
    for (const f of filesUnder(c.dataDir)) expect(f.text).not.toMatch(/old-secret-value|new-secret-value/);
    expect(c.logLines.join('\n')).not.toMatch(/old-secret-value|new-secret-value/);
  });

  it('exports metadata only; an import elsewhere asks for each secret, shown as drift until it is given', async () => {
    const a = core('export');
    await a.services['vault.add']({ name: 'sv', kind: 'hmac-body', secrets: { token: 'tok-123456', secret: 'hmac-secret-654321' }, description: 'Servicely', endpoints: ['https://sv.example.test'] });
    const out = join(a.dataDir, 'export.json');
    const exp = await a.services['vault.export']({ outPath: out });
    expect(exp).toMatchObject({ ok: true, value: { count: 1 } });
    expect(readFileSync(out, 'utf8')).not.toMatch(/tok-123456|hmac-secret-654321/);
    expect(await a.services['vault.export']({ outPath: out })).toMatchObject({ ok: false, error: { code: 'FILE_EXISTS' } });
    const b = core('import');
    const imp = await b.services['vault.import']({ path: out });
    expect(imp).toEqual({ ok: true, value: { added: ['sv'], skipped: [], needSecrets: [{ name: 'sv', fields: ['token', 'secret'] }] } });
    const listed = await b.services['vault.list']({});
    expect(listed.ok && listed.value.drift.missingSecrets).toEqual([{ name: 'sv', fields: ['token', 'secret'] }]);
    expect(listed.ok && listed.value.credentials[0]?.findings.map((f) => f.code)).toContain('secret-missing');
    expect(await b.services['vault.reveal']({ name: 'sv', field: 'token' })).toMatchObject({ ok: false, error: { code: 'SECRET_MISSING' } });
    expect((await b.services['vault.rotate']({ name: 'sv', secrets: { token: 'tok-2', secret: 'sec-2' } })).ok).toBe(true);
    const after = await b.services['vault.list']({});
    expect(after.ok && after.value.drift).toEqual({ missingSecrets: [], orphanAccounts: [] });
    expect(await b.services['vault.import']({ path: out })).toMatchObject({ ok: true, value: { added: [], skipped: [{ name: 'sv' }] } });
  });

  it('shows a Certdesk secret without metadata as drift and removes it on request', async () => {
    const c = core('drift');
    const orphan = '0b6c4c2e-8a55-4d6b-9a57-1f0c7a9e2d11/password';
    await c.keychain.set(orphan, 'left-behind');
    const listed = await c.services['vault.list']({});
    expect(listed.ok && listed.value.drift.orphanAccounts).toEqual([orphan]);
    expect(await c.services['vault.repair']({ action: 'remove-orphan', account: 'not-an-orphan' })).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(await c.services['vault.repair']({ action: 'remove-orphan', account: orphan })).toEqual({ ok: true, value: { drift: { missingSecrets: [], orphanAccounts: [] } } });
    expect(secretToolAccounts(c.service)).toEqual([]);
  });

  it('copies a secret to the clipboard port and clears it after the time, only if it still holds it', async () => {
    let clip = '';
    const c = core('clip', { clipboard: { writeText: (t) => void (clip = t), readText: () => clip } });
    await c.services['vault.add']({ name: 'k', kind: 'api-key', secrets: { value: 'key-to-copy' } });
    expect(await c.services['vault.copySecret']({ name: 'k', field: 'value', clearAfterSeconds: 5 })).toMatchObject({ ok: true, value: { copied: true } });
    expect(clip).toBe('key-to-copy');
    await new Promise((r) => setTimeout(r, 5300));
    expect(clip).toBe('');
    await c.services['vault.copySecret']({ name: 'k', field: 'value', clearAfterSeconds: 5 });
    clip = 'something else copied since';
    await new Promise((r) => setTimeout(r, 5300));
    expect(clip).toBe('something else copied since');
    const noClipboard = core('noclip');
    await noClipboard.services['vault.add']({ name: 'k', kind: 'api-key', secrets: { value: 'v' } });
    expect(await noClipboard.services['vault.copySecret']({ name: 'k', field: 'value' })).toMatchObject({ ok: false, error: { hint: expect.stringContaining('--reveal') } });
  }, 20_000);

  it('generates strong random keys in each encoding', async () => {
    const c = core('gen');
    const b64 = await c.services['token.generate']({ bytes: 32, encoding: 'base64url' });
    expect(b64.ok && b64.value.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const hex = await c.services['token.generate']({ bytes: 16, encoding: 'hex' });
    expect(hex).toMatchObject({ ok: true, value: { bits: 128 } });
    const alnum = await c.services['token.generate']({ bytes: 32, encoding: 'alphanumeric' });
    expect(alnum.ok && alnum.value.value).toMatch(/^[A-Za-z0-9]{43}$/);
    expect(alnum.ok && alnum.value.bits).toBeGreaterThanOrEqual(256);
  });
});
