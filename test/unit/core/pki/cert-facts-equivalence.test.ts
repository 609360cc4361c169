import { execFileSync } from 'node:child_process';
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKeystore } from '../../../../electron/core/keystore/keystore.js';
import { describeCertificate } from '../../../../electron/core/pki/cert-facts.js';
import { loadCert } from '../../../../electron/core/pki/chain.js';
import { referenceFacts } from './cert-facts-reference.js';
import { openssl, type TempDir, tempDir } from './helpers.js';

/**
 * The facts of a certificate do not depend on how fast they are read: the DER extension readers and the
 * name-first self-signed check give what @peculiar/x509 and an unconditional signature check gave, for
 * every certificate of the JDK's cacerts and for openssl-made certificates of every key type and extension
 * kind; and they agree with what openssl prints.
 */

const NOW = new Date('2026-06-01T00:00:00Z');

function jdkCacerts(): Buffer[] {
  const keytool = realpathSync(execFileSync('sh', ['-c', 'command -v keytool'], { encoding: 'utf8' }).trim());
  const bytes = readFileSync(join(dirname(keytool), '..', 'lib', 'security', 'cacerts'));
  return loadKeystore(bytes, 'changeit').entries.flatMap((e) => e.chainDer);
}

const CNF = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[everything]
basicConstraints = critical,CA:TRUE,pathlen:3
keyUsage = critical,digitalSignature,nonRepudiation,keyEncipherment,dataEncipherment,keyAgreement,keyCertSign,cRLSign,encipherOnly,decipherOnly
extendedKeyUsage = serverAuth,clientAuth,codeSigning,emailProtection,timeStamping,OCSPSigning,1.2.3.4.99,anyExtendedKeyUsage
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
subjectAltName = @sans
authorityInfoAccess = OCSP;URI:http://ocsp.example.com/,OCSP;URI:http://ocsp2.example.com/,caIssuers;URI:http://ca.example.com/ca.crt,caIssuers;DNS:not-a-url.example.com
crlDistributionPoints = crl_dp1, crl_dp2
certificatePolicies = 2.5.29.32.0, @policy1
1.2.3.4.5.6 = critical,DER:05:00
[sans]
DNS.1 = a.example.com
DNS.2 = *.b.example.com
IP.1 = 192.0.2.7
IP.2 = 2001:db8::1
IP.3 = ::1
IP.4 = fe80:0:0:1::1:0:0
IP.5 = 2001:db8:0:0:1:0:0:1
email.1 = ops@example.com
URI.1 = https://svc.example.com/path?q=1
URI.2 = urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6
dirName.1 = dir_sect
otherName.1 = 1.3.6.1.4.1.311.20.2.3;UTF8:user@example.com
RID.1 = 1.2.3.4
[dir_sect]
C = DE
O = Dir, Inc.
CN = Directory Name
[crl_dp1]
fullname = URI:http://crl.example.com/a.crl,URI:ldap://ldap.example.com/cn=CA?certificateRevocationList
[crl_dp2]
fullname = URI:http://crl2.example.com/b.crl
reasons = keyCompromise
[policy1]
policyIdentifier = 1.3.6.1.4.1.99999.1
CPS.1 = https://example.com/cps
userNotice.1 = @notice
[notice]
explicitText = "A test notice"
[leaf]
basicConstraints = CA:FALSE
keyUsage = digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid,issuer
subjectAltName = IP:2001:db8::abcd, DNS:leaf.example.com
[bare]
subjectKeyIdentifier = none
`;

interface Made {
  name: string;
  der: Buffer;
  selfSigned: boolean;
}

// [name, key options for openssl req -newkey, extra signing options]
const KEYS: Array<[string, string[], string[]]> = [
  ['rsa2048', ['-newkey', 'rsa:2048'], ['-sha256']],
  ['rsa3072-pss', ['-newkey', 'rsa:3072'], ['-sha384', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32']],
  ['p256', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], ['-sha256']],
  ['p384', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384'], ['-sha384']],
  ['p521', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-521'], ['-sha512']],
  ['brainpool', ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:brainpoolP256r1'], ['-sha256']],
  ['ed25519', ['-newkey', 'ed25519'], []],
  ['ed448', ['-newkey', 'ed448'], []],
];

function makeCertificates(t: TempDir): Made[] {
  t.write('x.cnf', CNF);
  const o = (args: string[]) => openssl(t.dir, args);
  const der = (pem: string) => o(['x509', '-in', pem, '-outform', 'DER']).stdoutBytes;
  const made: Made[] = [];
  for (const [name, key, sign] of KEYS) {
    o(['req', '-x509', '-config', 'x.cnf', '-extensions', 'everything', ...key, ...sign, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`,
      '-days', '400', '-set_serial', '0x00ff00ee', '-subj', `/C=US/O=Certdesk "Test", Inc./CN=${name} root`]);
    made.push({ name, der: der(`${name}.pem`), selfSigned: true });
  }
  // Leaves issued across key types: names differ, so no signature check decides them.
  for (const [issuer, leafKey] of [['rsa2048', 'p256'], ['p384', 'ed25519'], ['ed25519', 'rsa2048'], ['rsa3072-pss', 'p384']] as const) {
    const keyArgs = KEYS.find(([n]) => n === leafKey)?.[1] ?? [];
    const name = `${leafKey}-by-${issuer}`;
    o(['req', '-new', '-config', 'x.cnf', ...keyArgs, '-nodes', '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}.example.com`]);
    o(['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.pem`, '-CAkey', `${issuer}.key`, '-set_serial', '7', '-days', '90',
      '-extfile', 'x.cnf', '-extensions', 'leaf', '-out', `${name}.pem`]);
    made.push({ name, der: der(`${name}.pem`), selfSigned: false });
  }
  // Same name as the issuer but signed by another key: the names match, the signature does not.
  o(['req', '-new', '-config', 'x.cnf', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'impostor.key', '-out', 'impostor.csr',
    '-subj', '/C=US/O=Certdesk "Test", Inc./CN=p256 root']);
  o(['x509', '-req', '-in', 'impostor.csr', '-CA', 'p256.pem', '-CAkey', 'p256.key', '-set_serial', '8', '-days', '30', '-extfile', 'x.cnf', '-extensions', 'bare',
    '-out', 'impostor.pem']);
  made.push({ name: 'impostor', der: der('impostor.pem'), selfSigned: false });
  // The same, with key identifiers: they differ, which settles it before any signature check.
  o(['x509', '-req', '-in', 'impostor.csr', '-CA', 'p256.pem', '-CAkey', 'p256.key', '-set_serial', '9', '-days', '30', '-extfile', 'x.cnf', '-extensions', 'leaf',
    '-out', 'impostor-ids.pem']);
  made.push({ name: 'impostor-ids', der: der('impostor-ids.pem'), selfSigned: false });
  // A SHA-1, no-extension, expired self-signed certificate.
  o(['req', '-x509', '-config', 'x.cnf', '-extensions', 'bare', '-newkey', 'rsa:1024', '-sha1', '-nodes', '-keyout', 'old.key', '-out', 'old.pem',
    '-days', '1', '-subj', '/CN=old']);
  made.push({ name: 'old-sha1', der: der('old.pem'), selfSigned: true });
  return made;
}

// --- what openssl prints ----------------------------------------------------------------------

const KEY_USAGE: Record<string, string> = {
  'Digital Signature': 'digitalSignature', 'Non Repudiation': 'nonRepudiation', 'Key Encipherment': 'keyEncipherment',
  'Data Encipherment': 'dataEncipherment', 'Key Agreement': 'keyAgreement', 'Certificate Sign': 'keyCertSign', 'CRL Sign': 'cRLSign',
  'Encipher Only': 'encipherOnly', 'Decipher Only': 'decipherOnly',
};
const EKU: Record<string, string> = {
  'TLS Web Server Authentication': 'serverAuth', 'TLS Web Client Authentication': 'clientAuth', 'Code Signing': 'codeSigning',
  'E-mail Protection': 'emailProtection', 'Time Stamping': 'timeStamping', 'OCSP Signing': 'OCSPSigning', 'Any Extended Key Usage': 'anyExtendedKeyUsage',
};

/** The lines of openssl's text after the one that names `header`, up to the next header. */
function section(text: string, header: string): string[] {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.trim().startsWith(header));
  if (at < 0) return [];
  const indent = (lines[at] ?? '').search(/\S/);
  const out: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (l.trim() === '' || l.search(/\S/) <= indent) break;
    out.push(l.trim());
  }
  return out;
}

