/** Revocation: a test CA with openssl as the OCSP responder, one good and one revoked leaf; stapled and fetched. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkTls, type TlsCheckOptions } from '../../../../electron/core/tls/check.js';
import { readOcspResponse } from '../../../../electron/core/tls/ocsp-der.js';
import { loadCert } from '../../../../electron/core/pki/chain.js';
import { certificatesFrom } from '../../../../electron/core/pki/pem.js';
import { parseTarget } from '../../../../electron/core/tls/target.js';
import { fetchOcspResponse, type Responder, startOcspResponder } from '../../../servers/ocsp-responder.js';
import { issueLeaf, makeTestCa, type TestCa } from '../../../servers/tls-pki.js';
import { freePort, type Running, startNodeTls } from '../../../servers/tls-servers.js';
import { openssl, tempDir, type TempDir } from '../pki/helpers.js';

let tmp: TempDir;
let ca: TestCa;
let responder: Responder;
const servers: Running[] = [];
const ports: Record<string, number> = {};
const read = (f: string) => readFileSync(join(tmp.dir, f));

beforeAll(async () => {
  tmp = tempDir('certdesk-tls-ocsp-');
  ca = makeTestCa(tmp.dir);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  issueLeaf(ca, 'good', { san: 'DNS:localhost', ocspUrl: url });
  issueLeaf(ca, 'revoked', { san: 'DNS:localhost', ocspUrl: url });
  openssl(tmp.dir, ['ca', '-config', 'ca.cnf', '-name', 'inter_ca', '-revoke', 'revoked.pem', '-crl_reason', 'keyCompromise']);
  responder = await startOcspResponder(tmp.dir, 'inter-index.txt', ca.inter, ca.interKey, port);
  servers.push(responder);
  const goodResp = await fetchOcspResponse(tmp.dir, ca.inter, 'good.pem', url, 'good.ocsp');
  const revokedResp = await fetchOcspResponse(tmp.dir, ca.inter, 'revoked.pem', url, 'revoked.ocsp');
  const serve = async (name: string, leaf: string, staple?: Buffer) => {
    const s = await startNodeTls({ cert: read(`${leaf}-chain.pem`), key: read(`${leaf}.key`), ...(staple ? { ocspResponse: () => staple } : {}) });
    servers.push(s);
    ports[name] = s.port;
  };
  await serve('good', 'good');
  await serve('revoked', 'revoked');
  await serve('goodStapled', 'good', goodResp);
  await serve('revokedStapled', 'revoked', revokedResp);
  // A server stapling a response about another certificate: it must not be believed.
  await serve('wrongStaple', 'good', revokedResp);
});

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  tmp.cleanup();
});

const opts = (lookups: boolean): TlsCheckOptions => ({ trust: { kind: 'ca-files', pems: [read(ca.root)] }, timeoutMs: 8000, proxy: null, allowNetworkLookups: lookups });
const check = (name: string, lookups = false) => checkTls(parseTarget(`localhost:${ports[name] ?? 0}`), opts(lookups));
const codes = (r: { findings: { code: string }[] }) => r.findings.map((f) => f.code);

describe('checkTls: revocation', () => {
  it('not checked without a staple and without network lookups', async () => {
    const before = responder.requests;
    const r = await check('revoked');
    expect(r.revocation).toBe('not-checked');
    expect(codes(r)).toEqual(['ok']);
    expect(responder.requests).toBe(before);
  });

  it('asks the OCSP responder named in the certificate when lookups are allowed: good and revoked', async () => {
    const good = await check('good', true);
    expect(good.revocation).toBe('good');
    expect(codes(good)).toEqual(['ok']);
    const revoked = await check('revoked', true);
    expect(revoked.revocation).toBe('revoked');
    expect(codes(revoked)).toEqual(['revoked']);
    expect(revoked.findings[0]?.severity).toBe('error');
    expect(revoked.findings[0]?.message).toContain(`OCSP responder http://127.0.0.1:${responder.port}/`);
    expect(revoked.ok).toBe(false);
  });

  it('reads a stapled response (verified) without asking anyone', async () => {
    const before = responder.requests;
    expect((await check('goodStapled')).revocation).toBe('good');
    const revoked = await check('revokedStapled');
    expect(revoked.revocation).toBe('revoked');
    expect(revoked.findings[0]?.message).toContain('stapled OCSP response');
    expect(responder.requests).toBe(before);
  });

  it('a stapled response about another certificate is ignored, and says why', async () => {
    const r = await check('wrongStaple');
    expect(r.revocation).toBe('not-checked');
    expect(r.findings.find((f) => f.code === 'revocation-not-checked')?.message).toContain('does not speak about this certificate');
    const asked = await check('wrongStaple', true);
    expect(asked.revocation).toBe('good');
  });

  it('a response whose signature does not verify, or that is out of date, is not believed', () => {
    const leaf = loadCert(certificatesFrom(read('good.pem'))[0] ?? Buffer.alloc(0));
    const issuer = loadCert(certificatesFrom(read(ca.inter))[0] ?? Buffer.alloc(0));
    const resp = read('good.ocsp');
    expect(readOcspResponse(resp, leaf, issuer, new Date())).toMatchObject({ status: 'good' });
    const tampered = Buffer.from(resp);
    const i = tampered.indexOf(leaf.parts.serial);
    const at = i + leaf.parts.serial.length - 1;
    tampered[at] = (tampered[at] ?? 0) ^ 0x01; // another serial: signature no longer matches
    expect(readOcspResponse(tampered, leaf, issuer, new Date())).toEqual({ status: 'invalid', reason: 'its signature does not verify' });
    expect(readOcspResponse(resp, leaf, issuer, new Date(Date.now() - 86_400_000))).toEqual({ status: 'invalid', reason: 'it is dated in the future' });
    expect(readOcspResponse(Buffer.from('garbage'), leaf, issuer, new Date())).toMatchObject({ status: 'invalid' });
  });
});
