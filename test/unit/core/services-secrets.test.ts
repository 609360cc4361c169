import { createCoreDeps } from '../../../electron/core/deps.js';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, type Logger } from '../../../electron/core/log.js';
import { createServices, secretsIn, type Services } from '../../../electron/core/services.js';
import { tempDir } from './keystore/helpers.js';
import { ADMIN_KEYPASS, KEYFILE_PASS, PFX_PASS, STOREPASS, makeFixtures, type ServiceFixtures } from './keystore/service-fixtures.js';

// Every password an operation is given is registered with the log before the handler runs, so a
// debug log file of a whole session holds none of them, even when a line quotes one by mistake.
let f: ServiceFixtures;
let services: Services;
let log: Logger;
let logFile: string;
let cleanup: () => Promise<void>;
const NEW_STOREPASS = 'brand-new-store-pass';
const KEYSTORE_PASS = 'made-for-the-import';

beforeAll(async () => {
  let dir: string;
  ({ dir, cleanup } = await tempDir('secrets'));
  f = await makeFixtures(dir);
  logFile = join(dir, 'certdesk.log');
  log = createLogger((line) => appendFileSync(logFile, `${line}\n`), 'debug');
  services = createServices(createCoreDeps({ version: 'test', dataDir: dir, keychainService: `Certdesk-test-${process.pid}`, log }));
}, 120_000);
afterAll(() => cleanup?.());

describe('secrets given to the core never reach the log', () => {
  it('finds password-like fields at any depth and skips fields that only describe one', () => {
    expect(secretsIn({ storePassword: 'a1', nested: { keyPasswords: { server: 'b2', admin: 'c3' } }, list: [{ token: 't4' }], secretAlgorithm: 'AES', passwordEnv: 'VAR', path: '/x' }).sort()).toEqual(['a1', 'b2', 'c3', 't4']);
  });

  it('imports a pfx, changes the password, converts with key passwords, fails on a wrong one: the log file holds none of them', async () => {
    const target = join(f.dir, 'secrets.p12');
    const imported = await services['keystore.importPfx']({ path: target, storePassword: KEYSTORE_PASS, storeType: 'pkcs12', pfxPath: f.chainPfx, pfxPassword: PFX_PASS, alias: 'web' });
    expect(imported.ok ? 'ok' : imported.error).toBe('ok');
    const key = await services['keystore.importKey']({ path: join(f.dir, 'keyfile.jks'), storeType: 'jks', storePassword: KEYSTORE_PASS, certPath: f.leafCert, keyPath: f.encryptedKey, keyFilePassword: KEYFILE_PASS, alias: 'web2' });
    expect(key.ok ? 'ok' : key.error).toBe('ok');
    expect((await services['keystore.changePassword']({ path: target, storePassword: KEYSTORE_PASS, newStorePassword: NEW_STOREPASS })).ok).toBe(true);
    const converted = await services['keystore.convert']({ path: f.jks, storePassword: STOREPASS, to: 'pkcs12', outPath: join(f.dir, 'converted.p12'), keyPasswords: { 'admin-tool': ADMIN_KEYPASS } });
    expect(converted.ok).toBe(true);
    expect(await services['keystore.list']({ path: target, storePassword: 'not-the-password' })).toMatchObject({ ok: false, error: { code: 'BAD_PASSWORD' } });

    // A line that quotes the passwords by mistake, at every level.
    for (const level of ['debug', 'info', 'warn', 'error'] as const) log.log(level, `oops: ${PFX_PASS} ${KEYFILE_PASS} ${NEW_STOREPASS} ${ADMIN_KEYPASS}`);
    const text = readFileSync(logFile, 'utf8');
    for (const secret of [PFX_PASS, KEYFILE_PASS, KEYSTORE_PASS, NEW_STOREPASS, STOREPASS, ADMIN_KEYPASS]) expect(text).not.toContain(secret);
    expect(text.match(/oops: \[REDACTED\] \[REDACTED\] \[REDACTED\] \[REDACTED\]/g)).toHaveLength(4);
  });
});
