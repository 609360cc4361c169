import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyMatchesCertificate } from '../../../../electron/core/pki/keys.js';
import { childrenOf, readNode } from '../../../../electron/core/pki/der.js';
import { readPkcs12, writePkcs12 } from '../../../../electron/core/pki/pkcs12.js';
import { derOf, fp256, keytool, keytoolList, makePki, openssl, type Pki, pkcs8Of, type TempDir, tempDir } from './helpers.js';

// Java's PBES2 refuses non-ASCII passwords, so the shared one is ASCII; a separate test covers Unicode.
const PASS = 'S3cret pass!';
const UNICODE_PASS = 'pässwörd-日本';
const env = { P12PASS: PASS };
let t: TempDir;
let pki: Pki;
const der: Record<string, Buffer> = {};

function colonSha256(buf: Buffer): string {
  return (createHash('sha256').update(buf).digest('hex').toUpperCase().match(/../g) ?? []).join(':');
}

function expectCode(fn: () => unknown, code: string): void {
  expect(fn).toThrow(expect.objectContaining({ code }));
}

beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
  for (const f of [pki.root, pki.inter, pki.leafRsa, pki.leafEc]) der[f] = derOf(t.dir, f);
  t.write('chain.pem', Buffer.concat([t.read(pki.inter), t.read(pki.root)]));
  // What OpenSSL 3 writes by default, and with -legacy (RC2-40 certificate bags, 3DES key).
  openssl(t.dir, ['pkcs12', '-export', '-in', pki.leafRsa, '-inkey', pki.leafRsaKey, '-certfile', 'chain.pem', '-name', 'web',
    '-passout', 'env:P12PASS', '-out', 'openssl-modern.p12'], { env });
  openssl(t.dir, ['pkcs12', '-export', '-legacy', '-in', pki.leafEc, '-inkey', pki.leafEcKey, '-certfile', 'chain.pem', '-name', 'ec-web',
    '-passout', 'env:P12PASS', '-out', 'openssl-legacy.p12'], { env });
  openssl(t.dir, ['pkcs12', '-export', '-in', pki.leafRsa, '-inkey', pki.leafRsaKey, '-passout', 'pass:', '-out', 'openssl-empty.p12']);
  // What Java 17 keytool writes: an EC key entry plus a trusted root; and the same in legacy mode.
  const ktEnv = { KSPASS: PASS };
  keytool(t.dir, ['-genkeypair', '-alias', 'agent', '-keyalg', 'EC', '-groupname', 'secp256r1', '-dname', 'CN=agent.example.com',
    '-ext', 'san=dns:agent.example.com', '-validity', '30', '-storetype', 'pkcs12', '-keystore', 'keytool.p12', '-storepass:env', 'KSPASS'], { env: ktEnv });
  keytool(t.dir, ['-importcert', '-noprompt', '-alias', 'testroot', '-file', pki.root, '-storetype', 'pkcs12', '-keystore', 'keytool.p12',
    '-storepass:env', 'KSPASS'], { env: ktEnv });
  keytool(t.dir, ['-J-Dkeystore.pkcs12.legacy', '-importkeystore', '-srckeystore', 'keytool.p12', '-srcstoretype', 'pkcs12', '-srcstorepass:env', 'KSPASS',
    '-destkeystore', 'keytool-legacy.p12', '-deststoretype', 'pkcs12', '-deststorepass:env', 'KSPASS'], { env: ktEnv });
});

afterAll(() => t.cleanup());

/**
 * Re-encodes a DER PFX the way Windows and NSS write BER: indefinite lengths on the outer structures
 * and the authenticated safe split into OCTET STRING chunks. The MAC covers the content octets, so
 * the result is still a valid file.
 */
