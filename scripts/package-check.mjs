// `npm run package:check`: packs the app the way `npm run dist` does (electron-builder, electron-builder.yml)
// as an unpacked Linux app against a stand-in Electron directory, so nothing is downloaded and nothing is
// launched, then checks what would ship:
//  - app.asar holds exactly the expected groups (the bundles, the renderer's assets, package.json,
//    keytar's run-time part) and nothing else: no bin/, no dist/cli, no sources, tests or source maps;
//  - only keytar.node is unpacked; every other file, the core worker included, is inside the archive
//    with an integrity hash that matches the built file;
//  - the fuses electron-builder.yml asks for were written into the executable.
// The stand-in "Electron" is a small file carrying the fuse sentinel and a fuse wire in Electron's
// defaults, as @electron/fuses reads and writes them; the check reads the wire back afterwards.
// Usage: node scripts/package-check.mjs [--skip-node-build] [--keep]
//   --skip-node-build  the main/preload bundles are fresh (test/global-setup.ts); build only the renderer
//   --keep             keep the temporary folder and print its path
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** Every file in app.asar belongs to exactly one group, and every group is present. */
export const ASAR_GROUPS = [
  { name: 'package.json (Electron reads "main")', re: /^package\.json$/ },
  { name: 'main process bundle', re: /^dist\/main\/main\.cjs$/ },
  { name: 'core worker bundle', re: /^dist\/main\/core-worker\.cjs$/ },
  { name: 'preload bundle', re: /^dist\/preload\/preload\.cjs$/ },
  { name: 'renderer page', re: /^dist\/renderer\/index\.html$/ },
  { name: 'renderer assets', re: /^dist\/renderer\/(?:assets\/)?[\w.-]+\.(?:js|css|svg|png|woff2)$/ },
  { name: 'keytar entry', re: /^node_modules\/keytar\/(?:package\.json|lib\/keytar\.js)$/ },
  { name: 'keytar native build', re: /^node_modules\/keytar\/build\/Release\/keytar\.node$/ },
];
/** The only files outside the archive (a native module cannot be loaded from inside one). */
export const UNPACKED = ['node_modules/keytar/build/Release/keytar.node'];
/** Named so a failure says what went wrong; ASAR_GROUPS already refuses anything else. */
const FORBIDDEN = [
  { name: 'the CLI launcher (bin/)', re: /^bin\// },
  { name: 'the CLI build (dist/cli)', re: /^dist\/cli\// },
  { name: 'a source map', re: /\.map$/ },
  { name: 'a source or test file', re: /^(?:electron|renderer|shared|test|scripts)\/|\.ts$/ },
  { name: 'a library the bundles already contain', re: /^node_modules\/(?!keytar\/)/ },
];

// Fuse states as @electron/fuses writes them (FuseState): '0' disabled, '1' enabled.
const DISABLE = 0x30;
const ENABLE = 0x31;
/** What the app must ship with (ARCHITECTURE.md, security baseline); wire order of FuseV1Options. */
export const EXPECTED_FUSES = {
  RunAsNode: DISABLE,
  EnableCookieEncryption: ENABLE,
  EnableNodeOptionsEnvironmentVariable: DISABLE,
  EnableNodeCliInspectArguments: DISABLE,
  EnableEmbeddedAsarIntegrityValidation: ENABLE,
  OnlyLoadAppFromAsar: ENABLE,
  LoadBrowserProcessSpecificV8Snapshot: DISABLE,
  GrantFileProtocolExtraPrivileges: DISABLE,
};
/** Electron's own defaults, so the check can tell a written wire from an untouched one. */
const ELECTRON_DEFAULT_WIRE = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE];

/** A directory electron-builder accepts as an unpacked Electron (electronDist): the executable and resources/. */
export function makeStandInElectron(dir) {
  const { SENTINEL } = require('@electron/fuses/dist/constants.js');
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const exe = join(dir, 'electron');
  // Wire: version 1, length, one byte per fuse (the layout @electron/fuses expects after the sentinel).
  const wire = Buffer.from([1, ELECTRON_DEFAULT_WIRE.length, ...ELECTRON_DEFAULT_WIRE]);
  writeFileSync(exe, Buffer.concat([Buffer.from('#!/bin/sh\necho "stand-in Electron for package:check" >&2\nexit 1\n'), Buffer.from(SENTINEL), wire, Buffer.from('\n')]));
  chmodSync(exe, 0o755);
  return dir;
}

/** Runs electron-builder (linux, dir target) with electron-builder.yml and the stand-in; returns the app folder. */
async function pack(tmp) {
  const { build, Platform, Arch } = require('electron-builder');
  const outDir = join(tmp, 'out');
  await build({
    projectDir: root,
    targets: Platform.LINUX.createTarget('dir', Arch[process.arch] ?? Arch.x64),
    publish: 'never',
    // Merged over electron-builder.yml: the stand-in, no rebuild of keytar for Electron's ABI (that needs
    // Electron's headers from the network; `npm run dist` does it), and a private output folder.
    config: { electronDist: makeStandInElectron(join(tmp, 'electron-dist')), npmRebuild: false, directories: { output: outDir } },
  });
  const appDir = readdirSync(outDir).find((d) => d.endsWith('-unpacked'));
  if (!appDir) throw new Error(`electron-builder wrote no unpacked app in ${outDir}`);
  return join(outDir, appDir);
}

/** Files of an asar with their header entries (directories left out). */
export function asarFiles(archive) {
  const { getRawHeader } = require('@electron/asar');
  const files = new Map();
  const walk = (node, prefix) => {
    for (const [name, entry] of Object.entries(node.files ?? {})) {
      const path = prefix ? `${prefix}/${name}` : name;
      if (entry.files) walk(entry, path);
      else files.set(path, entry);
    }
  };
  walk(getRawHeader(archive).header, '');
  return files;
}

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map((p) => String(p))
    .filter((p) => statSync(join(dir, p)).isFile())
    .map((p) => p.replaceAll('\\', '/'));
}

