import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectBytes } from '../../../../electron/core/pki/inspect.js';
import { keytool, makePki, openssl, type Pki, run, type TempDir, tempDir } from './helpers.js';

let t: TempDir;
let pki: Pki;

function failure(bytes: Buffer): { code: string; message: string; hint?: string } {
  try {
    inspectBytes(bytes);
  } catch (err) {
    return err as { code: string; message: string; hint?: string };
  }
  throw new Error('inspect did not fail');
}

beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
  // A CRL signed by the test root, made by `openssl ca -gencrl` with a minimal CA database.
  t.write('index.txt', '');
  t.write('crlnumber', '01\n');
  writeFileSync(join(t.dir, 'ca.cnf'), `[ca]\ndefault_ca = d\n[d]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha256\ndefault_crl_days = 30\n`);
  openssl(t.dir, ['ca', '-config', 'ca.cnf', '-gencrl', '-keyfile', pki.rootKey, '-cert', pki.root, '-out', 'crl.pem']);
  openssl(t.dir, ['crl', '-in', 'crl.pem', '-outform', 'DER', '-out', 'crl.der']);
  // PKCS#7 bundles without certificates: only a CRL inside.
  openssl(t.dir, ['crl2pkcs7', '-in', 'crl.pem', '-out', 'crl-only.p7b']);
  openssl(t.dir, ['crl2pkcs7', '-in', 'crl.pem', '-outform', 'DER', '-out', 'crl-only.p7b.der']);
}, 60_000);

afterAll(() => t.cleanup());

