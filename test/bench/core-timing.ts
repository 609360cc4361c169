// In-process timing of the core work behind `keystore list` and `keystore import-pfx` (no CLI start-up):
// `npx tsx test/bench/core-timing.ts [runs]` prints the minimum of `runs` (default 20) in ms.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createTestCore } from '../helpers/core.js';

const RUNS = Number(process.argv[2] ?? 20);
const keytool = realpathSync(execFileSync('sh', ['-c', 'command -v keytool'], { encoding: 'utf8' }).trim());
const cacerts = join(dirname(keytool), '..', 'lib', 'security', 'cacerts');

async function minMs(what: string, prepare: () => void, work: () => Promise<unknown>): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 2; i++) {
    prepare();
    const t = performance.now();
    const r = (await work()) as { ok?: boolean; error?: unknown };
    const ms = performance.now() - t;
    if (r.ok === false) throw new Error(`${what} failed: ${JSON.stringify(r.error)}`);
    if (i >= 2) times.push(ms); // two warm-up runs (JIT, lazy modules)
  }
  times.sort((a, b) => a - b);
  console.log(`${what}: min ${times[0]?.toFixed(2)} ms, median ${times[Math.floor(times.length / 2)]?.toFixed(2)} ms`);
}

const core = createTestCore();
const dir = mkdtempSync(join(tmpdir(), 'certdesk-core-timing-'));
try {
  await minMs('keystore.list cacerts', () => {}, () => core.services['keystore.list']({ path: cacerts, storePassword: 'changeit' }));

  const pristine = join(dir, 'pristine.jks');
  for (const alias of ['one', 'two'])
    execFileSync('keytool', ['-genkeypair', '-alias', alias, '-keyalg', 'EC', '-dname', `CN=${alias}`, '-keystore', pristine, '-storetype', 'JKS', '-storepass', 'changeit'], { stdio: 'ignore' });
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'web.key'), '-out', join(dir, 'web.crt'), '-days', '365', '-subj', '/CN=agent.example.com'], { stdio: 'ignore' });
  const pfx = join(dir, 'web.pfx');
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', join(dir, 'web.key'), '-in', join(dir, 'web.crt'), '-name', 'web', '-out', pfx, '-passout', 'pass:pfx-pass']);
  const target = join(dir, 'agent.jks');
  await minMs('keystore.importPfx 2048-bit pfx into a 2-entry JKS', () => {
    rmSync(join(dir, 'backups'), { recursive: true, force: true });
    execFileSync('sh', ['-c', `rm -f ${target}.* `]);
    copyFileSync(pristine, target);
  }, () => core.services['keystore.importPfx']({ path: target, storePassword: 'changeit', pfxPath: pfx, pfxPassword: 'pfx-pass', alias: 'web' }));
} finally {
  rmSync(dir, { recursive: true, force: true });
  core.cleanup();
}
