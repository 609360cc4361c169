import type { ChildProcess } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pbeDecrypt } from '../../../../electron/core/keystore/key-protector.js';
import { loadKeystore, saveKeystore } from '../../../../electron/core/keystore/keystore.js';
import type { Keystore, KeystoreType } from '../../../../electron/core/keystore/model.js';
import { exportCertificate, importKeyPair, trustCertificate } from '../../../../electron/core/keystore/operations.js';
import {
  type KeyPair, compileOracle, fingerprint, javaPbe, keytool, keytoolList, opensslKeyPair, runJavaClient, startJavaServer, tempDir,
} from './helpers.js';

/** Keystores Certdesk writes, checked by keytool and by Java's own TLS stack. */

const STOREPASS = 'alarmpoint';
const OWN_KEYPASS = 'key-pass-2';
const FANCY = 'Ünïcödé-😀 Key';

let dir: string;
let cleanup: () => Promise<void>;
let classDir: string;
let rsa: KeyPair;
let ec: KeyPair;
let remote: KeyPair;
const children: ChildProcess[] = [];
const servers: tls.Server[] = [];

function buildStore(type: KeystoreType, opts: { ownKeyPassword: boolean }): Keystore {
  let ks: Keystore = { type, entries: [] };
  ks = importKeyPair(ks, rsa.keyPkcs8Der, [rsa.certDer], { alias: 'server' }).keystore;
  const ownPass = opts.ownKeyPassword && type !== 'PKCS12' ? { keyPassword: OWN_KEYPASS } : {};
  ks = importKeyPair(ks, ec.keyPkcs8Der, [ec.certDer], { alias: FANCY, ...ownPass }).keystore;
  return trustCertificate(ks, remote.certDer, { alias: 'partner' }).keystore;
}

/** Java lower-cases JKS/JCEKS/PKCS12 aliases when it loads them. */
const javaAlias = (a: string): string => a.toLowerCase();

const EXPECTED = (): Array<{ alias: string; entryType: string; sha256: string[] }> =>
  [
    { alias: 'server', entryType: 'PrivateKeyEntry', sha256: [fingerprint(rsa.certDer)] },
    { alias: javaAlias(FANCY), entryType: 'PrivateKeyEntry', sha256: [fingerprint(ec.certDer)] },
    { alias: 'partner', entryType: 'trustedCertEntry', sha256: [fingerprint(remote.certDer)] },
  ].sort((a, b) => a.alias.localeCompare(b.alias));

const sorted = <T extends { alias: string }>(xs: T[]): T[] => [...xs].sort((a, b) => a.alias.localeCompare(b.alias));

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('write'));
  [classDir, rsa, ec, remote] = await Promise.all([
    compileOracle(dir),
    opensslKeyPair(dir, 'rsa', 'rsa'),
    opensslKeyPair(dir, 'ec', 'ec'),
    opensslKeyPair(dir, 'remote', 'ec'),
  ]);
}, 60_000);

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  for (const s of servers) s.close();
  await cleanup?.();
});

