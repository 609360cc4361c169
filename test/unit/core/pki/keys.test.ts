import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPrivateKeyPem, generateKey, keyMatchesCertificate, parsePrivateKey } from '../../../../electron/core/pki/keys.js';
import { derOf, makePki, openssl, type Pki, pkcs8Of, type TempDir, tempDir } from './helpers.js';

const KEYPASS = 'key pass 123';
const env = { KEYPASS };
let t: TempDir;
let pki: Pki;
let rsaPkcs8: Buffer;
let ecPkcs8: Buffer;

/** Each variant: file name, whether it is encrypted, and which key it is. */
const VARIANTS: { file: string; encrypted: boolean; key: 'rsa' | 'ec' }[] = [];

beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
  rsaPkcs8 = pkcs8Of(t.dir, pki.leafRsaKey);
  ecPkcs8 = pkcs8Of(t.dir, pki.leafEcKey);
  const o = (args: string[]) => openssl(t.dir, args, { env });
  const make = (file: string, encrypted: boolean, key: 'rsa' | 'ec', args: string[]) => {
    o([...args, '-out', file]);
    VARIANTS.push({ file, encrypted, key });
  };
  const rsa = ['-in', pki.leafRsaKey];
  const ec = ['-in', pki.leafEcKey];
  make('rsa-pkcs8.pem', false, 'rsa', ['pkey', ...rsa]);
  make('rsa-trad.pem', false, 'rsa', ['rsa', ...rsa, '-traditional']);
  make('ec-trad.pem', false, 'ec', ['ec', ...ec]);
  make('rsa-pkcs8-aes.pem', true, 'rsa', ['pkcs8', '-topk8', ...rsa, '-v2', 'aes-256-cbc', '-passout', 'env:KEYPASS']);
  make('ec-pkcs8-aes.pem', true, 'ec', ['pkcs8', '-topk8', ...ec, '-v2', 'aes-128-cbc', '-v2prf', 'hmacWithSHA1', '-passout', 'env:KEYPASS']);
  make('rsa-pkcs8-3des-v1.pem', true, 'rsa', ['pkcs8', '-topk8', ...rsa, '-v1', 'PBE-SHA1-3DES', '-passout', 'env:KEYPASS']);
  make('rsa-dekinfo-aes.pem', true, 'rsa', ['rsa', ...rsa, '-traditional', '-aes256', '-passout', 'env:KEYPASS']);
  make('rsa-dekinfo-3des.pem', true, 'rsa', ['rsa', ...rsa, '-traditional', '-des3', '-passout', 'env:KEYPASS']);
  make('ec-dekinfo-aes.pem', true, 'ec', ['ec', ...ec, '-aes128', '-passout', 'env:KEYPASS']);
  make('rsa-pkcs8.der', false, 'rsa', ['pkcs8', '-topk8', '-nocrypt', ...rsa, '-outform', 'DER']);
  make('rsa-pkcs1.der', false, 'rsa', ['rsa', ...rsa, '-traditional', '-outform', 'DER']);
  make('ec-sec1.der', false, 'ec', ['ec', ...ec, '-outform', 'DER']);
  make('ec-pkcs8-aes.der', true, 'ec', ['pkcs8', '-topk8', ...ec, '-v2', 'aes-256-cbc', '-passout', 'env:KEYPASS', '-outform', 'DER']);
});

afterAll(() => t.cleanup());

