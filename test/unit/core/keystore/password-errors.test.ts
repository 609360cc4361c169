import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../../shared/errors.js';
import { createTestCore, type TestCore } from '../../../helpers/core.js';
import { keytool, opensslKeyPair, opensslPfx, tempDir } from './helpers.js';

// A wrong keystore password and a wrong .pfx password are different mistakes with different fixes:
// the message names which password was wrong, also when the keystore itself is a PKCS#12 file.

const STOREPASS = 'store-pass';
const PFXPASS = 'pfx-pass';
let dir: string;
let cleanup: () => Promise<void>;
let core: TestCore;
let pfxPath: string;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('pwerr'));
  core = createTestCore();
  for (const type of ['pkcs12', 'jks'])
    await keytool(['-genkeypair', '-alias', 'admin', '-keyalg', 'EC', '-dname', 'CN=admin', '-keystore', join(dir, `store.${type}`), '-storetype', type, '-storepass', STOREPASS, '-keypass', STOREPASS]);
  await opensslPfx(dir, 'server', await opensslKeyPair(dir, 'server', 'ec'), PFXPASS);
  pfxPath = join(dir, 'server.pfx');
}, 60_000);
afterAll(async () => {
  core?.cleanup();
  await cleanup?.();
});

function failure(r: Result<unknown>): { code: string; message: string } {
  if (r.ok) throw new Error('expected a failure');
  return r.error;
}

describe('which password was wrong', () => {
  for (const type of ['pkcs12', 'jks'])
    it(`a ${type} keystore: a wrong store password names the keystore, a wrong .pfx password names the .pfx`, async () => {
      const path = join(dir, `store.${type}`);
      const wrongStore = failure(await core.services['keystore.importPfx']({ path, storePassword: 'nope-nope', pfxPath, pfxPassword: PFXPASS, alias: 'web' }));
      const wrongPfx = failure(await core.services['keystore.importPfx']({ path, storePassword: STOREPASS, pfxPath, pfxPassword: 'nope-nope', alias: 'web' }));
      expect(wrongStore.code).toBe('BAD_PASSWORD');
      expect(wrongPfx.code).toBe('BAD_PASSWORD');
      expect(wrongStore.message).toMatch(/keystore password/i);
      expect(wrongPfx.message).toMatch(/\.pfx/);
      expect(wrongPfx.message).not.toMatch(/keystore/i);
      expect(wrongStore.message).not.toBe(wrongPfx.message);
      const listed = failure(await core.services['keystore.list']({ path, storePassword: 'nope-nope' }));
      expect(listed.message).toMatch(/keystore password/i);
    });
});