describe('keytool reads what Certdesk writes', () => {
  it.each(['JKS', 'JCEKS', 'PKCS12'] as const)('%s: keytool -list -v shows the same aliases, entry types and fingerprints', async (type) => {
    const path = join(dir, `written.${type.toLowerCase()}`);
    await writeFile(path, saveKeystore(buildStore(type, { ownKeyPassword: true }), STOREPASS));
    const listing = await keytoolList(path, STOREPASS, type);
    expect(listing.type.toUpperCase()).toBe(type);
    expect(sorted(listing.entries)).toEqual(EXPECTED());
  });

  it('a Certdesk JKS survives keytool -importkeystore into a fresh PKCS12 store, and -exportcert gives the same certificate', async () => {
    const ks = buildStore('JKS', { ownKeyPassword: true });
    const path = join(dir, 'agent.jks');
    await writeFile(path, saveKeystore(ks, STOREPASS));
    const fresh = join(dir, 'fresh.p12');
    // keytool asks for the key password of the entry that has its own on stdin.
    await keytool(['-importkeystore', '-noprompt', '-srckeystore', path, '-srcstoretype', 'JKS', '-srcstorepass', STOREPASS,
      '-destkeystore', fresh, '-deststoretype', 'PKCS12', '-deststorepass', 'fresh-pass'], { input: `${OWN_KEYPASS}\n` });
    expect(sorted((await keytoolList(fresh, 'fresh-pass', 'PKCS12')).entries)).toEqual(EXPECTED());

    const pem = await keytool(['-exportcert', '-rfc', '-alias', 'server', '-keystore', path, '-storepass', STOREPASS]);
    expect(new X509Certificate(pem).raw).toEqual(rsa.certDer);
    expect(exportCertificate(ks, 'server', 'pem').toString()).toBe(pem.replace(/\r\n/g, '\n'));
    expect(exportCertificate(ks, 'server', 'der')).toEqual(rsa.certDer);
  });

  it('keytool-written and Certdesk-written JKS files hold the same key (Certdesk reads back what keytool re-wrote)', async () => {
    const path = join(dir, 'rewritten.jks');
    await writeFile(path, saveKeystore(buildStore('JKS', { ownKeyPassword: false }), STOREPASS));
    await keytool(['-changealias', '-alias', 'server', '-destalias', 'renamed', '-keystore', path, '-storepass', STOREPASS]);
    const back = loadKeystore(await readFile(path), STOREPASS);
    const renamed = back.entries.find((e) => e.alias === 'renamed')!;
    expect(renamed.keyPkcs8Der && Buffer.from(renamed.keyPkcs8Der)).toBeDefined();
    expect(renamed.chainDer[0]).toEqual(rsa.certDer);
  });
});

describe("Java's TLS stack uses the key material", () => {
  it.each([
    ['RSA', 'server'],
    ['EC', FANCY],
  ])('a Java TLS server on the Certdesk JKS (%s entry) completes a handshake with a Node client', async (_alg, alias) => {
    const path = join(dir, `tls-${_alg}.jks`);
    await writeFile(path, saveKeystore(buildStore('JKS', { ownKeyPassword: false }), STOREPASS));
    const pair = alias === 'server' ? rsa : ec;
    const { port, child } = await startJavaServer(classDir, { path, type: 'JKS', storePass: STOREPASS, keyPass: STOREPASS, alias: javaAlias(alias) });
    children.push(child);
    const result = await new Promise<{ fp: string; line: string }>((resolve, reject) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ca: pair.certPem, servername: 'localhost', timeout: 10_000 }, () => {
        const fp = fingerprint(socket.getPeerCertificate().raw);
        socket.once('data', (d: Buffer) => {
          resolve({ fp, line: d.toString().trim() });
          socket.end();
        });
      });
      socket.on('error', reject);
      socket.on('timeout', () => reject(new Error('TLS timeout')));
    });
    expect(result).toEqual({ fp: fingerprint(pair.certDer), line: 'HELLO FROM JAVA' });
  });

  it.each(['JKS', 'PKCS12'] as const)('a Java TLS client trusts a Node server through a Certdesk %s trust store', async (type) => {
    const trustPath = join(dir, `trust.${type.toLowerCase()}`);
    const ks = trustCertificate({ type, entries: [] }, remote.certDer, { alias: 'remote-agent' }).keystore;
    await writeFile(trustPath, saveKeystore(ks, 'changeit'));
    const server = tls.createServer({ key: remote.keyPem, cert: remote.certPem }, (s) => s.end('hi\n'));
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const out = await runJavaClient(classDir, { path: trustPath, type, pass: 'changeit', port });
    expect(out.stdout.trim(), out.stderr).toBe(`HANDSHAKE OK ${fingerprint(remote.certDer)}`);
  });
});

describe("Java's PBEWithMD5AndTripleDES (JCEKS key protection)", () => {
  it('decrypts what Java encrypts, including the special case of equal salt halves', async () => {
    const salts = ['0102030401020304', 'a1b2c3d4e5f60718', 'ffffffffffffffff'];
    const hex = await javaPbe(classDir, 'changeit', 1000, 'a secret longer than one block', salts);
    expect(hex).toHaveLength(3);
    for (const [i, salt] of salts.entries())
      expect(pbeDecrypt(Buffer.from(hex[i]!, 'hex'), 'changeit', Buffer.from(salt, 'hex'), 1000).toString()).toBe('a secret longer than one block');
  });
});
