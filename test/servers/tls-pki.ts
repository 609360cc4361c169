/**
 * Certificates for the TLS scenario servers, made at test time with `openssl ca` (it can set any
 * start and end date, sign with SHA-1, and keeps the index an OCSP responder reads).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openssl } from '../unit/core/pki/helpers.js';

const CNF = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[policy_any]
commonName = supplied
organizationName = optional
[root_ca]
dir = .
database = root-index.txt
new_certs_dir = newcerts
certificate = root.pem
private_key = root.key
serial = root-serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
default_days = 3650
[inter_ca]
dir = .
database = inter-index.txt
new_certs_dir = newcerts
certificate = inter.pem
private_key = inter.key
serial = inter-serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
default_days = 365
[v3_root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_inter]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

export interface TestCa {
  dir: string;
  /** File names inside dir. */
  root: string;
  inter: string;
  interKey: string;
}

export interface LeafOptions {
  /** subjectAltName value, e.g. `DNS:ok.test,IP:127.0.0.1`; omitted = none. */
  san?: string;
  signer?: 'inter' | 'root';
  /** RSA key of this size instead of EC P-256. */
  rsaBits?: number;
  md?: 'sha256' | 'sha1';
  /** `YYYYMMDDHHMMSSZ` */
  start?: string;
  end?: string;
  days?: number;
  aiaCaIssuers?: string;
  ocspUrl?: string;
  eku?: string;
}

/** Builds a root (EC P-256) and an intermediate signed by it in `dir`. */
export function makeTestCa(dir: string): TestCa {
  writeFileSync(join(dir, 'ca.cnf'), CNF);
  mkdirSync(join(dir, 'newcerts'), { recursive: true });
  for (const ca of ['root', 'inter']) {
    writeFileSync(join(dir, `${ca}-index.txt`), '');
    writeFileSync(join(dir, `${ca}-serial`), ca === 'root' ? '1000\n' : '2000\n');
  }
  const o = (args: string[]) => openssl(dir, args);
  o(['req', '-x509', '-config', 'ca.cnf', '-extensions', 'v3_root', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', 'root.key', '-out', 'root.pem', '-days', '3650', '-subj', '/O=Certdesk Test/CN=Certdesk Test Root']);
  o(['req', '-new', '-config', 'ca.cnf', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'inter.key',
    '-out', 'inter.csr', '-subj', '/O=Certdesk Test/CN=Certdesk Test Intermediate']);
  o(['ca', '-batch', '-config', 'ca.cnf', '-name', 'root_ca', '-in', 'inter.csr', '-out', 'inter.pem', '-extfile', 'ca.cnf', '-extensions', 'v3_inter', '-notext']);
  return { dir, root: 'root.pem', inter: 'inter.pem', interKey: 'inter.key' };
}

/** Issues a leaf `<name>.pem` / `<name>.key` (and `<name>-chain.pem`: leaf + intermediate). */
export function issueLeaf(ca: TestCa, name: string, opts: LeafOptions = {}): { cert: string; key: string; chain: string } {
  const o = (args: string[]) => openssl(ca.dir, args);
  if (opts.rsaBits) o(['genpkey', '-algorithm', 'RSA', '-pkeyopt', `rsa_keygen_bits:${opts.rsaBits}`, '-out', `${name}.key`]);
  else o(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`]);
  o(['req', '-new', '-config', 'ca.cnf', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/O=Certdesk Test/CN=${name}`]);
  const ext = [
    'basicConstraints = critical,CA:FALSE',
    'keyUsage = critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage = ${opts.eku ?? 'serverAuth'}`,
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    ...(opts.san ? [`subjectAltName = ${opts.san}`] : []),
    ...(opts.aiaCaIssuers || opts.ocspUrl
      ? [`authorityInfoAccess = ${[opts.ocspUrl ? `OCSP;URI:${opts.ocspUrl}` : '', opts.aiaCaIssuers ? `caIssuers;URI:${opts.aiaCaIssuers}` : ''].filter(Boolean).join(',')}`]
      : []),
  ].join('\n');
  writeFileSync(join(ca.dir, `${name}.ext`), `[leaf]\n${ext}\n`);
  o(['ca', '-batch', '-config', 'ca.cnf', '-name', opts.signer === 'root' ? 'root_ca' : 'inter_ca', '-in', `${name}.csr`, '-out', `${name}.pem`,
    '-extfile', `${name}.ext`, '-extensions', 'leaf', '-md', opts.md ?? 'sha256', '-notext',
    ...(opts.start ? ['-startdate', opts.start] : []), ...(opts.end ? ['-enddate', opts.end] : []), ...(opts.days ? ['-days', String(opts.days)] : [])]);
  const read = (f: string) => openssl(ca.dir, ['x509', '-in', f]).stdout;
  writeFileSync(join(ca.dir, `${name}-chain.pem`), read(`${name}.pem`) + (opts.signer === 'root' ? '' : read(ca.inter)));
  return { cert: `${name}.pem`, key: `${name}.key`, chain: `${name}-chain.pem` };
}

/** A self-signed leaf `<name>.pem` / `<name>.key`. */
export function selfSignedLeaf(dir: string, name: string, san: string): { cert: string; key: string } {
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`,
    '-days', '365', '-subj', `/CN=${name}`, '-addext', `subjectAltName=${san}`, '-addext', 'extendedKeyUsage=serverAuth']);
  return { cert: `${name}.pem`, key: `${name}.key` };
}

/** `YYYYMMDDHHMMSSZ` for a date `days` from now. */
export function asnDate(daysFromNow: number): string {
  return new Date(Date.now() + daysFromNow * 86_400_000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
}
