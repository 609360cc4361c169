import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { escapeControl, hasControl } from '../../../../shared/text-safety.js';
import { runCertdesk } from '../../../helpers/cli.js';
import { makePki, openssl, type Pki, type TempDir, tempDir } from './helpers.js';

// ESC[31m (recolour), BEL, and RIGHT-TO-LEFT OVERRIDE: what a hostile certificate can carry.
const HOSTILE_CN = 'evil\u001b[31mred\u0007bell\u202etxt.exe';
const HOSTILE_ALIAS = 'alias\u001b]0;owned\u0007\rX';

describe('escapeControl', () => {
  it('escapes C0/C1 controls, DEL and bidi overrides and isolates, and nothing else', () => {
    expect(escapeControl('a\u001bb\u0007c\rd\ne\u007ff\u0085g\u202ah\u202ei\u2066j\u2069k')).toBe(
      'a\\x1bb\\x07c\\x0dd\\x0ae\\x7ff\\x85g\\u202ah\\u202ei\\u2066j\\u2069k');
    expect(escapeControl('CN=Zoë, O=Acme\\, Inc., 日本')).toBe('CN=Zoë, O=Acme\\, Inc., 日本');
    expect(hasControl(HOSTILE_CN)).toBe(true);
    expect(hasControl('CN=plain, O=Acme')).toBe(false);
  });
});

describe('the CLI prints hostile certificate fields escaped, JSON exact', () => {
  let t: TempDir;
  let pki: Pki;
  beforeAll(() => {
    t = tempDir();
    pki = makePki(t.dir);
    openssl(t.dir, ['req', '-x509', '-utf8', '-key', pki.leafEcKey, '-subj', `/O=Acme/CN=${HOSTILE_CN}`, '-days', '30', '-out', 'hostile.pem',
      '-addext', 'subjectAltName=DNS:hostile.example.com']);
    openssl(t.dir, ['pkcs12', '-export', '-in', 'hostile.pem', '-inkey', pki.leafEcKey, '-name', HOSTILE_ALIAS, '-passout', 'env:SP', '-out', 'hostile.p12'],
      { env: { SP: 'storepass1' } });
  }, 60_000);
  afterAll(() => t.cleanup());

  it('inspect: text shows \\x1b, \\x07 and \\u202e; --json keeps the exact subject', async () => {
    const text = await runCertdesk(['inspect', t.path('hostile.pem')]);
    expect(hasControl(text.stdout.replace(/\n/g, ''))).toBe(false);
    expect(text.stdout).toContain('CN=evil\\x1b[31mred\\x07bell\\u202etxt.exe');
    const json = await runCertdesk(['inspect', t.path('hostile.pem'), '--json']);
    expect(json.stdout).toContain(JSON.stringify(`CN=${HOSTILE_CN}, O=Acme`));
  });

  it('inspect and keystore list of a .pfx: the friendly name is escaped in text, exact in JSON', async () => {
    const env = { SP: 'storepass1' };
    const text = await runCertdesk(['inspect', t.path('hostile.p12'), '--password-env', 'SP'], { env });
    expect(hasControl(text.stdout.replace(/\n/g, ''))).toBe(false);
    expect(text.stdout).toContain('alias\\x1b]0;owned\\x07\\x0dX');
    const list = await runCertdesk(['keystore', 'list', t.path('hostile.p12'), '--storepass-env', 'SP', '--wide'], { env });
    expect(list.stdout).toContain('alias\\x1b]0;owned\\x07\\x0dX');
    expect(hasControl(list.stdout.replace(/\n/g, ''))).toBe(false);
    const json = await runCertdesk(['keystore', 'list', t.path('hostile.p12'), '--storepass-env', 'SP', '--json'], { env });
    expect(json.stdout).toContain(JSON.stringify(HOSTILE_ALIAS));
  });
});