function expandIp(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail] = ip.toLowerCase().split('::');
  const h = head === '' ? [] : head.split(':');
  const t = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  return groups.map((g) => Number.parseInt(g, 16).toString(16)).join(':');
}

function opensslView(t: TempDir, der: Buffer) {
  const file = t.write('view.der', der);
  const text = openssl(t.dir, ['x509', '-inform', 'DER', '-in', file, '-noout', '-text', '-fingerprint', '-sha256', '-nameopt', 'RFC2253']).stdout;
  const sha1 = openssl(t.dir, ['x509', '-inform', 'DER', '-in', file, '-noout', '-fingerprint', '-sha1']).stdout;
  const serialLine = openssl(t.dir, ['x509', '-inform', 'DER', '-in', file, '-noout', '-serial']).stdout;
  const dates = openssl(t.dir, ['x509', '-inform', 'DER', '-in', file, '-noout', '-dates']).stdout;
  const line = (label: string) => section(text, label).join(' ');
  const list = (label: string) => line(label).split(', ').filter((s) => s !== '');
  const date = (label: string) => new Date((/=(.*)/.exec(dates.split('\n').find((l) => l.startsWith(label)) ?? '')?.[1] ?? '').replace(/\s+/g, ' ')).toISOString();
  const bc = line('X509v3 Basic Constraints');
  const pathLen = /pathlen:(\d+)/.exec(bc)?.[1];
  const ids = (label: string) => section(text, label).map((l) => l.replace(/^keyid:/, '')).find((l) => /^[0-9A-F]{2}(:[0-9A-F]{2})*$/.test(l));
  const aia = section(text, 'Authority Information Access');
  const keyBits = /Public-Key: \((\d+) bit\)/.exec(text)?.[1];
  return {
    serial: (/serial=(\w+)/.exec(serialLine)?.[1] ?? '').toLowerCase().replace(/^0+(?=.)/, ''),
    notBefore: date('notBefore'),
    notAfter: date('notAfter'),
    signatureAlgorithm: /Signature Algorithm: (\S+)/.exec(text)?.[1],
    keySize: keyBits === undefined ? undefined : Number(keyBits),
    curve: /NIST CURVE: (\S+)/.exec(text)?.[1],
    san: list('X509v3 Subject Alternative Name').flatMap((s) => {
      const [kind, ...rest] = s.split(':');
      const v = rest.join(':');
      if (kind === 'DNS') return [`dns:${v}`];
      if (kind === 'IP Address') return [`ip:${expandIp(v)}`];
      if (kind === 'email') return [`email:${v}`];
      if (kind === 'URI') return [`uri:${v}`];
      return [];
    }),
    keyUsage: list('X509v3 Key Usage').map((k) => KEY_USAGE[k] ?? `?${k}`),
    extKeyUsage: list('X509v3 Extended Key Usage').map((k) => EKU[k] ?? k),
    basicConstraints: bc === '' ? null : pathLen === undefined ? { ca: bc.includes('CA:TRUE') } : { ca: bc.includes('CA:TRUE'), pathLen: Number(pathLen) },
    subjectKeyId: ids('X509v3 Subject Key Identifier'),
    authorityKeyId: ids('X509v3 Authority Key Identifier'),
    ocspUrls: aia.flatMap((l) => (l.startsWith('OCSP - URI:') ? [l.slice('OCSP - URI:'.length)] : [])),
    caIssuerUrls: aia.flatMap((l) => (l.startsWith('CA Issuers - URI:') ? [l.slice('CA Issuers - URI:'.length)] : [])),
    // openssl may print a point's reasons on the URL's line.
    crlUrls: section(text, 'X509v3 CRL Distribution Points').flatMap((l) => (l.startsWith('URI:') ? [l.slice(4).split(/\s+/)[0] ?? ''] : [])),
    sha256: /sha256 Fingerprint=(\S+)/i.exec(text)?.[1],
    sha1: /sha1 Fingerprint=(\S+)/i.exec(sha1)?.[1],
    unknownCritical: [...text.matchAll(/^\s*(\d+(?:\.\d+)+): critical$/gm)].map((m) => m[1]),
  };
}

