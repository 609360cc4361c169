import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InspectReport } from '../../../../shared/contract/pki.js';
import { inspectBytes } from '../../../../electron/core/pki/inspect.js';
import { derOf, fp256, keytool, makePki, openssl, type Pki, type TempDir, tempDir } from './helpers.js';

const PASS = 'inspect pass 1';
const env = { PASS };
let t: TempDir;
let pki: Pki;
let fps: Record<string, string>;

function inspect(file: string | Buffer, password?: string) {
  const bytes = typeof file === 'string' ? t.read(file) : file;
  const report = inspectBytes(bytes, password === undefined ? {} : { password });
  expect(() => InspectReport.strict().parse(report)).not.toThrow();
  return report;
}

function certFps(report: ReturnType<typeof inspect>): string[] {
  return report.items.flatMap((i) => (i.kind === 'certificate' ? [i.facts.sha256] : []));
}

function expectCode(fn: () => unknown, code: string): void {
  expect(fn).toThrow(expect.objectContaining({ code }));
}

beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
  fps = Object.fromEntries([pki.root, pki.inter, pki.leafRsa, pki.leafEc].map((f) => [f, fp256(t.dir, f)]));
  const cat = (...files: string[]) => Buffer.concat(files.map((f) => t.read(f)));
  t.write('fullchain.pem', cat(pki.leafRsa, pki.inter, pki.root));
  t.write('shuffled.pem', cat(pki.root, pki.leafRsa, pki.inter));
  t.write('partial.pem', cat(pki.leafRsa, pki.inter));
  t.write('combined.pem', Buffer.concat([Buffer.from('Bag Attributes\n  friendlyName: x\n'), t.read(pki.leafEc), t.read(pki.leafEcKey)]));
  const o = (args: string[]) => openssl(t.dir, args, { env });
  o(['pkcs8', '-topk8', '-in', pki.leafRsaKey, '-v2', 'aes-256-cbc', '-passout', 'env:PASS', '-out', 'enc.key']);
  o(['rsa', '-in', pki.leafRsaKey, '-traditional', '-aes256', '-passout', 'env:PASS', '-out', 'dekinfo.key']);
  t.write('cert-and-enc-key.pem', cat(pki.leafRsa, 'enc.key'));
  t.write('cert-and-dekinfo.pem', cat(pki.leafRsa, 'dekinfo.key'));
  o(['x509', '-in', pki.root, '-addtrust', 'serverAuth', '-trustout', '-out', 'trusted.pem']);
  o(['crl2pkcs7', '-nocrl', '-certfile', 'fullchain.pem', '-out', 'chain.p7b']);
  o(['crl2pkcs7', '-nocrl', '-certfile', 'fullchain.pem', '-outform', 'DER', '-out', 'chain-der.p7b']);
  o(['x509', '-in', pki.leafEc, '-outform', 'DER', '-out', 'leaf.cer']);
  o(['req', '-in', 'leaf-ec.csr', '-outform', 'DER', '-out', 'leaf.csr.der']);
  t.write('new-req.pem', t.read('leaf-ec.csr').toString().replace(/CERTIFICATE REQUEST/g, 'NEW CERTIFICATE REQUEST'));
  o(['pkcs8', '-topk8', '-nocrypt', '-in', pki.leafEcKey, '-outform', 'DER', '-out', 'key.der']);
  o(['pkcs8', '-topk8', '-in', pki.leafEcKey, '-v2', 'aes-256-cbc', '-passout', 'env:PASS', '-outform', 'DER', '-out', 'key-enc.der']);
  o(['pkcs12', '-export', '-in', pki.leafRsa, '-inkey', pki.leafRsaKey, '-certfile', 'partial.pem', '-name', 'web', '-passout', 'env:PASS', '-out', 'web.p12']);
  o(['pkcs12', '-export', '-in', pki.leafEc, '-inkey', pki.leafEcKey, '-passout', 'pass:', '-out', 'nopass.p12']);
  keytool(t.dir, ['-importcert', '-noprompt', '-alias', 'root', '-file', pki.root, '-storetype', 'pkcs12', '-keystore', 'trust.p12', '-storepass:env', 'PASS'], { env });
  o(['ecparam', '-name', 'prime256v1', '-out', 'params.pem']);
  o(['pkey', '-in', pki.leafEcKey, '-pubout', '-out', 'pub.pem']);
});

afterAll(() => t.cleanup());

