/** A SHA-1 signed server certificate: Node refuses it unspecifically; the check retries and names it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTls } from '../../../../electron/core/tls/check.js';
import { parseTarget } from '../../../../electron/core/tls/target.js';
import { issueLeaf, makeTestCa, type TestCa } from '../../../servers/tls-pki.js';
import { opensslVerify, type Running, startNodeTls } from '../../../servers/tls-servers.js';
import { tempDir, type TempDir } from '../pki/helpers.js';

let tmp: TempDir;
let ca: TestCa;
let server: Running;
const read = (f: string) => readFileSync(join(tmp.dir, f));

beforeAll(async () => {
  tmp = tempDir('certdesk-tls-sha1-');
  ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'sha1', { san: 'DNS:localhost', md: 'sha1' });
  // The server itself needs security level 0 to serve a SHA-1 certificate.
  server = await startNodeTls({ cert: read('sha1-chain.pem'), key: read('sha1.key'), ciphers: 'DEFAULT@SECLEVEL=0' });
});

afterAll(async () => {
  await server.close();
  tmp.cleanup();
});

describe('checkTls: weak-signature', () => {
  it('obtains the SHA-1 certificate and reports weak-signature as an error (openssl refuses it too)', async () => {
    const r = await checkTls(parseTarget(`localhost:${server.port}`), { trust: { kind: 'ca-files', pems: [read(ca.root)] }, timeoutMs: 8000, proxy: null });
    const codes = r.findings.map((f) => f.code);
    expect(codes).toEqual(['weak-signature']);
    expect(r.findings.find((f) => f.code === 'weak-signature')?.message).toMatch(/server certificate is signed with ecdsa-with-SHA1/);
    expect(r.chain[0]?.signatureAlgorithm).toMatch(/sha1/i);
    expect(r.ok).toBe(false);
    const oracle = await opensslVerify(tmp.dir, server.port, 'localhost', ca.root);
    expect(oracle.status).not.toBe(0);
    expect(oracle.output).toMatch(/digest algorithm too weak/);
  });
});