/** All problems with a packed app folder, as sentences (empty when it is right). */
export async function checkApp(appDir, executableName) {
  const problems = [];
  const resources = join(appDir, 'resources');
  const archive = join(resources, 'app.asar');
  if (!existsSync(archive)) return [`no app.asar in ${resources}`];
  const files = asarFiles(archive);

  for (const path of files.keys()) {
    const forbidden = FORBIDDEN.find((f) => f.re.test(path));
    const groups = ASAR_GROUPS.filter((g) => g.re.test(path));
    if (forbidden) problems.push(`app.asar holds ${forbidden.name}: ${path}`);
    else if (groups.length !== 1) problems.push(`app.asar holds an unexpected file: ${path}`);
  }
  for (const g of ASAR_GROUPS) if (![...files.keys()].some((p) => g.re.test(p))) problems.push(`app.asar lacks the ${g.name}`);

  for (const [path, entry] of files) {
    const shouldUnpack = UNPACKED.includes(path);
    if (Boolean(entry.unpacked) !== shouldUnpack) problems.push(`${path} is ${entry.unpacked ? 'unpacked, outside the integrity check' : 'packed, but must be unpacked'}`);
    if (!entry.unpacked && !entry.integrity?.hash) problems.push(`${path} has no integrity hash in the asar header`);
  }
  const unpackedOnDisk = filesUnder(join(resources, 'app.asar.unpacked'));
  if (unpackedOnDisk.join('\n') !== UNPACKED.join('\n')) problems.push(`app.asar.unpacked holds ${JSON.stringify(unpackedOnDisk)}, expected ${JSON.stringify(UNPACKED)}`);

  // The archive holds the bundles that were just built: same bytes, hashed in the header.
  for (const path of ['dist/main/main.cjs', 'dist/main/core-worker.cjs', 'dist/preload/preload.cjs']) {
    const entry = files.get(path);
    const built = createHash('sha256').update(readFileSync(join(root, path))).digest('hex');
    if (entry?.integrity && entry.integrity.hash !== built) problems.push(`${path} in app.asar differs from the built file`);
  }
  const pkg = JSON.parse(require('@electron/asar').extractFile(archive, 'package.json').toString('utf8'));
  if (!files.has(pkg.main)) problems.push(`package.json "main" (${pkg.main}) is not in app.asar`);
  // The main process must load the worker from the archive, not from app.asar.unpacked.
  if (readFileSync(join(root, 'dist', 'main', 'main.cjs'), 'utf8').includes('app.asar.unpacked')) problems.push('dist/main/main.cjs still points at app.asar.unpacked');

  const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses');
  const wire = await getCurrentFuseWire(join(appDir, executableName));
  for (const [name, want] of Object.entries(EXPECTED_FUSES)) {
    const got = wire[FuseV1Options[name]];
    if (got !== want) problems.push(`fuse ${name} is ${got === ENABLE ? 'on' : got === DISABLE ? 'off' : String(got)}, must be ${want === ENABLE ? 'on' : 'off'}`);
  }
  return problems;
}

async function main() {
  const args = new Set(process.argv.slice(2));
  const started = Date.now();
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--quiet', ...(args.has('--skip-node-build') ? ['--renderer'] : [])], { stdio: 'inherit', cwd: root });
  const tmp = mkdtempSync(join(tmpdir(), 'certdesk-package-'));
  try {
    const appDir = await pack(tmp);
    const executableName = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).name;
    const problems = await checkApp(appDir, executableName);
    const files = asarFiles(join(appDir, 'resources', 'app.asar'));
    console.log(`package:check: ${relative(tmp, appDir)}, app.asar ${files.size} files, ${problems.length} problems, ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const p of problems.slice(0, 40)) console.log(`  ${p}`);
    if (problems.length > 40) console.log(`  … and ${problems.length - 40} more`);
    process.exitCode = problems.length ? 1 : 0;
  } finally {
    if (args.has('--keep')) console.log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
