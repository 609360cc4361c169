import { execFile, execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { saveKeystore } from '../../../electron/core/keystore/keystore.js';
import type { Keystore } from '../../../electron/core/keystore/model.js';
import { trustCertificate } from '../../../electron/core/keystore/operations.js';
import type { Pair } from '../harness.js';
import { CLI_BUNDLE } from '../paths.js';

/**
 * Keystore work as a person runs it, whole process against whole process:
 * listing a 200-entry trust store, and importing a .pfx into an agent keystore.
 */

const run = promisify(execFile);
const STOREPASS = 'changeit';
const PFX_PASS = 'bench-pfx-pass';
const ENTRIES = 200;

/** `count` self-signed EC certificates from openssl, a few processes at a time. */
async function makeCertificates(dir: string, count: number): Promise<Buffer[]> {
  const out: Buffer[] = new Array<Buffer>(count);
  const make = async (i: number): Promise<void> => {
    const crt = join(dir, `ca-${i}.crt`);
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', join(dir, `ca-${i}.key`),
      '-out', crt, '-days', String(30 + i * 7), '-subj', `/CN=Bench Root CA ${i}/O=Certdesk Bench`,
    ]);
    out[i] = new X509Certificate(readFileSync(crt)).raw;
  };
  for (let i = 0; i < count; i += 16) await Promise.all(Array.from({ length: Math.min(16, count - i) }, (_, k) => make(i + k)));
  return out;
}

/** Removes the backups a previous run left beside `path`, so every run does the same work. */
function removeBackups(dir: string, name: string): void {
  for (const f of readdirSync(dir)) if (f.startsWith(`${name}.`) && (f.endsWith('.orig') || f.endsWith('.bak'))) unlinkSync(join(dir, f));
}

export async function keystorePairs(): Promise<Pair[]> {
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-bench-ks-'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

  // The 200-entry trust store, built with Certdesk's own core (fast), then checked with keytool.
  const certs = await makeCertificates(dir, ENTRIES);
  let ks: Keystore = { type: 'JKS', entries: [] };
  certs.forEach((der, i) => (ks = trustCertificate(ks, der, { alias: `bench-ca-${String(i).padStart(3, '0')}` }).keystore));
  const trustStore = join(dir, 'truststore.jks');
  writeFileSync(trustStore, saveKeystore(ks, STOREPASS));
  const listed = execFileSync('keytool', ['-list', '-keystore', trustStore, '-storepass', STOREPASS], { encoding: 'utf8' });
  if (!listed.includes(`Your keystore contains ${ENTRIES} entries`)) throw new Error(`keytool does not read the bench trust store:\n${listed.slice(0, 400)}`);

  // An agent keystore to import into (restored before every run), and a .pfx with a chain-less EC key.
  const agentStore = join(dir, 'agent-pristine.jks');
  execFileSync('keytool', ['-genkeypair', '-alias', 'admin-tool', '-keyalg', 'EC', '-dname', 'CN=Agent Admin Tool', '-keystore', agentStore, '-storetype', 'JKS', '-storepass', STOREPASS], { stdio: 'ignore' });
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'web.key'), '-out', join(dir, 'web.crt'), '-days', '365', '-subj', '/CN=agent.example.com'], { stdio: 'ignore' });
  const pfx = join(dir, 'web.pfx');
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(dir, 'web.key'), '-in', join(dir, 'web.crt'), '-name', 'web', '-out', pfx, '-passout', `pass:${PFX_PASS}`]);
  const certdeskTarget = join(dir, 'certdesk-agent.jks');
  const keytoolTarget = join(dir, 'keytool-agent.jks');

  const env = { CERTDESK_HOME: join(dir, 'home'), SP: STOREPASS, PP: PFX_PASS };
  const certdesk = (args: string[]) => ({ cmd: process.execPath, args: [CLI_BUNDLE, ...args], env });
  return [
    {
      name: `keystore list: ${ENTRIES}-entry trust store, every entry described`,
      certdesk: { label: 'certdesk keystore list', ...certdesk(['keystore', 'list', trustStore, '--storepass-env', 'SP']) },
      reference: { label: 'keytool -list -v', cmd: 'keytool', args: ['-list', '-v', '-keystore', trustStore, '-storepass:env', 'SP'], env },
      runs: 10,
    },
    {
      name: `keystore list: ${ENTRIES}-entry trust store vs keytool's short list`,
      certdesk: { label: 'certdesk keystore list --json', ...certdesk(['keystore', 'list', trustStore, '--storepass-env', 'SP', '--json']) },
      reference: { label: 'keytool -list', cmd: 'keytool', args: ['-list', '-keystore', trustStore, '-storepass:env', 'SP'], env },
      runs: 10,
    },
    {
      name: 'import a .pfx into an agent keystore (JKS, backup + verify included for Certdesk)',
      certdesk: {
        label: 'certdesk keystore import-pfx',
        ...certdesk(['keystore', 'import-pfx', certdeskTarget, '--pfx', pfx, '--pfx-password-env', 'PP', '--alias', 'web', '--storepass-env', 'SP']),
        prepare: () => {
          removeBackups(dir, 'certdesk-agent.jks');
          copyFileSync(agentStore, certdeskTarget);
        },
      },
      reference: {
        label: 'keytool -importkeystore',
        cmd: 'keytool',
        args: ['-importkeystore', '-noprompt', '-srckeystore', pfx, '-srcstoretype', 'pkcs12', '-srcstorepass:env', 'PP', '-destkeystore', keytoolTarget,
          '-deststoretype', 'JKS', '-deststorepass:env', 'SP'],
        env,
        prepare: () => copyFileSync(agentStore, keytoolTarget),
      },
      runs: 10,
    },
  ];
}
