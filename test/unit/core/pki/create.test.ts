import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsrFacts } from '../../../../shared/contract/pki.js';
import { describeCertificate } from '../../../../electron/core/pki/cert-facts.js';
import { createCsr, createSelfSigned, inspectCsr, matchCaReply } from '../../../../electron/core/pki/create.js';
import { keyMatchesCertificate } from '../../../../electron/core/pki/keys.js';
import { derOf, keytool, makePki, normaliseSan, openssl, opensslCertInfo, type Pki, pkcs8Of, type TempDir, tempDir } from './helpers.js';

let t: TempDir;
let pki: Pki;

beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
});

afterAll(() => t.cleanup());

describe('createSelfSigned', () => {
  it('makes an RSA server certificate openssl and keytool accept, with the CN added to the SANs', async () => {
    const { certDer, keyPkcs8Der } = await createSelfSigned({
      cn: 'agent.example.com', sans: ['ip:10.0.0.5', 'ip:::1', 'dns:agent'], key: 'rsa:2048', days: 825, usages: ['serverAuth'],
    });
    t.write('ss-rsa.der', certDer);
    const text = openssl(t.dir, ['x509', '-inform', 'DER', '-in', 'ss-rsa.der', '-noout', '-text']).stdout;
    expect(text).toMatch(/Signature Algorithm: sha256WithRSAEncryption/);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment/);
    expect(text).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication\n/);
    const ref = opensslCertInfo(t.dir, 'ss-rsa.der', 'DER');
    expect(ref.san.map(normaliseSan)).toEqual(['dns:agent.example.com', 'ip:10.0.0.5', 'ip:::1', 'dns:agent']);
    expect((ref.notAfter.getTime() - Date.now()) / 86_400_000).toBeCloseTo(825, 1);
    // Serial: 16 random bytes, positive, minimal DER.
    expect(ref.serial).toMatch(/^[0-7][0-9A-F]{31}$/);
    expect(ref.serial).not.toMatch(/^00/);
    // Trusted as itself it verifies for TLS server use.
    t.write('ss-rsa.pem', openssl(t.dir, ['x509', '-inform', 'DER', '-in', 'ss-rsa.der']).stdout);
    expect(openssl(t.dir, ['verify', '-CAfile', 'ss-rsa.pem', '-purpose', 'sslserver', 'ss-rsa.pem']).stdout).toMatch(/OK/);
    expect(keyMatchesCertificate(keyPkcs8Der, certDer)).toBe(true);
    const kt = keytool(t.dir, ['-printcert', '-file', 'ss-rsa.der']).stdout;
    expect(kt).toMatch(/Owner: CN=agent\.example\.com/);
    expect(kt).toContain(ref.sha256);
    const facts = describeCertificate(certDer);
    expect(facts).toMatchObject({ subject: 'CN=agent.example.com', selfSigned: true, keyType: 'RSA', keySize: 2048, findings: [] });
    expect(facts.subjectKeyId).toBe(facts.authorityKeyId);
  });

  it('makes EC certificates (P-256, P-384) and puts an IP CN in the SAN as an address', async () => {
    for (const key of ['ec:p256', 'ec:p384'] as const) {
      const { certDer, keyPkcs8Der } = await createSelfSigned({ cn: '192.168.1.10', sans: [], key, days: 30, usages: ['serverAuth', 'clientAuth'] });
      t.write('ss-ec.der', certDer);
      const text = openssl(t.dir, ['x509', '-inform', 'DER', '-in', 'ss-ec.der', '-noout', '-text']).stdout;
      expect(text).toMatch(/Signature Algorithm: ecdsa-with-SHA256/);
      expect(text).toMatch(/Key Usage: critical\s+Digital Signature\n/);
      expect(text).toMatch(/TLS Web Server Authentication, TLS Web Client Authentication/);
      expect(text).toMatch(key === 'ec:p256' ? /NIST CURVE: P-256/ : /NIST CURVE: P-384/);
      expect(opensslCertInfo(t.dir, 'ss-ec.der', 'DER').san).toEqual(['ip:192.168.1.10']);
      expect(keyMatchesCertificate(keyPkcs8Der, certDer)).toBe(true);
    }
  });

  it('reuses an existing key, validates SANs, and can be cancelled', async () => {
    const existing = pkcs8Of(t.dir, pki.leafEcKey);
    const { keyPkcs8Der, certDer } = await createSelfSigned({ cn: 'reuse.example.com', sans: [], key: { pkcs8Der: existing }, days: 10, usages: [] });
    expect(keyPkcs8Der.equals(existing)).toBe(true);
    expect(describeCertificate(certDer).extKeyUsage).toEqual([]);
    await expect(createSelfSigned({ cn: 'x', sans: ['dns:bad name'], key: 'ec:p256', days: 1, usages: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await expect(createSelfSigned({ cn: 'x', sans: ['ip:999.1.1.1'], key: 'ec:p256', days: 1, usages: [] })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    const ac = new AbortController();
    ac.abort();
    await expect(createSelfSigned({ cn: 'x', sans: [], key: 'rsa:2048', days: 1, usages: [], signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

describe('createCsr / inspectCsr', () => {
  it('makes a request openssl verifies, with the subject and SANs it shows', async () => {
    for (const key of ['rsa:2048', 'ec:p256'] as const) {
      const { csrDer, keyPkcs8Der } = await createCsr({
        cn: 'agent.example.com', o: 'Acme, Inc.', ou: 'Integration', l: 'Springfield', st: 'Oregon', c: 'us', sans: ['dns:agent', 'ip:2001:db8::1'], key,
      });
      t.write('req.der', csrDer);
      const out = openssl(t.dir, ['req', '-inform', 'DER', '-in', 'req.der', '-verify', '-noout', '-subject', '-nameopt', 'RFC2253', '-text']);
      expect(out.stderr + out.stdout).toMatch(/verify OK/);
      const facts = inspectCsr(csrDer);
      expect(() => CsrFacts.strict().parse(facts)).not.toThrow();
      const subject = /subject=(.*)/.exec(out.stdout)?.[1]?.split(/(?<!\\),/).join(', ');
      expect(facts.subject).toBe(subject);
      expect(facts.subject).toBe('CN=agent.example.com, OU=Integration, O=Acme\\, Inc., L=Springfield, ST=Oregon, C=US');
      expect(facts.san).toEqual(['dns:agent.example.com', 'dns:agent', 'ip:2001:db8::1']);
      expect(out.stdout).toMatch(/DNS:agent\.example\.com, DNS:agent, IP Address:2001:DB8:0:0:0:0:0:1/);
      expect(facts.signatureValid).toBe(true);
      expect(facts.key.keyType).toBe(key === 'rsa:2048' ? 'RSA' : 'EC');
      expect(keyPkcs8Der.length).toBeGreaterThan(0);
    }
  });

  it('reads requests openssl made, and notices a tampered one', () => {
    const der = openssl(t.dir, ['req', '-in', 'leaf-rsa.csr', '-outform', 'DER']).stdoutBytes;
    const facts = inspectCsr(der);
    expect(facts).toMatchObject({ subject: 'CN=leaf.example.com, OU=Ops\\+Dev, O=Acme\\, Inc., C=US', signatureValid: true, signatureAlgorithm: 'sha256WithRSAEncryption' });
    const tampered = Buffer.from(der);
    const at = tampered.indexOf(Buffer.from('leaf.example.com'));
    tampered[at] = 'x'.charCodeAt(0);
    t.write('tampered.der', tampered);
    // OpenSSL 3.0 exits 0 here but says so on stderr.
    const check = openssl(t.dir, ['req', '-inform', 'DER', '-in', 'tampered.der', '-verify', '-noout'], { allowFail: true });
    expect(check.stderr + check.stdout).toMatch(/verify failure/);
    expect(inspectCsr(tampered)).toMatchObject({ subject: 'CN=xeaf.example.com, OU=Ops\\+Dev, O=Acme\\, Inc., C=US', signatureValid: false });
    expect(() => inspectCsr(der.subarray(0, 50))).toThrow(expect.objectContaining({ code: 'CORRUPT_FILE' }));
  });
});

describe('matchCaReply', () => {
  it('finds our certificate in a CA reply and orders its chain', async () => {
    const { csrDer, keyPkcs8Der } = await createCsr({ cn: 'signed.example.com', sans: [], key: 'ec:p256' });
    t.write('signed.csr', csrDer);
    openssl(t.dir, ['x509', '-req', '-inform', 'DER', '-in', 'signed.csr', '-CA', pki.inter, '-CAkey', pki.interKey, '-set_serial', '99', '-days', '30',
      '-copy_extensions', 'copy', '-out', 'signed.pem']);
    const [root, inter, leaf, other] = [pki.root, pki.inter, 'signed.pem', pki.leafEc].map((f) => derOf(t.dir, f)) as [Buffer, Buffer, Buffer, Buffer];
    const r = matchCaReply({ certsDer: [root, other, leaf, inter], keyPkcs8Der });
    expect(r.leafDer.equals(leaf)).toBe(true);
    expect(r.chainDer.map((d) => d.toString('hex'))).toEqual([inter, root].map((d) => d.toString('hex')));
    expect(r.complete).toBe(true);
    expect(r.unrelatedDer).toHaveLength(1);
    const partial = matchCaReply({ certsDer: [leaf, inter], keyPkcs8Der });
    expect(partial).toMatchObject({ complete: false, missingIssuer: 'CN=Test Root CA, O=Certdesk Test, C=US' });
    expect(() => matchCaReply({ certsDer: [root, inter, other], keyPkcs8Der })).toThrow(expect.objectContaining({ code: 'KEY_CERT_MISMATCH' }));
  });
});