describe('inspectBytes: PEM', () => {
  it('orders a full chain leaf → root and calls it complete', () => {
    for (const file of ['fullchain.pem', 'shuffled.pem']) {
      const r = inspect(file);
      expect(r).toMatchObject({ format: 'pem', encoding: 'pem' });
      const ordered = r.chain?.order.map((i) => (r.items[i]?.kind === 'certificate' ? r.items[i].facts.sha256 : ''));
      expect(ordered).toEqual([pki.leafRsa, pki.inter, pki.root].map((f) => fps[f]));
      expect(r.chain).toMatchObject({ complete: true, unrelated: [] });
    }
    expect(inspect('shuffled.pem').chain?.order).toEqual([1, 2, 0]);
  });

  it('names the missing issuer of an incomplete chain', () => {
    expect(inspect('partial.pem').chain).toEqual({ order: [0, 1], complete: false, missingIssuer: 'CN=Test Root CA, O=Certdesk Test, C=US', unrelated: [] });
  });

  it('pairs a key with its certificate; lists an encrypted key without a password as locked', () => {
    expect(inspect('combined.pem').items[1]).toEqual({ kind: 'privateKey', encrypted: false, locked: false, key: { keyType: 'EC', curve: 'P-256', keySize: 256 }, matchesCertificate: 0 });
    for (const file of ['cert-and-enc-key.pem', 'cert-and-dekinfo.pem']) {
      expect(inspect(file).items[1]).toEqual({ kind: 'privateKey', encrypted: true, locked: true, key: null, matchesCertificate: null });
      expect(inspect(file, PASS).items[1]).toMatchObject({ encrypted: true, locked: false, key: { keyType: 'RSA', keySize: 2048 }, matchesCertificate: 0 });
      expectCode(() => inspectBytes(t.read(file), { password: 'wrong' }), 'BAD_PASSWORD');
    }
  });

  it('decides the file-level findings: a clean chain only an info, a key of another certificate is an error, a missing issuer names it', () => {
    expect(inspect('fullchain.pem').findings).toEqual([expect.objectContaining({ code: 'chain-complete', severity: 'info' })]);
    expect(inspect('partial.pem').findings).toEqual([
      expect.objectContaining({ code: 'chain-incomplete', severity: 'info', message: "The issuer 'CN=Test Root CA, O=Certdesk Test, C=US' is not in this file." }),
    ]);
    expect(inspect(pki.leafRsa).findings).toEqual([expect.objectContaining({ code: 'chain-not-included', severity: 'info', message: expect.stringContaining('CN=Test Intermediate CA') })]);
    const mismatch = inspect(Buffer.concat([t.read(pki.leafEc), t.read(pki.leafRsaKey)]));
    expect(mismatch.findings.filter((f) => f.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'key-mismatch', message: 'The private key [2] does not match any certificate in the file.', fix: expect.any(String) }),
    ]);
    expect(inspect('cert-and-enc-key.pem').findings.map((f) => f.code)).toContain('key-locked');
    const leaf = inspect(pki.leafEc);
    const at = new Date(new Date(leaf.items[0]?.kind === 'certificate' ? leaf.items[0].facts.notAfter : 0).getTime() + 86_400_000);
    const expired = inspectBytes(t.read(pki.leafEc), { now: at }).findings;
    expect(expired[0]).toMatchObject({ code: 'expired', severity: 'error', message: expect.stringMatching(/^Certificate \[1\] \(CN=[^)]+\): The certificate expired on /) });
  });

  it('reads TRUSTED CERTIFICATE, CERTIFICATE REQUEST and NEW CERTIFICATE REQUEST blocks', () => {
    expect(certFps(inspect('trusted.pem'))).toEqual([fps[pki.root]]);
    for (const file of ['leaf-ec.csr', 'new-req.pem']) {
      const [item] = inspect(file).items;
      expect(item).toMatchObject({ kind: 'csr', facts: { subject: 'CN=ec.example.com', signatureValid: true, key: { keyType: 'EC', curve: 'P-256' } } });
    }
  });

  it('rejects PEM without anything it shows, and truncated PEM', () => {
    expectCode(() => inspectBytes(Buffer.concat([t.read('params.pem'), t.read('pub.pem')])), 'UNSUPPORTED_FORMAT');
    const pem = t.read(pki.leafRsa).toString();
    expectCode(() => inspectBytes(Buffer.from(pem.slice(0, pem.length / 2))), 'CORRUPT_FILE');
  });
});

