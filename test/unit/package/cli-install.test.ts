import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keytool, opensslKeyPair, run, runOk, tempDir, type RunResult } from '../core/keystore/helpers.js';

/**
 * The CLI as a server admin installs it: `npm pack`, then a global install of the tarball into an empty
 * prefix with no dev dependencies, then `certdesk` from that prefix. keytar is built there by its own
 * install script (a prebuilt binary when one can be fetched, else node-gyp with libsecret-1-dev).
 */

const root = process.cwd();
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
};
const STOREPASS = 'server-store-pass';

let dir: string;
let cleanup: () => Promise<void>;
let prefix: string;
let tarball: string;
let packed: string[];
let install: RunResult;

/** The environment of a shell on the server: none of the npm_* variables `npm run` gives this test. */
function shellEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))), ...extra };
}

/** The installed command, run from the prefix's bin/ as a PATH lookup would find it. */
function certdesk(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<RunResult> {
  return run(join(prefix, 'bin', 'certdesk'), args, { cwd: dir, env: shellEnv(extra) });
}

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir('cli-install'));
  prefix = join(dir, 'prefix');
  await mkdir(prefix);
  // --ignore-scripts: test/global-setup.ts has just built dist/cli (`npm pack` alone runs `prepare`, the full build).
  const packJson = await runOk('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: root, env: shellEnv() });
  const info = (JSON.parse(packJson) as Array<{ filename: string; files: Array<{ path: string }> }>)[0]!;
  tarball = join(dir, info.filename);
  packed = info.files.map((f) => f.path).sort();
  // What the README tells a server admin to run (keytar is the one package allowed an install script).
  install = await run('npm', ['install', '--global', '--prefix', prefix, '--omit=dev', '--allow-scripts=keytar', '--no-audit', '--no-fund', tarball], {
    cwd: dir,
    env: shellEnv(),
    timeoutMs: 240_000,
  });
}, 300_000);
afterAll(async () => cleanup?.());

describe('the CLI package', () => {
  it('packs the CLI launcher and build, no source maps, sources or tests', () => {
    // npm always packs package.json, the README and package.json's "main" (the app's main bundle, which
    // `electron .` needs in a checkout); everything else comes from "files".
    const always = ['README.md', 'package.json', pkg.main];
    for (const path of packed) expect(always.includes(path) || /^bin\/certdesk\.cjs$|^dist\/cli\/[\w-]+\.(?:cjs|json)$/.test(path), path).toBe(true);
    expect(packed).toEqual(expect.arrayContaining(['bin/certdesk.cjs', 'dist/cli/certdesk.cjs', 'dist/cli/bundles.json', 'dist/cli/keystore.cjs', 'dist/cli/pki.cjs']));
  });

  it('installs globally without dev dependencies: keytar built, the bundled libraries absent', () => {
    expect(install.code, install.stdout + install.stderr).toBe(0);
    const modules = join(prefix, 'lib', 'node_modules', 'certdesk', 'node_modules');
    expect(existsSync(join(modules, 'keytar', 'build', 'Release', 'keytar.node'))).toBe(true);
    const installed = readdirSync(modules);
    for (const dev of Object.keys(pkg.devDependencies)) expect(installed, dev).not.toContain(dev.split('/')[0]);
    expect(Object.keys(pkg.dependencies)).toEqual(['keytar']);
  });

  it('runs certdesk --version, inspect of an openssl certificate and keystore list of a keytool store', async () => {
    const version = await certdesk(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });

    await opensslKeyPair(dir, 'server', 'ec');
    const inspect = await certdesk(['inspect', join(dir, 'server.crt'), '--json']);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.stdout).toContain('server.localhost');

    const store = join(dir, 'agent.jks');
    await keytool(['-genkeypair', '-alias', 'agent', '-keyalg', 'RSA', '-keysize', '2048', '-dname', 'CN=agent.example', '-validity', '30', '-storetype', 'JKS', '-keystore', store, '-storepass', STOREPASS, '-keypass', STOREPASS]);
    const list = await certdesk(['keystore', 'list', store, '--storepass-env', 'CERTDESK_TEST_STOREPASS', '--json'], { CERTDESK_TEST_STOREPASS: STOREPASS, CERTDESK_HOME: join(dir, 'home') });
    expect(list.code, list.stderr).toBe(0);
    const out = JSON.parse(list.stdout) as { type: string; entries: Array<{ alias: string; kind: string }> };
    expect(out.type).toBe('JKS');
    expect(out.entries).toEqual([expect.objectContaining({ alias: 'agent', kind: 'privateKey' })]);
    expect(list.stdout + list.stderr).not.toContain(STOREPASS);
  });

  it('loads the installed keytar: the keychain probe reaches the Secret Service', async () => {
    const info = await certdesk(['info', '--json'], { CERTDESK_HOME: join(dir, 'home') });
    expect(info.code, info.stderr).toBe(0);
    const keychain = (JSON.parse(info.stdout) as { keychain: { available: boolean; reason?: string } }).keychain;
    // Inside the test session's D-Bus with an unlocked gnome-keyring the keychain works; without one, the
    // probe still got as far as libsecret (a module that failed to load says "Cannot find module").
    if (process.env['DBUS_SESSION_BUS_ADDRESS']) expect(keychain).toMatchObject({ available: true });
    else expect(keychain.reason).not.toMatch(/module|keytar/i);
  });
});

describe('install-script approval (allowScripts)', () => {
  it('names exactly the packages of the lockfile that have an install script, and allows only keytar', () => {
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages)
      .filter(([path, p]) => path !== '' && p.hasInstallScript)
      .map(([path]) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length));
    expect(Object.keys(pkg.allowScripts).sort()).toEqual([...new Set(withScripts)].sort());
    expect(Object.entries(pkg.allowScripts).filter(([, allowed]) => allowed).map(([name]) => name)).toEqual(['keytar']);
  });
});
