/**
 * The tls.* operations through the real core services (input schemas, file reading, writing, jobs):
 * scenario servers on loopback, trust from CA files and a keytool-made trust store.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TlsScanRow } from '../../../../shared/contract/tls.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { asnDate, issueLeaf, makeTestCa, selfSignedLeaf, type TestCa } from '../../../servers/tls-pki.js';
import { type Running, startNodeTls } from '../../../servers/tls-servers.js';
import { keytool, openssl, tempDir, type TempDir } from '../pki/helpers.js';

const STOREPASS = 'changeit-test';
let tmp: TempDir;
let ca: TestCa;
let core: TestCore;
let healthy: Running;
let expired: Running;
let agentServer: Running;
const p = (f: string) => join(tmp.dir, f);
const read = (f: string) => readFileSync(p(f));

beforeAll(async () => {
  tmp = tempDir('certdesk-tls-service-');
  ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'server', { san: 'DNS:localhost,IP:127.0.0.1' });
  issueLeaf(ca, 'old', { san: 'DNS:localhost,IP:127.0.0.1', start: asnDate(-400), end: asnDate(-5) });
  selfSignedLeaf(tmp.dir, 'agent-old', 'DNS:localhost');
  keytool(tmp.dir, ['-importcert', '-noprompt', '-storetype', 'JKS', '-keystore', 'trust.jks', '-storepass:env', 'SP', '-alias', 'root', '-file', ca.root], { env: { SP: STOREPASS } });
  [healthy, expired, agentServer] = await Promise.all([
    startNodeTls({ cert: read('server-chain.pem'), key: read('server.key') }),
    startNodeTls({ cert: read('old-chain.pem'), key: read('old.key') }),
    startNodeTls({ cert: read('agent-old.pem'), key: read('agent-old.key') }),
  ]);
  core = createTestCore();
}, 120_000);

afterAll(async () => {
  await Promise.all([healthy, expired, agentServer].map((s) => s?.close()));
  core?.cleanup();
  tmp?.cleanup();
});

const caTrust = () => ({ kind: 'caFiles' as const, paths: [p(ca.root)] });

describe('tls.check', () => {
  it('is ok with the test root from a CA file, and from a keytool trust store', async () => {
    const r = await core.services['tls.check']({ target: `localhost:${healthy.port}`, trust: caTrust() });
    expect(r.ok && r.value.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.findings[0]?.code).toBe('ok');
    expect(r.value.chain.map((c) => c.subject)).toEqual(['O=Certdesk Test, CN=server', 'O=Certdesk Test, CN=Certdesk Test Intermediate']);
    const j = await core.services['tls.check']({ target: `localhost:${healthy.port}`, trust: { kind: 'javaTrustStore', path: p('trust.jks'), storePassword: STOREPASS } });
    expect(j.ok && j.value.ok).toBe(true);
    if (j.ok) expect(j.value.trustUsed).toContain('trust.jks');
  });

  it('is not ok with the bundled roots (the test root is not among them), and refuses bad input before any connection', async () => {
    const r = await core.services['tls.check']({ target: `localhost:${healthy.port}` });
    expect(r.ok && r.value.ok).toBe(false);
    expect(r.ok && r.value.findings[0]?.code).toBe('incomplete-chain');
    const bad = await core.services['tls.check']({ target: 'not a target' });
    expect(!bad.ok && bad.error.code).toBe('VALIDATION_FAILED');
    const wrongPass = await core.services['tls.check']({ target: `localhost:${healthy.port}`, trust: { kind: 'javaTrustStore', path: p('trust.jks'), storePassword: 'wrong-pass' } });
    expect(!wrongPass.ok && wrongPass.error.code).toBe('BAD_PASSWORD');
    const tooLong = await core.services['tls.check']({ target: 'localhost:1', timeoutMs: 999_999 });
    expect(!tooLong.ok && tooLong.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('tls.scan', () => {
  it('checks a list with bounded concurrency, sends each row as it finishes, and sorts errors first', async () => {
    writeFileSync(p('targets.txt'), `# three endpoints\nlocalhost:${healthy.port}\nlocalhost:${expired.port}  # the old one\nnot a target\n`);
    const items: { key: string; value: unknown }[] = [];
    const r = await core.services['tls.scan']({ targetsPath: p('targets.txt'), concurrency: 2, trust: caTrust() }, { item: (key, value) => items.push({ key, value }) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.rows.map((x) => [x.line, x.code])).toEqual([[3, 'expired'], [4, 'invalid-target'], [2, 'ok']]);
    expect(r.value.checked).toBe(2);
    expect(items.map((i) => i.key).sort()).toEqual(['2', '3', '4']);
    expect((items.find((i) => i.key === '3')?.value as TlsScanRow).daysLeft).toBeLessThan(0);
  });

  it('runs many checks at once without piling listeners on the job signal (no MaxListeners warning)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    const lines = Array.from({ length: 40 }, () => `localhost:${healthy.port}`).join('\n');
    const r = await core.services['tls.scan']({ targets: lines, concurrency: 32, trust: caTrust() });
    await new Promise((done) => setImmediate(done));
    process.off('warning', onWarning);
    expect(r.ok && r.value.checked).toBe(40);
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    const lines = Array.from({ length: 30 }, () => `localhost:${healthy.port}`).join('\n');
    let seen = 0;
    const r = await core.services['tls.scan']({ targets: lines, concurrency: 1, trust: caTrust() }, {
      signal: controller.signal,
      item: () => {
        if (++seen === 2) controller.abort();
      },
    });
    expect(!r.ok && r.error.code).toBe('CANCELLED');
    expect(seen).toBeLessThan(30);
  });
});

describe('tls.saveChain and tls.exportScan', () => {
  it('writes the served chain as PEM (openssl reads it), the leaf as DER, and refuses what is not a certificate', async () => {
    const r = await core.services['tls.check']({ target: `localhost:${healthy.port}`, trust: caTrust() });
    if (!r.ok) throw new Error(r.error.message);
    const chainPem = r.value.chainPem ?? '';
    const saved = await core.services['tls.saveChain']({ chainPem, outPath: p('served.pem') });
    expect(saved.ok && saved.value.certificates.length).toBe(2);
    expect(openssl(tmp.dir, ['verify', '-CAfile', ca.root, '-untrusted', 'served.pem', 'served.pem']).stdout).toContain('served.pem: OK');
    const leaf = await core.services['tls.saveChain']({ chainPem, part: 'leaf', format: 'der', outPath: p('leaf.cer') });
    expect(leaf.ok).toBe(true);
    expect(openssl(tmp.dir, ['x509', '-inform', 'DER', '-in', 'leaf.cer', '-noout', '-subject']).stdout).toContain('CN = server');
    const again = await core.services['tls.saveChain']({ chainPem, outPath: p('served.pem') });
    expect(!again.ok && again.error.code).toBe('FILE_EXISTS');
    const junk = await core.services['tls.saveChain']({ chainPem: '<script>alert(1)</script>', outPath: p('junk.pem') });
    expect(!junk.ok && junk.error.code).toBe('UNSUPPORTED_FORMAT');
    const key = await core.services['tls.saveChain']({ chainPem: read('server.key').toString(), outPath: p('key.pem') });
    expect(!key.ok && key.error.code).toBe('NO_CERTIFICATE');
  });

  it('exports a batch as CSV with formula-looking text made inert', async () => {
    const rows: TlsScanRow[] = [{ line: 1, target: '=cmd|x', severity: 'error', code: 'invalid-target', message: 'bad "one"', daysLeft: -3 }];
    const r = await core.services['tls.exportScan']({ rows, format: 'csv', outPath: p('scan.csv') });
    expect(r.ok).toBe(true);
    expect(read('scan.csv').toString()).toContain(`"1","'=cmd|x","error","invalid-target","bad ""one""","","-3"`);
  });
});

describe('tls.agentCheck', () => {
  it('says the agent still serves the old certificate, and is fine once the keystore matches', async () => {
    const home = p('agent');
    mkdirSync(home);
    cpSync(join(import.meta.dirname, '../../../fixtures/agent/linux/conf'), join(home, 'conf'), { recursive: true });
    const ks = join(home, 'conf', '.keystore');
    keytool(tmp.dir, ['-genkeypair', '-alias', 'new', '-keyalg', 'EC', '-dname', 'CN=localhost', '-keystore', ks, '-storetype', 'JKS', '-storepass:env', 'SP', '-keypass:env', 'SP'], { env: { SP: STOREPASS } });
    const endpoint = `https://localhost:${agentServer.port}`;
    const stale = await core.services['tls.agentCheck']({ home, endpoint, storePassword: STOREPASS });
    expect(stale.ok && stale.value.verdict.code).toBe('serves-other-certificate');
    if (stale.ok) expect(stale.value.verdict.message).toContain('the agent still serves the old certificate');
    openssl(tmp.dir, ['pkcs12', '-export', '-in', 'agent-old.pem', '-inkey', 'agent-old.key', '-out', 'agent-old.p12', '-passout', `pass:${STOREPASS}`, '-name', 'current']);
    keytool(tmp.dir, ['-importkeystore', '-noprompt', '-srckeystore', 'agent-old.p12', '-srcstoretype', 'PKCS12', '-srcstorepass:env', 'SP', '-destkeystore', ks, '-deststoretype', 'JKS', '-deststorepass:env', 'SP'], { env: { SP: STOREPASS } });
    const fine = await core.services['tls.agentCheck']({ home, endpoint, storePassword: STOREPASS });
    expect(fine.ok && fine.value.verdict.code).toBe('serves-expected-certificate');
  });
});
