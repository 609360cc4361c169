import { chmod, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSafely } from '../../../../electron/core/store/atomic-file.js';
import { runCertdesk } from '../../../helpers/cli.js';
import { keytool, keytoolList, tempDir } from '../keystore/helpers.js';

/** The one atomic writer: final modes from the first byte, private material owner-only, no leftovers. */

const STOREPASS = 'changeit-9';
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('writer'));
});
afterAll(async () => cleanup());

const mode = async (p: string): Promise<number> => (await stat(p)).mode & 0o777;

describe('the atomic writer', () => {
  it('keystore convert --force onto an existing world-readable file leaves it (and its backup) owner-only', async () => {
    const src = join(dir, 'src.jks');
    await keytool(['-genkeypair', '-alias', 'server', '-keyalg', 'EC', '-dname', 'CN=w', '-keystore', src, '-storetype', 'JKS', '-storepass', STOREPASS, '-keypass', STOREPASS]);
    const out = join(dir, 'out.p12');
    await writeFile(out, 'an old, world-readable file');
    await chmod(out, 0o644);
    const r = await runCertdesk(['keystore', 'convert', src, '--to', 'pkcs12', '--out', out, '--storepass-env', 'SP', '--force'], {
      env: { CERTDESK_HOME: join(dir, 'home'), SP: STOREPASS },
    });
    expect(r.code, r.stderr).toBe(0);
    expect(await mode(out)).toBe(0o600);
    expect(await mode(`${out}.orig`)).toBe(0o600);
    expect((await keytoolList(out, STOREPASS)).entries.map((e) => e.alias)).toEqual(['server']);
  });

  it('creates the temp file with its final mode: a private key is never more open, even for an instant', async () => {
    const target = join(dir, 'key.pem');
    await writeFile(target, 'old');
    await chmod(target, 0o644);
    const seen: number[] = [];
    const w = await writeFileSafely(target, Buffer.from('new key'), {
      role: 'privateKey',
      verify: async () => {
        const temps = (await readdir(dir)).filter((n) => n.startsWith('.key.pem.certdesk-') && n.endsWith('.tmp'));
        for (const t of temps) seen.push(await mode(join(dir, t)));
      },
    });
    expect(seen).toEqual([0o600]);
    expect(w).toEqual({ path: target, role: 'privateKey', created: false, backupPath: `${target}.orig`, backupKind: 'orig' });
    expect(await mode(target)).toBe(0o600);
  });

  it('keeps a public file’s mode, and a failed write leaves no backup, temp or lock file', async () => {
    const target = join(dir, 'cert.pem');
    await writeFile(target, 'v1');
    await chmod(target, 0o640);
    await writeFileSafely(target, Buffer.from('v2'), { role: 'certificate' });
    expect(await mode(target)).toBe(0o640);
    const before = (await readdir(dir)).sort();
    await expect(writeFileSafely(target, Buffer.from('v3'), { role: 'certificate', verify: () => { throw new Error('no'); } })).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(before);
  });
});
