import { describe, expect, it } from 'vitest';
import { createKeychain } from '../../../electron/core/vault/keychain.js';

// Runs against the real Secret Service that .ci/run starts (gnome-keyring in a private D-Bus session).
// In CI the bus is required: a missing Secret Service there must fail, not skip.
const hasBus = Boolean(process.env['DBUS_SESSION_BUS_ADDRESS']) || process.env['CI'] === 'true';

describe('OS keychain through keytar', () => {
  it.runIf(hasBus)('stores, reads and deletes a secret under a unique service name', async () => {
    const kc = createKeychain(`Certdesk-test-${process.pid}-${Date.now()}`);
    expect(await kc.probe()).toMatchObject({ available: true });
    await kc.set('acct', 'p@ss w0rd ✓');
    expect(await kc.get('acct')).toBe('p@ss w0rd ✓');
    expect(await kc.delete('acct')).toBe(true);
    expect(await kc.get('acct')).toBeNull();
  });

  it.runIf(!hasBus)('reports the keychain as unavailable, with the reason, when no Secret Service answers', async () => {
    const probe = await createKeychain('Certdesk-test-nobus').probe();
    expect(probe.available).toBe(false);
    expect(probe.reason).toBeTruthy();
  });
});