describe('inspect names the files that are not certificates', () => {
  it('a CRL, PEM and DER, is named as a CRL (DER used to be "a damaged certificate request")', () => {
    for (const f of ['crl.pem', 'crl.der']) {
      const e = failure(t.read(f));
      expect(e.code).toBe('UNSUPPORTED_FORMAT');
      expect(e.message).toMatch(/certificate revocation list/);
      expect(e.hint).toMatch(/openssl crl/);
    }
  });

  it('an empty PKCS#7 fails with the same code as PEM and as DER', () => {
    const pem = failure(t.read('crl-only.p7b'));
    const der = failure(t.read('crl-only.p7b.der'));
    expect(pem.code).toBe(der.code);
    expect(der.message).toMatch(/PKCS#7 bundle without certificates/);
  });

  it('a PGP key is named as PGP (it used to be "invalid base64")', () => {
    const armor = [
      '-----BEGIN PGP PUBLIC KEY BLOCK-----', '', 'mDMEZQAAABYJKwYBBAHaRw8BAQdA7nKQz0l8l3m1wq4b2x1p3L1Zt9c1m8B0yqz8', '=Ab1c', '-----END PGP PUBLIC KEY BLOCK-----', '',
    ].join('\n');
    const e = failure(Buffer.from(armor));
    expect(e.code).toBe('UNSUPPORTED_FORMAT');
    expect(e.message).toMatch(/OpenPGP/);
    expect(e.hint).toMatch(/gpg/);
  });

  it('a binary OpenPGP key (gpg --export) is named as PGP too', () => {
    // An Ed25519 public-key packet as gpg writes it: old format, tag 6, version 4.
    let key: Buffer = Buffer.from('98330465000000160' + '92b06010401da470f01010740' + '00'.repeat(32), 'hex');
    if (existsSync('/usr/bin/gpg')) {
      const home = t.path('gnupg');
      run('mkdir', ['-m', '700', '-p', home]);
      run('gpg', ['--homedir', home, '--batch', '--passphrase', '', '--quick-gen-key', 'Test <test@example.com>', 'ed25519', 'sign', '1d']);
      key = run('gpg', ['--homedir', home, '--export', 'test@example.com']).stdoutBytes;
    }
    const e = failure(key);
    expect(e.code).toBe('UNSUPPORTED_FORMAT');
    expect(e.message).toMatch(/OpenPGP/);
  }, 60_000);

  it('SSH public and private keys are named as SSH keys', () => {
    let pub = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHc0qUQ3v9Y8dbT0Zq5b7ZNq2rj3zKZ1g8u9l0w7Vw2n user@host\n';
    let priv = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n';
    if (existsSync('/usr/bin/ssh-keygen')) {
      run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test', '-f', t.path('id_ed25519')]);
      pub = t.read('id_ed25519.pub').toString();
      priv = t.read('id_ed25519').toString();
    }
    expect(failure(Buffer.from(pub)).message).toMatch(/SSH public key/);
    expect(failure(Buffer.from(`ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 me@example`)).message).toMatch(/SSH public key/);
    const e = failure(Buffer.from(priv));
    expect(e.code).toBe('UNSUPPORTED_FORMAT');
    expect(e.message).toMatch(/OpenSSH private key/);
    expect(e.hint).toMatch(/ssh-keygen/);
  });

  it('a PuTTY key is named, with how to convert it', () => {
    const ppk = 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: test\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIHc0\n';
    const e = failure(Buffer.from(ppk));
    expect(e.message).toMatch(/PuTTY/);
    expect(e.hint).toMatch(/puttygen/);
  });

  it('Java keystores (JKS, JCEKS, a PKCS#12 holding only secret keys) point to Keystores', () => {
    const env = { SP: 'storepass1' };
    keytool(t.dir, ['-genkeypair', '-alias', 'k', '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', 'CN=k', '-storetype', 'JKS', '-keystore', 'a.jks', '-storepass:env', 'SP', '-keypass:env', 'SP'], { env });
    keytool(t.dir, ['-genseckey', '-alias', 's', '-keyalg', 'AES', '-keysize', '128', '-storetype', 'JCEKS', '-keystore', 'a.jceks', '-storepass:env', 'SP', '-keypass:env', 'SP'], { env });
    keytool(t.dir, ['-genseckey', '-alias', 's', '-keyalg', 'AES', '-keysize', '128', '-storetype', 'PKCS12', '-keystore', 'secret.p12', '-storepass:env', 'SP'], { env });
    for (const f of ['a.jks', 'a.jceks']) {
      const e = failure(t.read(f));
      expect(e.code).toBe('UNSUPPORTED_FORMAT');
      expect(e.message).toMatch(/Java keystore/);
      expect(e.hint).toMatch(/Keystores.*certdesk keystore list/);
    }
    let e: { code: string; message: string; hint?: string } | undefined;
    try {
      inspectBytes(t.read('secret.p12'), { password: 'storepass1' });
    } catch (err) {
      e = err as typeof e;
    }
    expect(e?.message).toMatch(/Java keystore/);
  }, 60_000);

  it('plain text is named as text without a PEM block', () => {
    const e = failure(Buffer.from('Hello,\nplease find the certificate attached.\n'));
    expect(e.code).toBe('UNSUPPORTED_FORMAT');
    expect(e.message).toMatch(/plain text/);
  });
});

describe('PEM files as Windows editors save them', () => {
  const bom = (enc: 'utf8' | 'utf16le' | 'utf16be', text: string): Buffer => {
    if (enc === 'utf8') return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    return enc === 'utf16le' ? le : le.swap16();
  };

  it.each(['utf8', 'utf16le', 'utf16be'] as const)('reads a %s PEM with a byte-order mark like any other', (enc) => {
    const text = Buffer.concat([t.read(pki.leafRsa), t.read(pki.inter), t.read(pki.leafRsaKey)]).toString().replace(/\n/g, '\r\n');
    const plain = inspectBytes(Buffer.from(text));
    const saved = inspectBytes(bom(enc, text));
    expect(saved.items.map((i) => i.kind)).toEqual(['certificate', 'certificate', 'privateKey']);
    expect(saved).toEqual(plain);
  });
});