describe('inspectBytes: DER and PKCS#7', () => {
  it('reads .p7b in PEM and DER with exact fingerprints', () => {
    for (const [file, encoding] of [['chain.p7b', 'pem'], ['chain-der.p7b', 'der']] as const) {
      const r = inspect(file);
      expect(r).toMatchObject({ format: 'pkcs7', encoding });
      expect(certFps(r).sort()).toEqual([pki.leafRsa, pki.inter, pki.root].map((f) => fps[f]).sort());
      expect(r.chain?.complete).toBe(true);
    }
  });

  it('tells DER certificate, request and keys apart by content', () => {
    expect(certFps(inspect('leaf.cer'))).toEqual([fps[pki.leafEc]]);
    expect(inspect('leaf.cer').chain).toEqual({ order: [0], complete: false, missingIssuer: 'CN=Test Intermediate CA, O=Certdesk Test, C=US', unrelated: [] });
    expect(inspect('leaf.csr.der').items[0]?.kind).toBe('csr');
    expect(inspect('key.der').items[0]).toMatchObject({ kind: 'privateKey', encrypted: false, key: { keyType: 'EC' } });
    expect(inspect('key-enc.der').items[0]).toMatchObject({ kind: 'privateKey', locked: true });
    expect(inspect('key-enc.der', PASS).items[0]).toMatchObject({ kind: 'privateKey', locked: false, encrypted: true });
  });

  it('reports truncated DER as CORRUPT_FILE and noise as UNSUPPORTED_FORMAT', () => {
    const cer = t.read('leaf.cer');
    expectCode(() => inspectBytes(cer.subarray(0, cer.length - 20)), 'CORRUPT_FILE');
    expectCode(() => inspectBytes(Buffer.concat([Buffer.from([0x42]), randomBytes(512)])), 'UNSUPPORTED_FORMAT');
    expectCode(() => inspectBytes(Buffer.from('just some notes about certificates\n')), 'UNSUPPORTED_FORMAT');
    expectCode(() => inspectBytes(Buffer.alloc(0)), 'UNSUPPORTED_FORMAT');
  });
});

describe('inspectBytes: PKCS#12', () => {
  it('asks for the password only when needed', () => {
    expectCode(() => inspectBytes(t.read('web.p12')), 'PASSWORD_REQUIRED');
    expectCode(() => inspectBytes(t.read('web.p12'), { password: 'wrong' }), 'BAD_PASSWORD');
    const open = inspect('nopass.p12');
    expect(open.items.map((i) => i.kind)).toEqual(['privateKey', 'certificate']);
  });

  it('lists the key, its chain and the profile', () => {
    const r = inspect('web.p12', PASS);
    expect(r).toMatchObject({ format: 'pkcs12', encoding: 'der', pkcs12Profile: 'modern' });
    expect(r.items[0]).toMatchObject({ kind: 'privateKey', alias: 'web', matchesCertificate: 1, key: { keyType: 'RSA' } });
    expect(r.items[1]).toMatchObject({ kind: 'certificate', alias: 'web' });
    // The file was made with leaf + intermediate only (the leaf given twice, kept once).
    expect(r.chain).toEqual({ order: [1, 2], complete: false, missingIssuer: 'CN=Test Root CA, O=Certdesk Test, C=US', unrelated: [] });
    expect(certFps(r)).toEqual([pki.leafRsa, pki.inter].map((f) => fps[f]));
  });

  it('shows keytool trusted certificates as trusted', () => {
    const r = inspect('trust.p12', PASS);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({ kind: 'certificate', alias: 'root', trusted: true, facts: { sha256: fps[pki.root] } });
  });

  it('DER without a certificate in it is not mistaken for one', () => {
    expect(derOf(t.dir, pki.root).length).toBeGreaterThan(0);
    expect(inspect('key.der').items.some((i) => i.kind === 'certificate')).toBe(false);
  });
});

describe('inspectBytes: damaged certificates are reported, never thrown untyped', () => {
  it('a certificate whose public key is damaged is listed, and a key beside it simply matches nothing', () => {
    const der = derOf(t.dir, pki.leafEc);
    // The EC point of the leaf's key: BIT STRING (0x03 0x42 0x00) holding an uncompressed point (0x04 …).
    const at = der.indexOf(Buffer.from([0x03, 0x42, 0x00, 0x04]));
    expect(at).toBeGreaterThan(0);
    const damaged = Buffer.from(der);
    damaged[at + 10] = (damaged[at + 10] ?? 0) ^ 0xff; // the point is no longer on the curve
    const pem = `-----BEGIN CERTIFICATE-----\n${damaged.toString('base64')}\n-----END CERTIFICATE-----\n`;
    const report = inspect(Buffer.concat([Buffer.from(pem), t.read(pki.leafEcKey)]));
    const key = report.items.find((i) => i.kind === 'privateKey');
    expect(report.items.map((i) => i.kind)).toEqual(['certificate', 'privateKey']);
    expect(key?.kind === 'privateKey' && key.matchesCertificate).toBeNull();
  });

  it('a certificate whose issuer is not a name is CORRUPT_FILE', () => {
    const der = derOf(t.dir, pki.leafRsa);
    const issuer = der.indexOf(Buffer.from('Test Intermediate CA')) ;
    // Walk back to the issuer Name's SEQUENCE tag and make it a SET: not a distinguished name.
    const nameStart = der.lastIndexOf(0x30, der.lastIndexOf(Buffer.from([0x31]), issuer) - 1);
    const damaged = Buffer.from(der);
    damaged[nameStart] = 0x31;
    expectCode(() => inspectBytes(damaged), 'CORRUPT_FILE');
  });
});
