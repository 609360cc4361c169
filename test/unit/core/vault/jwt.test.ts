import { CompactEncrypt, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestCore } from '../../../helpers/core.js';
import { hasSecretService, uniqueService } from '../../../helpers/vault.js';

// Tokens signed by a real JOSE library with known claims; Certdesk decodes them for display only.
const now = new Date('2026-06-01T12:00:00Z');
const iat = Math.floor(now.getTime() / 1000) - 3600;
const core = createTestCore({ clock: { now: () => now }, keychainService: uniqueService('jwt') });
afterAll(() => core.cleanup());

async function es256(claims: Record<string, unknown>, exp: number | undefined): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256');
  const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid: 'key-1' }).setIssuedAt(iat).setIssuer('https://idp.example.test').setAudience(['api', 'admin']).setSubject('svc-matrix42');
  if (exp !== undefined) jwt.setExpirationTime(exp);
  return jwt.sign(privateKey);
}

describe('token.decode', () => {
  it('reads header, claims and times of an ES256 token signed by jose, with the time left', async () => {
    const token = await es256({ scope: 'read write' }, iat + 2 * 3600);
    const r = await core.services['token.decode']({ jwt: token });
    expect(r).toEqual({
      ok: true,
      value: {
        header: { alg: 'ES256', kid: 'key-1' },
        claims: { scope: 'read write', iat, iss: 'https://idp.example.test', aud: ['api', 'admin'], sub: 'svc-matrix42', exp: iat + 7200 },
        algorithm: 'ES256',
        issuer: 'https://idp.example.test',
        subject: 'svc-matrix42',
        audience: ['api', 'admin'],
        issuedAt: '2026-06-01T11:00:00.000Z',
        notBefore: null,
        expires: '2026-06-01T13:00:00.000Z',
        secondsLeft: 3600,
        lifetimeDays: 0.1,
        findings: [],
      },
    });
  });

  it('judges an expired token, a lifetime over 90 days, a token without exp and an unsigned one', async () => {
    const expired = await core.services['token.decode']({ jwt: await es256({}, iat + 60) });
    expect(expired.ok && expired.value.findings.map((f) => f.code)).toEqual(['expired']);
    expect(expired.ok && expired.value.secondsLeft).toBe(-3540);
    const long = await core.services['token.decode']({ jwt: await es256({}, iat + 365 * 86_400) });
    expect(long.ok && long.value.findings.map((f) => f.code)).toEqual(['long-lifetime']);
    expect(long.ok && long.value.lifetimeDays).toBe(365);
    const forever = await core.services['token.decode']({ jwt: await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).sign(new Uint8Array(32).fill(1)) });
    expect(forever.ok && forever.value.findings.map((f) => f.code)).toEqual(['no-expiry']);
    const unsigned = await core.services['token.decode']({ jwt: new UnsecuredJWT({ sub: 'x' }).setExpirationTime(iat + 7200).encode() });
    expect(unsigned.ok && unsigned.value.findings.map((f) => f.code)).toEqual(['unsigned']);
  });

  it('refuses what is not a JWT with NOT_A_JWT, and says an encrypted one cannot be read', async () => {
    for (const jwt of ['not a token', 'a.b', 'eyJhbGciOiJub25lIn0.bm90IGpzb24.', 'W10.W10.sig']) {
      expect(await core.services['token.decode']({ jwt }), jwt).toMatchObject({ ok: false, error: { code: 'NOT_A_JWT' } });
    }
    const jwe = await new CompactEncrypt(new TextEncoder().encode('{}')).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(new Uint8Array(32).fill(2));
    expect(await core.services['token.decode']({ jwt: jwe })).toMatchObject({ ok: false, error: { code: 'NOT_A_JWT', message: expect.stringContaining('encrypted') } });
  });

  it.runIf(hasSecretService)('decodes a token held in the vault, and sets the credential’s expiry from its exp', async () => {
    const token = await es256({}, iat + 40 * 86_400);
    const added = await core.services['vault.add']({ name: 'm42', kind: 'bearer', secrets: { token } });
    expect(added.ok && added.value.credential).toMatchObject({ expires: '2026-07-11T11:00:00.000Z', expiresSource: 'jwt', daysLeft: 40 });
    const r = await core.services['token.decode']({ fromVault: 'm42' });
    expect(r.ok && r.value.subject).toBe('svc-matrix42');
    expect(core.logLines.join('\n')).not.toContain(token);
    await core.services['vault.remove']({ name: 'm42' });
  });
});
