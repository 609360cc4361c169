import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as A from '../../../../electron/core/pki/asn1-build.js';
import { inspectBytes } from '../../../../electron/core/pki/inspect.js';
import { OID } from '../../../../electron/core/pki/oids.js';
import { readPkcs12 } from '../../../../electron/core/pki/pkcs12.js';
import { makePki, openssl, type Pki, type TempDir, tempDir } from './helpers.js';

const PASS = 'budget pass 1';
let t: TempDir;
let pki: Pki;

/**
 * A .pfx with `bags` shrouded key bags and a MAC, each asking for `iterations` (the per-field cap is
 * 1,000,000). Reading it used to cost one full derivation per bag: minutes for a few dozen bags.
 */
function manyBagsPfx(bags: number, iterations: number): Buffer {
  const pbes2 = () => A.seq([A.oid(OID.pbes2), A.seq([
    A.seq([A.oid(OID.pbkdf2), A.seq([A.octets(randomBytes(16)), A.int(iterations), A.seq([A.oid(OID.hmacWithSha256), A.nul()])])]),
    A.seq([A.oid(OID.aes256Cbc), A.octets(randomBytes(16))]),
  ])]);
  const keyBags = Array.from({ length: bags }, () => A.seq([A.oid(OID.shroudedKeyBag), A.explicit(0, A.seq([pbes2(), A.octets(randomBytes(160))]))]));
  const authSafe = A.toDer(A.seq([A.seq([A.oid(OID.data), A.explicit(0, A.octets(A.toDer(A.seq(keyBags))))])]));
  return A.toDer(A.seq([
    A.int(3),
    A.seq([A.oid(OID.data), A.explicit(0, A.octets(authSafe))]),
    A.seq([A.seq([A.seq([A.oid(OID.sha256), A.nul()]), A.octets(randomBytes(32))]), A.octets(randomBytes(8)), A.int(iterations)]),
  ]));
}

function failure(fn: () => unknown): { code: string; message: string; hint?: string } {
  try {
    fn();
  } catch (err) {
    return err as { code: string; message: string; hint?: string };
  }
  throw new Error('did not fail');
}

beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
}, 60_000);
afterAll(() => t.cleanup());

describe('one key-derivation budget for the whole PKCS#12 file', () => {
  it('a file with many bags at the per-field cap fails at once with the budget in the message', () => {
    const pfx = manyBagsPfx(8, 1_000_000);
    const start = performance.now();
    const e = failure(() => readPkcs12(pfx, PASS));
    expect(performance.now() - start).toBeLessThan(500);
    expect(e.code).toBe('UNSUPPORTED_FORMAT');
    expect(e.message).toMatch(/9,000,000 key-derivation iterations in total.*5,000,000/);
    expect(e.hint).toMatch(/-iter 2048/);
    // inspect without a password gives the same answer, not "password required" after minutes.
    expect(failure(() => inspectBytes(pfx)).code).toBe('UNSUPPORTED_FORMAT');
  });

  it('files made by openssl, also with high iteration counts, still open', () => {
    openssl(t.dir, ['pkcs12', '-export', '-in', pki.leafEc, '-inkey', pki.leafEcKey, '-certfile', pki.inter, '-iter', '200000', '-maciter',
      '-passout', 'env:PASS', '-out', 'high.p12'], { env: { PASS } });
    const p12 = readPkcs12(t.read('high.p12'), PASS);
    expect(p12.keys).toHaveLength(1);
  });

  it('is cancellable between derivations', () => {
    openssl(t.dir, ['pkcs12', '-export', '-in', pki.leafEc, '-inkey', pki.leafEcKey, '-passout', 'env:PASS', '-out', 'normal.p12'], { env: { PASS } });
    const controller = new AbortController();
    controller.abort();
    expect(failure(() => readPkcs12(t.read('normal.p12'), PASS, { signal: controller.signal })).code).toBe('CANCELLED');
  });
});
