/** Verdicts that must not mislead: expiry wins, a missing intermediate is named with where to get it, a lone certificate is calm. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { worstSeverity } from '../../../../shared/findings.js';
import { describeCertificate } from '../../../../electron/core/pki/cert-facts.js';
import { daysLeftUntil } from '../../../../electron/core/pki/expiry.js';
import { inspectBytes } from '../../../../electron/core/pki/inspect.js';
import { derOf, makePki, openssl, type Pki, type TempDir, tempDir } from './helpers.js';

const DAY = 86_400_000;
let t: TempDir;
let pki: Pki;

beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
  const o = (args: string[]) => openssl(t.dir, args, { env: { PASS: 'verdict pass' } });
  o(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'self.key', '-out', 'self.pem', '-days', '365',
    '-subj', '/CN=self.example.com', '-addext', 'subjectAltName=DNS:self.example.com']);
  t.write('leaf-and-root.pem', Buffer.concat([t.read(pki.leafRsa), t.read(pki.root)]));
  o(['pkcs12', '-export', '-in', pki.leafRsa, '-inkey', pki.leafRsaKey, '-passout', 'env:PASS', '-out', 'leaf-only.p12']);
});

afterAll(() => t.cleanup());

const notAfterOf = (file: string) => new Date(openssl(t.dir, ['x509', '-in', file, '-noout', '-enddate']).stdout.trim().replace('notAfter=', ''));

describe('verdicts', () => {
  it('an expired self-signed certificate reads as expired first, never as a calm "self-signed"', () => {
    const fresh = inspectBytes(t.read('self.pem'));
    expect(fresh.findings).toEqual([expect.objectContaining({ code: 'self-signed', severity: 'info' })]);
    const later = new Date(notAfterOf('self.pem').getTime() + 3 * DAY);
    const r = inspectBytes(t.read('self.pem'), { now: later });
    expect(r.findings.map((f) => f.code)).toEqual(['expired', 'self-signed']);
    expect(r.findings[0]).toMatchObject({ severity: 'error' });
    expect(r.findings[1]?.message).toMatch(/expired/i);
    expect(worstSeverity(r.findings)).toBe('error');
  });

  it('a leaf and root without the intermediate: names it, gives the AIA URL, and calls the root the root of this chain', () => {
    const r = inspectBytes(t.read('leaf-and-root.pem'));
    expect(r.chain).toMatchObject({ order: [0], complete: false, unrelated: [], rootBeyondGap: 1, missingIssuerUrls: ['http://ca.example.com/inter.crt'] });
    const gap = r.findings.find((f) => f.code === 'intermediate-missing');
    expect(gap).toMatchObject({ severity: 'warning', message: expect.stringContaining('CN=Test Intermediate CA') });
    expect(gap?.message).toContain('root of this chain');
    expect(gap?.fix).toContain('http://ca.example.com/inter.crt');
    expect(r.findings.map((f) => f.code)).not.toContain('unrelated-certificates');
  });

  it('a lone leaf .cer is calm ("chain not included"); a .pfx with a key whose chain stops short warns', () => {
    openssl(t.dir, ['x509', '-in', pki.leafRsa, '-outform', 'DER', '-out', 'leaf.cer']);
    const lone = inspectBytes(t.read('leaf.cer'));
    expect(lone.findings).toEqual([expect.objectContaining({ code: 'chain-not-included', severity: 'info', fix: expect.stringContaining('http://ca.example.com/inter.crt') })]);
    const pfx = inspectBytes(t.read('leaf-only.p12'), { password: 'verdict pass' });
    expect(pfx.findings.filter((f) => f.code === 'chain-incomplete')).toEqual([expect.objectContaining({ severity: 'warning', fix: expect.stringContaining('http://ca.example.com/inter.crt') })]);
  });

  it('days left: one rule, started days while valid, negative once ended', () => {
    const der = derOf(t.dir, 'self.pem');
    const end = notAfterOf('self.pem');
    const issued = new Date(end.getTime() - 365 * DAY);
    expect(describeCertificate(der, issued).daysLeft).toBe(365);
    expect(daysLeftUntil(end, new Date(end.getTime() - 2 * 3_600_000))).toBe(1);
    expect(daysLeftUntil(end, new Date(end.getTime() + 3_600_000))).toBe(-1);
    expect(daysLeftUntil(end, new Date(end.getTime() + 2 * DAY + 1))).toBe(-3);
    expect(describeCertificate(der, new Date(end.getTime() + 3_600_000)).daysLeft).toBe(-1);
  });
});
