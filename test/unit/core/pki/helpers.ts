/**
 * Test helpers: run the real oracles (openssl, keytool) and build a small PKI in a temp folder.
 * Passwords travel through environment variables, never argv.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

/** Runs a program; throws with its stderr unless `allowFail`. */
export function run(cmd: string, args: string[], opts: { env?: Record<string, string>; input?: Buffer | string; cwd?: string; allowFail?: boolean } = {}): RunResult {
  const r = spawnSync(cmd, args, {
    cwd: opts.cwd,
    env: { ...process.env, ...opts.env },
    input: opts.input,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  const result = { status: r.status ?? -1, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8'), stdoutBytes: r.stdout };
  if (result.status !== 0 && !opts.allowFail) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}):\n${result.stderr}\n${result.stdout}`);
  }
  return result;
}

/** Runs openssl in `dir`. */
export function openssl(dir: string, args: string[], opts: { env?: Record<string, string>; input?: Buffer | string; allowFail?: boolean } = {}): RunResult {
  return run('openssl', args, { ...opts, cwd: dir });
}

/** Runs keytool in `dir` (quietly, no JVM warnings on stdout). */
export function keytool(dir: string, args: string[], opts: { env?: Record<string, string>; allowFail?: boolean } = {}): RunResult {
  return run('keytool', ['-J-Xshare:auto', '-J-XX:TieredStopAtLevel=1', ...args], { ...opts, cwd: dir });
}

export interface TempDir {
  dir: string;
  path(name: string): string;
  read(name: string): Buffer;
  write(name: string, data: Buffer | string): string;
  cleanup(): void;
}

/** A fresh temp folder. */
export function tempDir(prefix = 'certdesk-pki-'): TempDir {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    path: (name) => join(dir, name),
    read: (name) => readFileSync(join(dir, name)),
    write: (name, data) => {
      writeFileSync(join(dir, name), data);
      return join(dir, name);
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const CNF = `
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_root]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[v3_inter]
basicConstraints = critical,CA:TRUE,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[v3_leaf]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth,clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:leaf.example.com,DNS:*.leaf.example.com,IP:10.1.2.3,IP:2001:db8::7,IP:::1,email:ops@example.com,URI:https://leaf.example.com/id
authorityInfoAccess = OCSP;URI:http://ocsp.example.com,caIssuers;URI:http://ca.example.com/inter.crt
crlDistributionPoints = URI:http://crl.example.com/inter.crl
[v3_leaf_ec]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:ec.example.com
[v3_nosan]
keyUsage = critical,digitalSignature,keyEncipherment
`;

/** File names (inside `dir`) of a root CA → intermediate → RSA and EC leaves, all PEM. */
export interface Pki {
  dir: string;
  cnf: string;
  rootKey: string;
  root: string;
  interKey: string;
  inter: string;
  leafRsaKey: string;
  leafRsa: string;
  leafEcKey: string;
  leafEc: string;
}

/** Builds the test PKI with openssl (EC CAs keep it fast; one RSA 2048 leaf). */
export function makePki(dir: string): Pki {
  writeFileSync(join(dir, 'pki.cnf'), CNF);
  const o = (args: string[]) => openssl(dir, args);
  o(['req', '-x509', '-config', 'pki.cnf', '-extensions', 'v3_root', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes',
    '-keyout', 'root.key', '-out', 'root.pem', '-days', '3650', '-subj', '/C=US/O=Certdesk Test/CN=Test Root CA']);
  o(['req', '-new', '-config', 'pki.cnf', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-384', '-nodes', '-keyout', 'inter.key',
    '-out', 'inter.csr', '-subj', '/C=US/O=Certdesk Test/CN=Test Intermediate CA']);
  o(['x509', '-req', '-in', 'inter.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '0x1001', '-days', '1825',
    '-extfile', 'pki.cnf', '-extensions', 'v3_inter', '-sha384', '-out', 'inter.pem']);
  o(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'leaf-rsa.key']);
  o(['req', '-new', '-config', 'pki.cnf', '-key', 'leaf-rsa.key', '-out', 'leaf-rsa.csr', '-subj', '/C=US/O=Acme, Inc./OU=Ops\\+Dev/CN=leaf.example.com']);
  o(['x509', '-req', '-in', 'leaf-rsa.csr', '-CA', 'inter.pem', '-CAkey', 'inter.key', '-set_serial', '0x0123456789abcdef', '-days', '397',
    '-extfile', 'pki.cnf', '-extensions', 'v3_leaf', '-sha256', '-out', 'leaf-rsa.pem']);
  o(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'leaf-ec.key']);
  o(['req', '-new', '-config', 'pki.cnf', '-key', 'leaf-ec.key', '-out', 'leaf-ec.csr', '-subj', '/CN=ec.example.com']);
  o(['x509', '-req', '-in', 'leaf-ec.csr', '-CA', 'inter.pem', '-CAkey', 'inter.key', '-set_serial', '0x2002', '-days', '90',
    '-extfile', 'pki.cnf', '-extensions', 'v3_leaf_ec', '-out', 'leaf-ec.pem']);
  return {
    dir, cnf: 'pki.cnf', rootKey: 'root.key', root: 'root.pem', interKey: 'inter.key', inter: 'inter.pem',
    leafRsaKey: 'leaf-rsa.key', leafRsa: 'leaf-rsa.pem', leafEcKey: 'leaf-ec.key', leafEc: 'leaf-ec.pem',
  };
}

/** What `openssl x509` prints about a certificate file (PEM or DER). */
export function opensslCertInfo(dir: string, file: string, inform: 'PEM' | 'DER' = 'PEM') {
  const out = openssl(dir, ['x509', '-in', file, '-inform', inform, '-noout', '-fingerprint', '-sha256', '-serial', '-dates', '-ext', 'subjectAltName']).stdout;
  const sha1 = openssl(dir, ['x509', '-in', file, '-inform', inform, '-noout', '-fingerprint', '-sha1']).stdout;
  const field = (re: RegExp, text = out) => re.exec(text)?.[1]?.trim() ?? '';
  const sanLine = out.split('\n').find((l) => /DNS:|IP Address:|email:|URI:/.test(l)) ?? '';
  const san = sanLine.trim() === '' ? [] : sanLine.trim().split(/,\s*/).map((s) => {
    const [k, ...v] = s.split(':');
    const value = v.join(':');
    switch (k) {
      case 'DNS': return `dns:${value}`;
      case 'IP Address': return `ip:${value}`;
      case 'email': return `email:${value}`;
      case 'URI': return `uri:${value}`;
      default: return s;
    }
  });
  return {
    sha256: field(/sha256 Fingerprint=(.*)/i),
    sha1: field(/sha1 Fingerprint=(.*)/i, sha1),
    serial: field(/serial=(.*)/),
    notBefore: new Date(field(/notBefore=(.*)/)),
    notAfter: new Date(field(/notAfter=(.*)/)),
    san,
  };
}

/** Normalises an IPv6/IPv4 SAN string the way Node's URL parser prints addresses, so openssl's long form compares. */
export function normaliseSan(entry: string): string {
  if (!entry.startsWith('ip:')) return entry;
  const ip = entry.slice(3);
  return `ip:${ip.includes(':') ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip}`;
}

export interface KeytoolEntry {
  alias: string;
  type: string;
  sha256: string[];
  chainLength: number;
}

/** Parses `keytool -list -v` into entries (alias, entry type, SHA-256 of each certificate). */
export function keytoolList(dir: string, store: string, passEnv: Record<string, string>, storetype = 'pkcs12'): KeytoolEntry[] {
  const envName = Object.keys(passEnv)[0] ?? 'STOREPASS';
  const out = keytool(dir, ['-list', '-v', '-storetype', storetype, '-keystore', store, `-storepass:env`, envName], { env: passEnv }).stdout;
  return out.split(/\*{10,}\s*\*{10,}/).flatMap((chunk) => {
    const alias = /Alias name: (.*)/.exec(chunk)?.[1]?.trim();
    if (!alias) return [];
    return [{
      alias,
      type: /Entry type: (.*)/.exec(chunk)?.[1]?.trim() ?? '',
      sha256: [...chunk.matchAll(/SHA256: ([0-9A-F:]+)/g)].map((m) => m[1] ?? ''),
      chainLength: Number(/Certificate chain length: (\d+)/.exec(chunk)?.[1] ?? '1'),
    }];
  });
}

/** DER of a PEM certificate file via openssl (independent of Certdesk's PEM reader). */
export function derOf(dir: string, pemFile: string): Buffer {
  return openssl(dir, ['x509', '-in', pemFile, '-outform', 'DER']).stdoutBytes;
}

/** PKCS#8 DER of a key file via openssl. */
export function pkcs8Of(dir: string, keyFile: string): Buffer {
  return openssl(dir, ['pkcs8', '-topk8', '-nocrypt', '-in', keyFile, '-outform', 'DER']).stdoutBytes;
}

/** Upper-case colon SHA-256 as openssl/keytool print it. */
export function fp256(dir: string, pemFile: string, inform: 'PEM' | 'DER' = 'PEM'): string {
  return opensslCertInfo(dir, pemFile, inform).sha256;
}

export { readFileSync };
