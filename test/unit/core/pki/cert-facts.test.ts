import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CertificateFacts } from '../../../../shared/contract/certificate.js';
import { describeCertificate } from '../../../../electron/core/pki/cert-facts.js';
import { derOf, makePki, normaliseSan, openssl, opensslCertInfo, type Pki, type TempDir, tempDir } from './helpers.js';

let t: TempDir;
let pki: Pki;

/** openssl's RFC 2253 line ("CN=a,O=b\, c") with keytool's ", " separator, as Certdesk prints it. */
function rfc2253(file: string, which: 'subject' | 'issuer'): string {
  const out = openssl(t.dir, ['x509', '-in', file, '-noout', `-${which}`, '-nameopt', 'RFC2253']).stdout.trim();
  return out.replace(/^(subject|issuer)=/, '').split(/(?<!\\),/).join(', ');
}

function opensslText(file: string): string {
  return openssl(t.dir, ['x509', '-in', file, '-noout', '-text']).stdout;
}

beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
  const o = (args: string[]) => openssl(t.dir, args);
  // SHA-1 signed leaf, and a 1024-bit RSA self-signed cert without SAN, for the warnings.
  o(['x509', '-req', '-in', 'leaf-ec.csr', '-CA', pki.inter, '-CAkey', pki.interKey, '-set_serial', '7', '-days', '90', '-sha1',
    '-extfile', pki.cnf, '-extensions', 'v3_leaf_ec', '-out', 'sha1.pem']);
  o(['req', '-x509', '-config', pki.cnf, '-extensions', 'v3_nosan', '-newkey', 'rsa:1024', '-nodes', '-keyout', 'weak.key',
    '-out', 'weak.pem', '-days', '10', '-subj', '/CN=weak.example.com']);
});

afterAll(() => t.cleanup());