const OPENSSL_SIG_NAMES: Record<string, string> = { rsassaPss: 'RSASSA-PSS' };

describe('certificate facts read from DER', () => {
  let t: TempDir;
  let made: Made[];
  beforeAll(() => {
    t = tempDir('certdesk-facts-eq-');
    made = makeCertificates(t);
  });
  afterAll(() => t.cleanup());

  it('are the facts the previous implementation gave, for every certificate of the JDK cacerts', () => {
    const certs = jdkCacerts();
    expect(certs.length).toBeGreaterThan(50);
    for (const der of certs) expect(describeCertificate(der, NOW)).toEqual(referenceFacts(der, NOW));
  });

  it('are the facts the previous implementation gave, for openssl certificates of every key type and extension kind', () => {
    for (const m of made) expect({ name: m.name, facts: describeCertificate(m.der, NOW) }).toEqual({ name: m.name, facts: referenceFacts(m.der, NOW) });
  });

  it('say self-signed exactly for the certificates that signed themselves', () => {
    for (const m of made) expect({ name: m.name, selfSigned: describeCertificate(m.der, NOW).selfSigned }).toEqual({ name: m.name, selfSigned: m.selfSigned });
  });

  it('agree with what openssl prints, field by field', () => {
    for (const m of made) {
      const f = describeCertificate(m.der, NOW);
      const o = opensslView(t, m.der);
      const mine = {
        name: m.name,
        serial: f.serial, notBefore: f.notBefore, notAfter: f.notAfter,
        signatureAlgorithm: f.signatureAlgorithm, keySize: f.keyType === 'RSA' || f.keyType === 'EC' ? f.keySize : undefined,
        curve: f.curve?.startsWith('P-') ? f.curve : undefined,
        // openssl 3.0 prints IPv6 uncompressed: both sides are compared expanded.
        san: f.san.filter((s) => /^(dns|ip|email|uri):/.test(s)).map((s) => (s.startsWith('ip:') ? `ip:${expandIp(s.slice(3))}` : s)),
        keyUsage: f.keyUsage, extKeyUsage: f.extKeyUsage, basicConstraints: f.basicConstraints,
        subjectKeyId: f.subjectKeyId, authorityKeyId: f.authorityKeyId,
        ocspUrls: f.ocspUrls, caIssuerUrls: f.caIssuerUrls, crlUrls: f.crlUrls, sha256: f.sha256, sha1: f.sha1,
        unknownCritical: f.unknownCriticalExtensions ?? [],
      };
      const theirs = { ...o, name: m.name, signatureAlgorithm: OPENSSL_SIG_NAMES[o.signatureAlgorithm ?? ''] ?? o.signatureAlgorithm };
      expect(mine).toEqual(theirs);
    }
    // The full-featured certificate really carries every kind this compares.
    const full = describeCertificate(made[0]?.der ?? Buffer.alloc(0), NOW);
    expect(full.san).toEqual([
      'dns:a.example.com', 'dns:*.b.example.com', 'ip:192.0.2.7', 'ip:2001:db8::1', 'ip:::1', 'ip:fe80::1:0:1:0:0', 'ip:2001:db8::1:0:0:1',
      'email:ops@example.com', 'uri:https://svc.example.com/path?q=1', 'uri:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
      'dirname:CN=Directory Name, O=Dir\\, Inc., C=DE', 'othername:1.3.6.1.4.1.311.20.2.3', 'rid:1.2.3.4',
    ]);
    expect(full.keyUsage).toHaveLength(9);
    expect(full.crlUrls).toHaveLength(3);
    expect(full.unknownCriticalExtensions).toEqual(['1.2.3.4.5.6']);
  });

  it('survive damaged extensions the way they did before: the extension is dropped, the certificate stays readable', () => {
    const der = made[0]?.der ?? Buffer.alloc(0);
    const { parts } = loadCert(der);
    for (const ext of parts.extensions) {
      // Corrupt the first content byte of the extension value (same length, so the certificate still parses).
      const damaged = Buffer.from(der);
      const at = der.indexOf(ext.value);
      damaged[at] = 0x05;
      expect({ oid: ext.oid, facts: describeCertificate(damaged, NOW) }).toEqual({ oid: ext.oid, facts: referenceFacts(damaged, NOW) });
    }
  });

});