function toBer(der: Buffer): Buffer {
  const [version, authSafeInfo, macData] = childrenOf(readNode(der).node);
  const [type, wrapper] = childrenOf(authSafeInfo ?? readNode(der).node);
  const content = childrenOf(wrapper ?? readNode(der).node)[0]?.content ?? Buffer.alloc(0);
  const chunk = (b: Buffer) => {
    const len = b.length < 128 ? Buffer.from([b.length]) : b.length < 256 ? Buffer.from([0x81, b.length]) : Buffer.from([0x82, b.length >> 8, b.length & 0xff]);
    return Buffer.concat([Buffer.from([0x04]), len, b]);
  };
  const chunks: Buffer[] = [];
  for (let i = 0; i < content.length; i += 1000) chunks.push(chunk(content.subarray(i, i + 1000)));
  const eoc = Buffer.alloc(2);
  return Buffer.concat([
    Buffer.from([0x30, 0x80]), version?.raw ?? eoc,
    Buffer.from([0x30, 0x80]), type?.raw ?? eoc, Buffer.from([0xa0, 0x80, 0x24, 0x80]), ...chunks, eoc, eoc, eoc,
    macData?.raw ?? eoc, eoc,
  ]);
}

describe('readPkcs12', () => {
  it('reads an OpenSSL 3 default (AES) file: alias, key, chain leaf → root', () => {
    const p12 = readPkcs12(t.read('openssl-modern.p12'), PASS);
    expect(p12.profile).toBe('modern');
    expect(p12.keys).toHaveLength(1);
    const [entry] = p12.keys;
    expect(entry?.alias).toBe('web');
    expect(entry?.keyPkcs8Der.equals(pkcs8Of(t.dir, pki.leafRsaKey))).toBe(true);
    expect(entry?.chainDer.map(colonSha256)).toEqual([pki.leafRsa, pki.inter, pki.root].map((f) => fp256(t.dir, f)));
    expect(p12.certs).toEqual([]);
  });

  it('reads an OpenSSL -legacy file (RC2-40 certificates, 3DES EC key)', () => {
    const info = openssl(t.dir, ['pkcs12', '-legacy', '-in', 'openssl-legacy.p12', '-info', '-noout', '-passin', 'env:P12PASS'], { env }).stderr;
    expect(info).toMatch(/pbeWithSHA1And40BitRC2-CBC/);
    const p12 = readPkcs12(t.read('openssl-legacy.p12'), PASS);
    expect(p12.profile).toBe('legacy');
    const [entry] = p12.keys;
    expect(entry?.alias).toBe('ec-web');
    expect(keyMatchesCertificate(entry?.keyPkcs8Der ?? Buffer.alloc(0), der[pki.leafEc] ?? Buffer.alloc(0))).toBe(true);
    expect(entry?.chainDer).toHaveLength(3);
  });

  it('reads BER with indefinite lengths and chunked content (as Windows writes)', () => {
    const ber = toBer(t.read('openssl-modern.p12'));
    t.write('ber.p12', ber);
    // OpenSSL agrees it is a valid file.
    openssl(t.dir, ['pkcs12', '-in', 'ber.p12', '-info', '-noout', '-passin', 'env:P12PASS'], { env });
    const p12 = readPkcs12(ber, PASS);
    expect(p12.keys[0]?.alias).toBe('web');
    expect(p12.keys[0]?.chainDer).toHaveLength(3);
    expect(() => readPkcs12(ber, 'wrong')).toThrow(expect.objectContaining({ code: 'BAD_PASSWORD' }));
  });

  it('reads a file with an empty password', () => {
    const p12 = readPkcs12(t.read('openssl-empty.p12'), '');
    expect(p12.keys[0]?.alias).toBe('1');
    expect(p12.keys[0]?.chainDer[0]?.equals(der[pki.leafRsa] ?? Buffer.alloc(0))).toBe(true);
  });

  it('reads Java keytool files, modern and legacy: key entry and trusted certificate', () => {
    for (const file of ['keytool.p12', 'keytool-legacy.p12']) {
      const p12 = readPkcs12(t.read(file), PASS);
      expect(p12.profile).toBe(file === 'keytool.p12' ? 'modern' : 'legacy');
      expect(p12.keys.map((k) => k.alias)).toEqual(['agent']);
      expect(p12.keys[0]?.chainDer).toHaveLength(1);
      expect(keyMatchesCertificate(p12.keys[0]?.keyPkcs8Der ?? Buffer.alloc(0), p12.keys[0]?.chainDer[0] ?? Buffer.alloc(0))).toBe(true);
      expect(p12.certs).toHaveLength(1);
      expect(p12.certs[0]).toMatchObject({ alias: 'testroot', trusted: true });
      expect(p12.certs[0]?.certDer.equals(der[pki.root] ?? Buffer.alloc(0))).toBe(true);
    }
  });

  it('rejects a wrong password with BAD_PASSWORD', () => {
    expectCode(() => readPkcs12(t.read('openssl-modern.p12'), 'wrong'), 'BAD_PASSWORD');
    expectCode(() => readPkcs12(t.read('keytool-legacy.p12'), 'wrong'), 'BAD_PASSWORD');
  });

  it('reports truncated files as CORRUPT_FILE and other files as UNSUPPORTED_FORMAT', () => {
    const full = t.read('openssl-modern.p12');
    expectCode(() => readPkcs12(full.subarray(0, Math.floor(full.length / 2)), PASS), 'CORRUPT_FILE');
    expectCode(() => readPkcs12(Buffer.concat([Buffer.from([0x00]), randomBytes(300)]), PASS), 'UNSUPPORTED_FORMAT');
    expectCode(() => readPkcs12(t.read(pki.leafRsa), PASS), 'UNSUPPORTED_FORMAT');
    expectCode(() => readPkcs12(der[pki.leafRsa] ?? Buffer.alloc(0), PASS), 'UNSUPPORTED_FORMAT');
  });
});

