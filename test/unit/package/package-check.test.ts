import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createPackageWithOptions } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../core/keystore/helpers.js';

/** scripts/package-check.mjs: the app package electron-builder makes holds only what runs, with the fuses set. */

interface PackageCheck {
  checkApp(appDir: string, executableName: string): Promise<string[]>;
  makeStandInElectron(dir: string): string;
}
// A computed specifier: the script is plain JavaScript without declarations.
const script = join(process.cwd(), 'scripts', 'package-check.mjs');
const load = (): Promise<PackageCheck> => import(pathToFileURL(script).href) as Promise<PackageCheck>;

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await tempDir('package')));
afterAll(async () => cleanup?.());

describe('npm run package:check', () => {
  it('packs the app with electron-builder against the stand-in Electron and finds nothing wrong', async () => {
    // test/global-setup.ts built main and preload; the script builds the renderer and runs electron-builder.
    const { code, out } = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile(process.execPath, [script, '--skip-node-build'], { timeout: 170_000, maxBuffer: 16 << 20 }, (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, out: stdout + stderr }),
      );
    });
    const summary = /^package:check: .*$/m.exec(out)?.[0];
    expect(summary, out).toMatch(/app\.asar \d+ files, 0 problems/);
    expect(code, out).toBe(0);
  }, 180_000);

  it('reports the CLI, bin/, source maps, an unpacked worker, a missing bundle and unwritten fuses', async () => {
    const { checkApp, makeStandInElectron } = await load();
    // An app folder as electron-builder would leave it, built the wrong way on purpose.
    const src = join(dir, 'bad-src');
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: 'certdesk', main: 'dist/main/main.cjs' }),
      'dist/main/main.cjs': '// main',
      'dist/main/core-worker.cjs': '// worker',
      'dist/main/main.cjs.map': '{}',
      'dist/cli/certdesk.cjs': '// cli',
      'bin/certdesk.cjs': '// bin',
      'dist/renderer/index.html': '<!doctype html>',
      'dist/renderer/assets/index-x.js': '',
      'node_modules/keytar/package.json': '{}',
      'node_modules/keytar/lib/keytar.js': '',
      'node_modules/keytar/build/Release/keytar.node': '',
      'node_modules/node-forge/package.json': '{}',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(src, path, '..'), { recursive: true });
      writeFileSync(join(src, path), text);
    }
    const appDir = join(dir, 'bad-app');
    makeStandInElectron(appDir);
    await createPackageWithOptions(src, join(appDir, 'resources', 'app.asar'), { unpack: '{**/core-worker.cjs,**/*.node}' });

    const problems = await checkApp(appDir, 'electron');
    expect(problems).toEqual(
      expect.arrayContaining([
        'app.asar holds the CLI build (dist/cli): dist/cli/certdesk.cjs',
        'app.asar holds the CLI launcher (bin/): bin/certdesk.cjs',
        'app.asar holds a source map: dist/main/main.cjs.map',
        'app.asar holds a library the bundles already contain: node_modules/node-forge/package.json',
        'app.asar lacks the preload bundle',
        'dist/main/core-worker.cjs is unpacked, outside the integrity check',
        'dist/main/main.cjs in app.asar differs from the built file',
        'fuse RunAsNode is on, must be off',
        'fuse EnableNodeOptionsEnvironmentVariable is on, must be off',
        'fuse EnableNodeCliInspectArguments is on, must be off',
        'fuse EnableEmbeddedAsarIntegrityValidation is off, must be on',
        'fuse OnlyLoadAppFromAsar is off, must be on',
        'fuse EnableCookieEncryption is off, must be on',
        'fuse GrantFileProtocolExtraPrivileges is on, must be off',
      ]),
    );
    expect(problems.some((p) => p.startsWith('app.asar.unpacked holds'))).toBe(true);
  });

  it('signs macOS builds with one hardened-runtime exception: JIT for V8', () => {
    const plist = readFileSync(join(process.cwd(), 'build', 'entitlements.mac.plist'), 'utf8').replace(/<!--[\s\S]*?-->/g, '');
    expect([...plist.matchAll(/<key>([^<]+)<\/key>\s*<(\w+)\/>/g)].map((m) => [m[1], m[2]])).toEqual([['com.apple.security.cs.allow-jit', 'true']]);
  });
});
