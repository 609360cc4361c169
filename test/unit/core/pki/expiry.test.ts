import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeCertificate } from '../../../../electron/core/pki/cert-facts.js';
import { expiringWithin, expiryOf } from '../../../../electron/core/pki/expiry.js';
import { derOf, makePki, type Pki, type TempDir, tempDir } from './helpers.js';

let t: TempDir;
let pki: Pki;
beforeAll(() => {
  t = tempDir();
  pki = makePki(t.dir);
});
afterAll(() => t.cleanup());

describe('expiry of a chain, as the core judges it', () => {
  it('takes the soonest certificate, with the threshold from the settings', () => {
    const leafDer = derOf(t.dir, pki.leafEc);
    const end = new Date(describeCertificate(leafDer).notAfter).getTime();
    const chain = (now: number, soon?: number) => [leafDer, derOf(t.dir, pki.inter)].map((d) => describeCertificate(d, new Date(now), soon));
    expect(expiryOf(chain(end - 40 * 86_400_000))).toEqual({ status: 'valid', daysLeft: 40 });
    expect(expiryOf(chain(end - 40 * 86_400_000, 45))).toEqual({ status: 'expiring-soon', daysLeft: 40 });
    expect(expiryOf(chain(end + 2 * 86_400_000))).toEqual({ status: 'expired', daysLeft: -2 });
    expect(expiryOf([])).toBeNull();
    const entries = [{ alias: 'web', certificates: chain(end - 10 * 86_400_000) }];
    expect(expiringWithin(entries, 20)).toEqual({ expiring: [expect.objectContaining({ alias: 'web', daysLeft: 10 })], expired: [] });
    expect(expiringWithin(entries, 5)).toEqual({ expiring: [], expired: [] });
    // Expired is kept apart from expiring, whatever the window.
    const old = [{ alias: 'old', certificates: chain(end + 3 * 86_400_000) }];
    expect(expiringWithin(old, 30)).toEqual({ expiring: [], expired: [expect.objectContaining({ alias: 'old', daysLeft: -3 })] });
  });
});
