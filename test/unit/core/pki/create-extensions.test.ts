import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCsr, createSelfSigned } from '../../../../electron/core/pki/create.js';
import { exportPrivateKeyPem } from '../../../../electron/core/pki/keys.js';
import { openssl, type TempDir, tempDir } from './helpers.js';

let t: TempDir;
beforeAll(() => {
  t = tempDir();
});
afterAll(() => t.cleanup());

/** The extension headers of `openssl x509|req -text`, in order, with their critical flag. */
function extensionHeaders(text: string): string[] {
  return [...text.matchAll(/^[ \t]+X509v3 ([A-Z][a-z]+(?: [A-Z][a-z]+)*):( critical)?[ \t]*$/gm)].map((m) => `${m[1] ?? ''}${m[2] ? ' (critical)' : ''}`);
}

describe('the extensions openssl reads in what Certdesk creates', () => {
  for (const [key, keyUsage] of [['rsa:2048', 'Digital Signature, Key Encipherment'], ['ec:p256', 'Digital Signature'], ['ec:p384', 'Digital Signature']] as const) {
    it(`a ${key} certificate: CA:FALSE and key usage critical, SAN/SKI/AKI/EKU not, canonical DER`, async () => {
      const { certDer, keyPkcs8Der } = await createSelfSigned({ cn: 'svc.example', sans: ['ip:10.1.2.3'], key, days: 30, usages: ['serverAuth', 'clientAuth'] });
      t.write('c.der', certDer);
      const text = openssl(t.dir, ['x509', '-inform', 'DER', '-in', 'c.der', '-noout', '-text']).stdout;
      expect(extensionHeaders(text)).toEqual([
        'Basic Constraints (critical)', 'Key Usage (critical)', 'Subject Alternative Name', 'Subject Key Identifier', 'Authority Key Identifier', 'Extended Key Usage',
      ]);
      expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE\n/);
      expect(text).toMatch(new RegExp(`Key Usage: critical\\s+${keyUsage}\\n`));
      expect(text).toMatch(/Subject Alternative Name:\s+DNS:svc\.example, IP Address:10\.1\.2\.3\n/);
      expect(text).toMatch(/Extended Key Usage:\s+TLS Web Server Authentication, TLS Web Client Authentication\n/);
      expect(text).toMatch(/Version: 3 \(0x2\)/);
      expect(text).toMatch(/Issuer: CN\s?=\s?svc\.example\n[\s\S]*Subject: CN\s?=\s?svc\.example\n/);
      expect(text).toMatch(key === 'rsa:2048' ? /Signature Algorithm: sha256WithRSAEncryption/ : /Signature Algorithm: ecdsa-with-SHA256/);
      // The key identifiers are OpenSSL's own "hash" method (SHA-1 of the key bits), and the AKI names the SKI.
      t.write('k.pem', exportPrivateKeyPem(keyPkcs8Der));
      const ref = openssl(t.dir, ['req', '-new', '-x509', '-key', 'k.pem', '-subj', '/CN=ref', '-days', '1', '-addext', 'subjectKeyIdentifier=hash', '-noout', '-text']).stdout;
      const ski = /Subject Key Identifier:\s+([0-9A-F:]+)/.exec(ref)?.[1];
      expect(ski).toBeTruthy();
      expect(/Subject Key Identifier:\s+([0-9A-F:]+)/.exec(text)?.[1]).toBe(ski);
      expect(/Authority Key Identifier:\s+(?:keyid:)?([0-9A-F:]+)/.exec(text)?.[1]).toBe(ski);
      // OpenSSL writes back the very same bytes: the encoding is canonical DER.
      const again = openssl(t.dir, ['x509', '-inform', 'DER', '-in', 'c.der', '-outform', 'DER']).stdoutBytes;
      expect(Buffer.compare(again, certDer)).toBe(0);
      t.write('c.pem', openssl(t.dir, ['x509', '-inform', 'DER', '-in', 'c.der']).stdout);
      expect(openssl(t.dir, ['verify', '-CAfile', 'c.pem', '-purpose', 'sslclient', 'c.pem']).stdout).toMatch(/OK/);
    });
  }

  it('leaves the extended key usage out when no usage is asked, and writes validity past 2049 as GeneralizedTime', async () => {
    const { certDer } = await createSelfSigned({ cn: 'long.example', sans: [], key: 'ec:p256', days: 365 * 40, usages: [] });
    t.write('l.der', certDer);
    const text = openssl(t.dir, ['x509', '-inform', 'DER', '-in', 'l.der', '-noout', '-text']).stdout;
    expect(extensionHeaders(text)).toEqual(['Basic Constraints (critical)', 'Key Usage (critical)', 'Subject Alternative Name', 'Subject Key Identifier', 'Authority Key Identifier']);
    expect(openssl(t.dir, ['asn1parse', '-inform', 'DER', '-in', 'l.der']).stdout).toMatch(/UTCTIME[\s\S]*GENERALIZEDTIME/);
  });

  for (const key of ['rsa:2048', 'ec:p256'] as const) {
    it(`a ${key} request: verified by openssl req -verify, one non-critical SAN in the extension request`, async () => {
      const { csrDer } = await createCsr({ cn: 'svc.example', o: 'Zoë GmbH', c: 'de', sans: ['dns:svc.example', 'ip:2001:db8::7'], key });
      t.write('r.der', csrDer);
      const out = openssl(t.dir, ['req', '-inform', 'DER', '-in', 'r.der', '-verify', '-noout', '-text', '-nameopt', 'RFC2253,-esc_msb']);
      expect(out.stderr + out.stdout).toMatch(/verify OK/);
      expect(out.stdout).toMatch(/Subject: CN=svc\.example,O=Zoë GmbH,C=DE\n/);
      expect(out.stdout).toMatch(/Requested Extensions:\s+X509v3 Subject Alternative Name:\s*\n\s+DNS:svc\.example, IP Address:2001:DB8:0:0:0:0:0:7\n/);
      expect(extensionHeaders(out.stdout)).toEqual(['Subject Alternative Name']);
      const again = openssl(t.dir, ['req', '-inform', 'DER', '-in', 'r.der', '-outform', 'DER']).stdoutBytes;
      expect(Buffer.compare(again, csrDer)).toBe(0);
    });
  }
});
