/**
 * "Would this Java caller trust it?": a trust store written by keytool, read through the keystore
 * domain, decides as Java does; a small Java client on the same servers agrees.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTls } from '../../../../electron/core/tls/check.js';
import { parseTarget } from '../../../../electron/core/tls/target.js';
import { javaTrust, resolveTrust } from '../../../../electron/core/tls/trust.js';
import { issueLeaf, makeTestCa, selfSignedLeaf, type TestCa } from '../../../servers/tls-pki.js';
import { type Running, startNodeTls } from '../../../servers/tls-servers.js';
import { keytool, tempDir, type TempDir } from '../pki/helpers.js';

const CLIENT = join(import.meta.dirname, '../../../servers/JavaTlsClient.java');
const PASS = { TS_PASS: 'changeit-test' };
let tmp: TempDir;
let ca: TestCa;
let server: Running;
const read = (f: string) => readFileSync(join(tmp.dir, f));

function importCert(store: string, alias: string, file: string, type = 'JKS') {
  keytool(tmp.dir, ['-importcert', '-noprompt', '-storetype', type, '-keystore', store, '-storepass:env', 'TS_PASS', '-alias', alias, '-file', file], { env: PASS });
}

function java(store: string, type: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const p = spawn('java', ['-Xshare:auto', '-XX:TieredStopAtLevel=1', CLIENT, join(tmp.dir, store), type, 'localhost', String(port)], { env: { ...process.env, ...PASS } });
    let out = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { out += d.toString(); });
    p.once('exit', () => resolve(out.trim()));
  });
}

beforeAll(async () => {
  tmp = tempDir('certdesk-tls-java-');
  ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'server', { san: 'DNS:localhost' });
  selfSignedLeaf(tmp.dir, 'unrelated', 'DNS:unrelated.test');
  importCert('root.jks', 'testroot', ca.root);
  importCert('inter.p12', 'testinter', ca.inter, 'PKCS12');
  importCert('other.jks', 'other', 'unrelated.pem');
  server = await startNodeTls({ cert: read('server-chain.pem'), key: read('server.key') });
}, 120_000);

afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

const check = (store: string) => checkTls(parseTarget(`localhost:${server.port}`), { trust: javaTrust(read(store), PASS.TS_PASS, store), timeoutMs: 8000, proxy: null });
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('checkTls with a Java trust store', () => {
  it('the root in a JKS: trusted, as the Java client says', async () => {
    const r = await check('root.jks');
    expect(codes(r)).toEqual(['ok']);
    expect(r.trustUsed).toBe('the Java trust store root.jks (1 trusted certificate)');
    expect(await java('root.jks', 'JKS', server.port)).toMatch(/^TRUSTED/);
  }, 60_000);

  it('only the intermediate in a PKCS#12 store: Java trusts it as an anchor, and so does the check', async () => {
    const r = await check('inter.p12');
    expect(codes(r)).toEqual(['ok']);
    expect(r.path?.subjects).toHaveLength(2);
    expect(await java('inter.p12', 'PKCS12', server.port)).toMatch(/^TRUSTED/);
  }, 60_000);

  it('a store without the CA: refused by both', async () => {
    const r = await check('other.jks');
    expect(r.ok).toBe(false);
    expect(codes(r)).toEqual(['incomplete-chain']);
    expect(await java('other.jks', 'JKS', server.port)).toMatch(/^REFUSED .*(PKIX|certification path)/);
  }, 60_000);

  it('a wrong store password is BAD_PASSWORD; the system store names its file', () => {
    expect(() => javaTrust(read('root.jks'), 'wrong')).toThrow(expect.objectContaining({ code: 'BAD_PASSWORD' }));
    expect(resolveTrust({ kind: 'system' }).description).toMatch(/^the system store \/etc\//);
  });
});
