import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createMetadataStore } from '../../../../electron/core/store/metadata-store.js';
import { createKeychain, withAccountIndex } from '../../../../electron/core/vault/keychain.js';

// Runs against the real Secret Service that .ci/run starts (gnome-keyring in a private D-Bus session).
// In CI the bus is required: a missing Secret Service there must fail, not skip.
const hasBus = Boolean(process.env['DBUS_SESSION_BUS_ADDRESS']) || process.env['CI'] === 'true';

/** Watches the session bus for secret reads (GetSecrets / GetSecret) while `fn` runs. */
async function secretReadsDuring(fn: () => Promise<unknown>): Promise<number> {
  const monitor: ChildProcess = spawn('dbus-monitor', ['--session', "type='method_call',member='GetSecrets'", "type='method_call',member='GetSecret'"], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  monitor.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  // The monitor prints its own NameAcquired signal once it listens.
  await new Promise<void>((resolve) => {
    const check = setInterval(() => out.includes('NameAcquired') && (clearInterval(check), resolve()), 20);
  });
  try {
    await fn();
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    monitor.kill();
  }
  return out.split('\n').filter((l) => /member=GetSecrets?\b/.test(l)).length;
}

describe('OS keychain through keytar', () => {
  it.runIf(hasBus)('stores, reads and deletes a secret under a unique service name', async () => {
    const kc = createKeychain(`Certdesk-test-${process.pid}-${Date.now()}`);
    expect(await kc.probe()).toMatchObject({ available: true });
    await kc.set('acct', 'p@ss w0rd ✓');
    expect(await kc.get('acct')).toBe('p@ss w0rd ✓');
    expect(await kc.delete('acct')).toBe(true);
    expect(await kc.get('acct')).toBeNull();
  });

  it.runIf(hasBus)('the availability probe reads no secret, even with secrets stored; the oracle (a get) does', async () => {
    const kc = createKeychain(`Certdesk-test-probe-${process.pid}-${Date.now()}`);
    await kc.set('a', 'secret-a');
    await kc.set('b', 'secret-b');
    try {
      expect(await secretReadsDuring(async () => expect(await kc.probe()).toMatchObject({ available: true }))).toBe(0);
      expect(await secretReadsDuring(() => kc.get('a'))).toBeGreaterThan(0);
    } finally {
      await kc.delete('a');
      await kc.delete('b');
    }
  });

  it.runIf(hasBus)('lists a service’s accounts from its index, without reading a secret', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'certdesk-kc-'));
    try {
      const kc = withAccountIndex(createKeychain(`Certdesk-test-index-${process.pid}-${Date.now()}`), createMetadataStore(dataDir));
      await kc.set('one', 's1');
      await kc.set('two', 's2');
      await kc.set('one', 's1 again');
      await kc.delete('two');
      let accounts: string[] = [];
      expect(await secretReadsDuring(async () => (accounts = await kc.accounts()))).toBe(0);
      expect(accounts).toEqual(['one']);
      await kc.delete('one');
      expect(await kc.accounts()).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it.runIf(!hasBus)('reports the keychain as unavailable, with the reason, when no Secret Service answers', async () => {
    const probe = await createKeychain('Certdesk-test-nobus').probe();
    expect(probe.available).toBe(false);
    expect(probe.reason).toBeTruthy();
  });
});