describe('describeCertificate', () => {
  it('agrees with openssl on fingerprints, serial, dates and SANs (RSA, EC P-256, EC P-384)', () => {
    for (const file of [pki.root, pki.inter, pki.leafRsa, pki.leafEc]) {
      const facts = describeCertificate(derOf(t.dir, file));
      const ref = opensslCertInfo(t.dir, file);
      expect(facts.sha256).toBe(ref.sha256);
      expect(facts.sha1).toBe(ref.sha1);
      expect(facts.serial).toBe(ref.serial.toLowerCase().replace(/^0+(?=.)/, ''));
      expect(new Date(facts.notBefore).getTime()).toBe(ref.notBefore.getTime());
      expect(new Date(facts.notAfter).getTime()).toBe(ref.notAfter.getTime());
      expect(facts.san.map(normaliseSan)).toEqual(ref.san.map(normaliseSan));
      expect(facts.subject).toBe(rfc2253(file, 'subject'));
      expect(facts.issuer).toBe(rfc2253(file, 'issuer'));
      expect(opensslText(file)).toContain(`Signature Algorithm: ${facts.signatureAlgorithm}`);
      expect(() => CertificateFacts.strict().parse(facts)).not.toThrow();
    }
  });

  it('reads every extension of a CA-issued RSA leaf', () => {
    const f = describeCertificate(derOf(t.dir, pki.leafRsa));
    expect(f.subject).toBe('CN=leaf.example.com, OU=Ops\\+Dev, O=Acme\\, Inc., C=US');
    expect(f.issuer).toBe('CN=Test Intermediate CA, O=Certdesk Test, C=US');
    expect(f.serial).toBe('123456789abcdef');
    expect(f.san).toEqual(['dns:leaf.example.com', 'dns:*.leaf.example.com', 'ip:10.1.2.3', 'ip:2001:db8::7', 'ip:::1',
      'email:ops@example.com', 'uri:https://leaf.example.com/id']);
    expect(f).toMatchObject({
      keyType: 'RSA', keySize: 2048, signatureAlgorithm: 'ecdsa-with-SHA256',
      keyUsage: ['digitalSignature', 'keyEncipherment'], extKeyUsage: ['serverAuth', 'clientAuth'],
      basicConstraints: { ca: false },
      ocspUrls: ['http://ocsp.example.com'], caIssuerUrls: ['http://ca.example.com/inter.crt'], crlUrls: ['http://crl.example.com/inter.crl'],
      selfSigned: false,
    });
    const text = opensslText(pki.leafRsa);
    const ski = /Subject Key Identifier:\s*\n\s*([0-9A-F:]+)/.exec(text)?.[1];
    expect(f.subjectKeyId).toBe(ski);
    const interFacts = describeCertificate(derOf(t.dir, pki.inter));
    expect(f.authorityKeyId).toBe(interFacts.subjectKeyId);
    expect(interFacts).toMatchObject({ keyType: 'EC', curve: 'P-384', keySize: 384, basicConstraints: { ca: true, pathLen: 0 }, keyUsage: ['keyCertSign', 'cRLSign'] });
    const root = describeCertificate(derOf(t.dir, pki.root));
    expect(root).toMatchObject({ selfSigned: true, curve: 'P-256', findings: [] });
    expect(f.findings).toEqual([]);
  });

  it('finds expiry, not-yet-valid, SHA-1, weak RSA and a missing SAN, each with a severity and a fix', () => {
    const leaf = derOf(t.dir, pki.leafEc);
    const facts = describeCertificate(leaf);
    const notAfter = new Date(facts.notAfter).getTime();
    const codes = (now: number, der = leaf, soon?: number) => describeCertificate(der, new Date(now), soon).findings.map((w) => w.code);
    expect(codes(notAfter + 86_400_000)).toEqual(['expired']);
    expect(describeCertificate(leaf, new Date(notAfter + 3 * 86_400_000)).daysLeft).toBe(-3);
    expect(describeCertificate(leaf, new Date(notAfter - 2 * 3_600_000)).daysLeft).toBe(1);
    expect(describeCertificate(leaf, new Date(notAfter - 30 * 86_400_000)).daysLeft).toBe(30);
    expect(codes(notAfter - 10 * 86_400_000)).toEqual(['expiring-soon']);
    expect(codes(notAfter - 40 * 86_400_000)).toEqual([]);
    expect(codes(new Date(facts.notBefore).getTime() - 1000)).toContain('not-yet-valid');
    expect(codes(Date.now(), derOf(t.dir, 'sha1.pem'))).toEqual(['weak-signature']);
    const weak = describeCertificate(derOf(t.dir, 'weak.pem')).findings;
    // Most severe first: the weak key (error) before expiring soon and no SAN (warnings).
    expect(weak.map((w) => [w.code, w.severity])).toEqual([['weak-key', 'error'], ['expiring-soon', 'warning'], ['no-san', 'warning']]);
    expect(weak.find((w) => w.code === 'weak-key')?.message).toMatch(/1024 bits/);
    for (const w of weak) expect(w.fix).toMatch(/\w+ .+\./);
    const sev = (now: number) => describeCertificate(leaf, new Date(now)).findings.map((w) => w.severity);
    expect(sev(notAfter + 86_400_000)).toEqual(['error']);
  });

  it('takes the expiring-soon threshold from the settings, not a fixed 30 days', () => {
    const leaf = derOf(t.dir, pki.leafEc);
    const notAfter = new Date(describeCertificate(leaf).notAfter).getTime();
    const at = new Date(notAfter - 40 * 86_400_000);
    expect(describeCertificate(leaf, at).findings).toEqual([]);
    expect(describeCertificate(leaf, at, 60).findings.map((w) => w.code)).toEqual(['expiring-soon']);
    expect(describeCertificate(leaf, new Date(notAfter - 10 * 86_400_000), 5).findings).toEqual([]);
  });

  it('rejects bytes that are not a certificate with CORRUPT_FILE', () => {
    const der = derOf(t.dir, pki.leafEc);
    expect(() => describeCertificate(der.subarray(0, 100))).toThrow(expect.objectContaining({ code: 'CORRUPT_FILE' }));
    expect(() => describeCertificate(Buffer.from('not a certificate'))).toThrow(expect.objectContaining({ code: 'CORRUPT_FILE' }));
  });
});