describe('writePkcs12', () => {
  function writeSample(profile: 'modern' | 'legacy'): Buffer {
    const rsa = { alias: 'web', keyPkcs8Der: pkcs8Of(t.dir, pki.leafRsaKey), chainDer: [pki.leafRsa, pki.inter, pki.root].map((f) => der[f] ?? Buffer.alloc(0)) };
    const ec = { alias: 'ec-web', keyPkcs8Der: pkcs8Of(t.dir, pki.leafEcKey), chainDer: [pki.leafEc, pki.inter].map((f) => der[f] ?? Buffer.alloc(0)) };
    return writePkcs12({ keys: [rsa, ec], certs: [{ alias: 'corp-root', certDer: der[pki.root] ?? Buffer.alloc(0), trusted: true }] }, PASS, { profile });
  }

  it('modern: OpenSSL reads it without -legacy and sees AES-256/SHA-256; keytool sees aliases, fingerprints, trustedCertEntry', () => {
    t.write('ours-modern.p12', writeSample('modern'));
    const info = openssl(t.dir, ['pkcs12', '-in', 'ours-modern.p12', '-info', '-noout', '-passin', 'env:P12PASS'], { env }).stderr;
    expect(info).toMatch(/MAC: sha256, Iteration 2048/);
    expect(info).toMatch(/PBES2, PBKDF2, AES-256-CBC, Iteration 2048, PRF hmacWithSHA256/);
    expect(info).not.toMatch(/RC2|3DES|TripleDES/i);
    // OpenSSL pulls both keys out intact (byte-identical PKCS#8).
    const keys = openssl(t.dir, ['pkcs12', '-in', 'ours-modern.p12', '-nocerts', '-nodes', '-passin', 'env:P12PASS'], { env }).stdout;
    expect(keys.match(/BEGIN PRIVATE KEY/g)).toHaveLength(2);
    for (const k of [pki.leafRsaKey, pki.leafEcKey]) expect(keys).toContain(openssl(t.dir, ['pkey', '-in', k]).stdout);
    const certs = openssl(t.dir, ['pkcs12', '-in', 'ours-modern.p12', '-nokeys', '-passin', 'env:P12PASS'], { env }).stdout;
    expect(certs).toMatch(/friendlyName: web/);
    expect(certs).toMatch(/friendlyName: corp-root/);

    const list = keytoolList(t.dir, 'ours-modern.p12', { KSPASS: PASS });
    const byAlias = Object.fromEntries(list.map((e) => [e.alias, e]));
    expect(byAlias.web?.type).toBe('PrivateKeyEntry');
    expect(byAlias.web?.chainLength).toBe(3);
    expect(byAlias.web?.sha256).toEqual([pki.leafRsa, pki.inter, pki.root].map((f) => fp256(t.dir, f)));
    expect(byAlias['ec-web']?.type).toBe('PrivateKeyEntry');
    expect(byAlias['ec-web']?.sha256[0]).toBe(fp256(t.dir, pki.leafEc));
    expect(byAlias['corp-root']?.type).toBe('trustedCertEntry');
    expect(byAlias['corp-root']?.sha256[0]).toBe(fp256(t.dir, pki.root));
  });

  it('legacy: 3DES and SHA-1 MAC, readable by openssl -legacy and keytool', () => {
    t.write('ours-legacy.p12', writeSample('legacy'));
    const info = openssl(t.dir, ['pkcs12', '-legacy', '-in', 'ours-legacy.p12', '-info', '-noout', '-passin', 'env:P12PASS'], { env }).stderr;
    expect(info).toMatch(/MAC: sha1, Iteration 2048/);
    expect(info).toMatch(/pbeWithSHA1And3-KeyTripleDES-CBC, Iteration 2048/);
    expect(info).not.toMatch(/PBES2|AES/);
    const list = keytoolList(t.dir, 'ours-legacy.p12', { KSPASS: PASS });
    expect(list.map((e) => [e.alias, e.type]).sort()).toEqual([['corp-root', 'trustedCertEntry'], ['ec-web', 'PrivateKeyEntry'], ['web', 'PrivateKeyEntry']]);
  });

  it('round-trips through its own reader, OpenSSL and keytool', () => {
    const back = readPkcs12(writeSample('modern'), PASS);
    expect(back.keys.map((k) => [k.alias, k.chainDer.length])).toEqual([['web', 3], ['ec-web', 3]]);
    expect(back.certs).toEqual([{ alias: 'corp-root', certDer: der[pki.root], trusted: true }]);
    // keytool re-saves our file; we read keytool's version back.
    keytool(t.dir, ['-importkeystore', '-srckeystore', 'ours-modern.p12', '-srcstoretype', 'pkcs12', '-srcstorepass:env', 'KSPASS',
      '-destkeystore', 'resaved.p12', '-deststoretype', 'pkcs12', '-deststorepass:env', 'KSPASS'], { env: { KSPASS: PASS } });
    const resaved = readPkcs12(t.read('resaved.p12'), PASS);
    expect(resaved.keys.map((k) => k.alias).sort()).toEqual(['ec-web', 'web']);
    expect(resaved.certs.find((c) => c.alias === 'corp-root')?.trusted).toBe(true);
    const legacyBack = readPkcs12(writeSample('legacy'), PASS);
    expect(legacyBack.profile).toBe('legacy');
  });

  it('writes an empty-password file OpenSSL opens', () => {
    const p12 = writePkcs12({ keys: [{ alias: 'x', keyPkcs8Der: pkcs8Of(t.dir, pki.leafEcKey), chainDer: [der[pki.leafEc] ?? Buffer.alloc(0)] }], certs: [] }, '', { profile: 'modern' });
    t.write('ours-empty.p12', p12);
    openssl(t.dir, ['pkcs12', '-in', 'ours-empty.p12', '-info', '-noout', '-passin', 'pass:']);
    expect(readPkcs12(p12, '').keys[0]?.alias).toBe('x');
  });

  it('uses the same password encoding as OpenSSL for non-ASCII passwords, both ways', () => {
    const uenv = { UPASS: UNICODE_PASS };
    for (const profile of ['modern', 'legacy'] as const) {
      const p12 = writePkcs12({ keys: [{ alias: 'u', keyPkcs8Der: pkcs8Of(t.dir, pki.leafEcKey), chainDer: [der[pki.leafEc] ?? Buffer.alloc(0)] }], certs: [] },
        UNICODE_PASS, { profile });
      t.write(`unicode-${profile}.p12`, p12);
      openssl(t.dir, ['pkcs12', '-legacy', '-in', `unicode-${profile}.p12`, '-info', '-noout', '-passin', 'env:UPASS'], { env: uenv });
    }
    for (const legacy of [[], ['-legacy']]) {
      openssl(t.dir, ['pkcs12', '-export', ...legacy, '-in', pki.leafEc, '-inkey', pki.leafEcKey, '-passout', 'env:UPASS', '-out', 'unicode-openssl.p12'], { env: uenv });
      expect(readPkcs12(t.read('unicode-openssl.p12'), UNICODE_PASS).keys).toHaveLength(1);
    }
  });

  it('refuses a key that does not belong to its certificate', () => {
    expectCode(() => writePkcs12({ keys: [{ alias: 'bad', keyPkcs8Der: pkcs8Of(t.dir, pki.leafEcKey), chainDer: [der[pki.leafRsa] ?? Buffer.alloc(0)] }], certs: [] },
      PASS, { profile: 'modern' }), 'KEY_CERT_MISMATCH');
  });
});