describe('parsePrivateKey', () => {
  it('reads every form OpenSSL writes into the same PKCS#8 key', () => {
    expect(VARIANTS.length).toBe(13);
    for (const v of VARIANTS) {
      const parsed = parsePrivateKey(t.read(v.file), v.encrypted ? KEYPASS : undefined);
      expect(parsed.pkcs8Der.equals(v.key === 'rsa' ? rsaPkcs8 : ecPkcs8), v.file).toBe(true);
      expect(parsed.encrypted, v.file).toBe(v.encrypted);
      expect(parsed.facts, v.file).toEqual(v.key === 'rsa' ? { keyType: 'RSA', keySize: 2048 } : { keyType: 'EC', curve: 'P-256', keySize: 256 });
    }
  });

  it('asks for a missing password and rejects a wrong one', () => {
    for (const v of VARIANTS.filter((x) => x.encrypted)) {
      expect(() => parsePrivateKey(t.read(v.file)), v.file).toThrow(expect.objectContaining({ code: 'PASSWORD_REQUIRED' }));
      expect(() => parsePrivateKey(t.read(v.file), 'wrong'), v.file).toThrow(expect.objectContaining({ code: 'BAD_PASSWORD' }));
    }
  });

  it('names what is wrong with files that hold no key', () => {
    expect(() => parsePrivateKey(t.read(pki.leafRsa))).toThrow(expect.objectContaining({ code: 'NO_PRIVATE_KEY' }));
    expect(() => parsePrivateKey(Buffer.from('hello world'))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
    expect(() => parsePrivateKey(derOf(t.dir, pki.leafRsa))).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_FORMAT' }));
  });
});

describe('exportPrivateKeyPem', () => {
  it('writes plain PKCS#8 and PBES2/AES-256 encrypted PKCS#8 that OpenSSL reads', () => {
    t.write('out-plain.pem', exportPrivateKeyPem(ecPkcs8));
    const plain = openssl(t.dir, ['pkcs8', '-topk8', '-nocrypt', '-in', 'out-plain.pem', '-outform', 'DER']).stdoutBytes;
    expect(plain.equals(ecPkcs8)).toBe(true);

    const pem = exportPrivateKeyPem(rsaPkcs8, { password: KEYPASS });
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/);
    t.write('out-enc.pem', pem);
    const asn1 = openssl(t.dir, ['asn1parse', '-in', 'out-enc.pem']).stdout;
    expect(asn1).toMatch(/PBES2/);
    expect(asn1).toMatch(/hmacWithSHA256/);
    expect(asn1).toMatch(/aes-256-cbc/);
    const dec = openssl(t.dir, ['pkcs8', '-topk8', '-nocrypt', '-in', 'out-enc.pem', '-passin', 'env:KEYPASS', '-outform', 'DER'], { env }).stdoutBytes;
    expect(dec.equals(rsaPkcs8)).toBe(true);
    expect(openssl(t.dir, ['pkey', '-in', 'out-enc.pem', '-passin', 'pass:wrong', '-noout'], { allowFail: true }).status).not.toBe(0);
    expect(parsePrivateKey(pem, KEYPASS).pkcs8Der.equals(rsaPkcs8)).toBe(true);
  });
});

describe('keyMatchesCertificate', () => {
  it('compares public keys', () => {
    expect(keyMatchesCertificate(rsaPkcs8, derOf(t.dir, pki.leafRsa))).toBe(true);
    expect(keyMatchesCertificate(ecPkcs8, derOf(t.dir, pki.leafEc))).toBe(true);
    expect(keyMatchesCertificate(ecPkcs8, derOf(t.dir, pki.leafRsa))).toBe(false);
    expect(keyMatchesCertificate(ecPkcs8, derOf(t.dir, pki.root))).toBe(false);
  });
});

describe('generateKey', () => {
  it('generates RSA and EC keys OpenSSL accepts, without blocking the event loop', async () => {
    for (const spec of ['ec:p256', 'ec:p384', 'rsa:2048'] as const) {
      let ticked = false;
      const pending = generateKey(spec);
      setTimeout(() => {
        ticked = true;
      }, 0);
      const key = await pending;
      // The timer could only fire first if the generation ran off the main thread.
      if (spec === 'rsa:2048') expect(ticked).toBe(true);
      t.write(`gen-${spec.replace(':', '-')}.der`, key.pkcs8Der);
      const text = openssl(t.dir, ['pkey', '-inform', 'DER', '-in', `gen-${spec.replace(':', '-')}.der`, '-noout', '-text']).stdout;
      expect(text).toMatch(spec === 'rsa:2048' ? /Private-Key: \(2048 bit/ : spec === 'ec:p256' ? /P-256/ : /P-384/);
      expect(key.facts.keyType).toBe(spec.startsWith('rsa') ? 'RSA' : 'EC');
    }
  });

  it('can be cancelled', async () => {
    const done = new AbortController();
    done.abort();
    await expect(generateKey('ec:p256', { signal: done.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    const mid = new AbortController();
    const pending = generateKey('rsa:2048', { signal: mid.signal });
    mid.abort();
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});
