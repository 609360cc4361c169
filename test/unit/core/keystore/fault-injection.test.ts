import { type ChildProcess, spawn } from 'node:child_process';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadKeystore } from '../../../../electron/core/keystore/keystore.js';
import type { KeystoreEntry } from '../../../../electron/core/keystore/model.js';
import { type KeytoolEntry, fingerprint, keytool, keytoolList, opensslKeyPair, tempDir } from './helpers.js';

/**
 * Kill -9 a process in the middle of keystore updates, many times: the keystore must always be
 * either the old or the new one, readable by keytool, with the admin entry intact.
 */

const STOREPASS = 'alarmpoint';
const KILLS = 25;
const BUDGET_MS = 20_000;
let dir: string;
let cleanup: () => Promise<void>;
let childJs: string;
let keystore: string;
let loopFingerprint: string;
let admin: KeystoreEntry;
let original: Buffer;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('fault'));
  keystore = join(dir, '.keystore');
  childJs = join(dir, 'fault-child.cjs');
  // A bundled child starts in ~100 ms (tsx would take a second per restart).
  const [pair] = await Promise.all([
    opensslKeyPair(dir, 'loop', 'ec'),
    build({ entryPoints: [fileURLToPath(new URL('./fault-child.ts', import.meta.url))], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: childJs, logLevel: 'silent' }),
    keytool(['-genkeypair', '-alias', 'admin-tool', '-keyalg', 'EC', '-dname', 'CN=ia-admin', '-keystore', keystore, '-storetype', 'JKS', '-storepass', STOREPASS, '-keypass', 'admin-only']),
  ]);
  await writeFile(join(dir, 'loop.key.der'), pair.keyPkcs8Der);
  await writeFile(join(dir, 'loop.crt.der'), pair.certDer);
  loopFingerprint = fingerprint(pair.certDer);
  original = await readFile(keystore);
  admin = loadKeystore(original, STOREPASS, { lockedKeys: 'keep' }).entries[0]!;
}, 60_000);

afterAll(async () => {
  for (const c of running) c.kill('SIGKILL');
  await cleanup?.();
});

/** Starts the looping child, waits for its first completed update, then kills it after a random delay. */
async function runAndKill(): Promise<number> {
  const child = spawn(process.execPath, [childJs, keystore, STOREPASS, join(dir, 'loop.key.der'), join(dir, 'loop.crt.der')], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let updates = 0;
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child made no progress: ${stderr}`)), 10_000);
    child.stdout.on('data', (d: Buffer) => {
      updates += d.toString().split('\n').filter(Boolean).length;
      clearTimeout(timer);
      resolve();
    });
    child.on('exit', () => reject(new Error(`child exited: ${stderr}`)));
  });
  await new Promise((r) => setTimeout(r, Math.random() * 150));
  child.kill('SIGKILL');
  await exited;
  running.delete(child);
  return updates;
}

function checkKeytool(entries: KeytoolEntry[]): void {
  const aliases = entries.map((e) => e.alias).sort();
  expect([['admin-tool'], ['admin-tool', 'loop']]).toContainEqual(aliases);
  expect(entries.find((e) => e.alias === 'admin-tool')?.sha256).toEqual([fingerprint(admin.chainDer[0]!)]);
  const loop = entries.find((e) => e.alias === 'loop');
  if (loop) expect(loop).toMatchObject({ entryType: 'PrivateKeyEntry', sha256: [loopFingerprint] });
}

it(`survives ${KILLS} SIGKILLs in the middle of keystore updates`, async () => {
  const started = Date.now();
  const keytoolChecks: Array<Promise<void>> = [];
  const states = new Set<string>();
  let kills = 0;
  let updates = 0;
  while (kills < KILLS && Date.now() - started < BUDGET_MS) {
    updates += await runAndKill();
    kills++;
    const snapshot = join(dir, `snapshot-${kills}.jks`);
    const bytes = await readFile(keystore);
    await writeFile(snapshot, bytes);
    // Certdesk's own reader: old or new content, the admin entry unchanged (sealed bytes, certs, date).
    const ks = loadKeystore(bytes, STOREPASS, { lockedKeys: 'keep' });
    const aliases = ks.entries.map((e) => e.alias).sort();
    states.add(aliases.join(','));
    expect(ks.entries.find((e) => e.alias === 'admin-tool')).toEqual(admin);
    // Temp files of killed writers are cleaned by the next writer: they never pile up.
    const temps = (await readdir(dir)).filter((n) => n.endsWith('.tmp'));
    expect(temps.length).toBeLessThanOrEqual(2);
    // keytool reads each snapshot while the next child runs.
    keytoolChecks.push(keytoolList(snapshot, STOREPASS, 'JKS').then((l) => checkKeytool(l.entries)));
  }
  await Promise.all(keytoolChecks);
  expect(kills).toBeGreaterThanOrEqual(10);
  expect(updates).toBeGreaterThan(kills);
  expect([...states].every((s) => s === 'admin-tool' || s === 'admin-tool,loop')).toBe(true);
  // The very first change kept the untouched original.
  expect(await readFile(`${keystore}.orig`)).toEqual(original);
  if (process.env.CERTDESK_TEST_VERBOSE) console.log({ kills, updates, states: [...states], ms: Date.now() - started });
}, 60_000);
