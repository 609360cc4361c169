import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectBytes } from '../../../../electron/core/pki/inspect.js';
import { parseDer, childrenOf } from '../../../../electron/core/pki/der.js';
import { toPem } from '../../../../electron/core/pki/pem.js';
import { makePki, openssl, type Pki, type TempDir, tempDir } from './helpers.js';

const PASS = 'facts pass 1';
const env = { PASS };
let t: TempDir;
let pki: Pki;

/** A DER TLV with a definite length (enough to re-encode a modified structure in a test). */
function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('did not fail');
}

beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
}, 60_000);

afterAll(() => t.cleanup());

describe('facts that used to be wrong', () => {
  it('a PKCS#12 key stored without encryption is reported as not encrypted', () => {
    const o = (args: string[]) => openssl(t.dir, args, { env });
    o(['pkcs12', '-export', '-in', pki.leafEc, '-inkey', pki.leafEcKey, '-keypbe', 'NONE', '-certpbe', 'NONE', '-passout', 'env:PASS', '-out', 'plain.p12']);
    o(['pkcs12', '-export', '-in', pki.leafEc, '-inkey', pki.leafEcKey, '-passout', 'env:PASS', '-out', 'enc.p12']);
    // openssl agrees: the key bag is a plain keyBag, not a shrouded one.
    expect(o(['pkcs12', '-in', 'plain.p12', '-passin', 'env:PASS', '-info', '-noout']).stderr).toMatch(/Key bag/);
    const key = (f: string) => inspectBytes(t.read(f), { password: PASS }).items.find((i) => i.kind === 'privateKey');
    expect(key('plain.p12')).toMatchObject({ encrypted: false, locked: false });
    expect(key('enc.p12')).toMatchObject({ encrypted: true, locked: false });
  });

  it('a damaged ENCRYPTED PRIVATE KEY is reported as damaged, not as locked', () => {
    openssl(t.dir, ['pkcs8', '-topk8', '-in', pki.leafEcKey, '-v2', 'aes-256-cbc', '-passout', 'env:PASS', '-outform', 'DER', '-out', 'enc.der'], { env });
    const good = toPem(t.read('enc.der'), 'ENCRYPTED PRIVATE KEY');
    expect(inspectBytes(Buffer.from(good)).items[0]).toMatchObject({ kind: 'privateKey', locked: true });
    const [algId, enc] = childrenOf(parseDer(t.read('enc.der')));
    if (!algId || !enc) throw new Error('unexpected structure');
    const cut = tlv(0x30, Buffer.concat([algId.raw, tlv(0x04, enc.content.subarray(0, enc.content.length - 5))]));
    const notAKey = openssl(t.dir, ['x509', '-in', pki.root, '-outform', 'DER']).stdoutBytes;
    for (const der of [cut, notAKey]) {
      const e = errorOf(() => inspectBytes(Buffer.from(toPem(der, 'ENCRYPTED PRIVATE KEY'))));
      expect(e.code).toBe('CORRUPT_FILE');
      expect(e.message).toMatch(/encrypted private key is damaged/);
    }
  });

  it('a request whose signature does not verify says so (openssl agrees)', () => {
    openssl(t.dir, ['req', '-new', '-key', pki.leafEcKey, '-subj', '/CN=leaf.example.com', '-outform', 'DER', '-out', 'req.der']);
    const der = t.read('req.der');
    const altered = Buffer.from(der);
    altered[der.indexOf(Buffer.from('leaf'))] = 0x4c; // "Leaf": the signed content changed
    t.write('altered.der', altered);
    const check = openssl(t.dir, ['req', '-in', 'altered.der', '-inform', 'DER', '-verify', '-noout'], { allowFail: true });
    expect(`${check.stdout}${check.stderr}`).not.toMatch(/verify OK/);
    for (const bytes of [altered, Buffer.from(toPem(altered, 'CERTIFICATE REQUEST'))]) {
      const item = inspectBytes(bytes).items[0];
      expect(item?.kind === 'csr' && item.facts.signatureValid).toBe(false);
    }
    const fine = inspectBytes(der).items[0];
    expect(fine?.kind === 'csr' && fine.facts.signatureValid).toBe(true);
  });

  it('a critical extension Certdesk does not understand is named by its OID', () => {
    openssl(t.dir, ['req', '-x509', '-key', pki.leafEcKey, '-subj', '/CN=odd.example.com', '-days', '30', '-out', 'odd.pem',
      '-addext', 'subjectAltName=DNS:odd.example.com', '-addext', '1.3.6.1.4.1.99999.1=critical,ASN1:UTF8String:must understand',
      '-addext', '1.3.6.1.4.1.99999.2=ASN1:UTF8String:may ignore']);
    const verified = openssl(t.dir, ['verify', '-CAfile', 'odd.pem', 'odd.pem'], { allowFail: true });
    expect(`${verified.stdout}${verified.stderr}`).toMatch(/unhandled critical extension/);
    const item = inspectBytes(t.read('odd.pem')).items[0];
    expect(item?.kind === 'certificate' && item.facts.unknownCriticalExtensions).toEqual(['1.3.6.1.4.1.99999.1']);
    const leaf = inspectBytes(t.read(pki.leafRsa)).items[0];
    expect(leaf?.kind === 'certificate' && leaf.facts.unknownCriticalExtensions).toBeUndefined();
  });

  const curves: [string, number][] = [
    ['prime256v1', 256], ['secp384r1', 384], ['secp521r1', 521], ['secp256k1', 256], ['secp224r1', 224],
    ['brainpoolP256r1', 256], ['brainpoolP384r1', 384], ['brainpoolP512r1', 512], ['brainpoolP320t1', 320], ['prime239v1', 239],
  ];
  it.each(curves)('a certificate on %s reports its key size (%i bits), as openssl does', (curve, bits) => {
    const made = openssl(t.dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', `ec_paramgen_curve:${curve}`, '-nodes', '-keyout', `${curve}.key`,
      '-subj', `/CN=${curve}`, '-days', '30', '-out', `${curve}.pem`], { allowFail: true });
    if (made.status !== 0) return; // this openssl build cannot sign with the curve
    const text = openssl(t.dir, ['x509', '-in', `${curve}.pem`, '-noout', '-text']).stdout;
    expect(text).toContain(`Public-Key: (${bits} bit)`);
    const item = inspectBytes(t.read(`${curve}.pem`)).items[0];
    expect(item?.kind === 'certificate' && item.facts.keySize).toBe(bits);
  });
});
