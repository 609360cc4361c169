import { describe, expect, it } from 'vitest';
import { inspectBytes, inspectBytesAsync } from '../../../../electron/core/pki/inspect.js';
import { certificatesFromAny } from '../../../../electron/core/pki/pkcs7.js';
import { makeBundle } from './bundle.js';
import { openssl, tempDir } from './helpers.js';

function timed(bytes: Buffer): { ms: number; report: ReturnType<typeof inspectBytes> } {
  const start = performance.now();
  const report = inspectBytes(bytes);
  return { ms: performance.now() - start, report };
}

describe('inspect and chain building scale linearly', () => {
  it('reads a 1,000 and a 5,000 certificate bundle in linear time, with the chain openssl sees', () => {
    const small = Buffer.from(makeBundle(1000));
    const large = Buffer.from(makeBundle(5000));
    const t = tempDir();
    try {
      t.write('large.pem', large);
      const count = openssl(t.dir, ['storeutl', '-noout', '-certs', 'large.pem']).stdout;
      expect(count).toMatch(/Total found: 5001/);
    } finally {
      t.cleanup();
    }
    timed(small); // warm-up
    const a = [timed(small), timed(small)].reduce((x, y) => (x.ms <= y.ms ? x : y));
    const b = timed(large);
    expect(b.report.items).toHaveLength(5001);
    expect(b.report.chain?.order).toEqual([0, 5000]);
    expect(b.report.chain?.complete).toBe(true);
    expect(b.report.chain?.unrelated).toHaveLength(4999);
    // Five times the certificates: linear work takes about 5x; the old quadratic code took over 20x.
    expect(b.ms / a.ms).toBeLessThan(10);
  }, 120_000);

  it('refuses more than 20,000 certificates at once, with the cap in the message', () => {
    const one = makeBundle(0);
    const e = (() => {
      try {
        inspectBytes(Buffer.from(one.repeat(20_001)));
      } catch (err) {
        return err as { code: string; message: string };
      }
      return undefined;
    })();
    expect(e?.code).toBe('UNSUPPORTED_FORMAT');
    expect(e?.message).toMatch(/more than 20,000 certificates/);
    // The same cap where a .pfx is built from certificate and chain files.
    expect(() => certificatesFromAny(Buffer.from(one.repeat(20_001)))).toThrow(/more than 20,000 certificates/);
  });

  it('is cancellable between certificates', async () => {
    const bundle = Buffer.from(makeBundle(4000));
    const controller = new AbortController();
    const start = performance.now();
    setTimeout(() => controller.abort(), 50);
    await expect(inspectBytesAsync(bundle, { signal: controller.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(performance.now() - start).toBeLessThan(1000);
  });
});

describe('chains signed with algorithms outside Certdesk\'s table', () => {
  it('a SHA3-256 RSA chain is still followed to its root, as openssl verifies it', () => {
    const t = tempDir();
    try {
      const o = (args: string[]) => openssl(t.dir, args);
      o(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-sha3-256', '-subj', '/CN=SHA3 Root', '-days', '30', '-out', 'ca.pem',
        '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign']);
      o(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'leaf.key', '-subj', '/CN=sha3.example.com', '-out', 'leaf.csr']);
      o(['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-sha3-256', '-days', '30', '-set_serial', '7', '-out', 'leaf.pem']);
      expect(o(['verify', '-CAfile', 'ca.pem', 'leaf.pem']).stdout).toMatch(/leaf.pem: OK/);
      const report = inspectBytes(Buffer.concat([t.read('leaf.pem'), t.read('ca.pem')]));
      expect(report.chain).toMatchObject({ order: [0, 1], complete: true, unrelated: [] });
    } finally {
      t.cleanup();
    }
  });
});
