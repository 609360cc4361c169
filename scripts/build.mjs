// Builds what the app, the CLI and the tests run: the main process, the preload and the CLI with
// esbuild (CommonJS, native keytar and electron left external), the renderer with Vite.
// The CLI is a small entry (command table, help, argument parsing) plus one minified bundle per
// domain, which the entry loads only when one of that domain's commands runs (through vm.Script with
// V8's code cache on Node 20, so import() is turned into require() there).
// Flags: --renderer / --cli / --node (main+preload+cli) limit what is built; --quiet prints nothing.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const quiet = args.has('--quiet');
const only = ['--renderer', '--cli', '--node'].filter((f) => args.has(f));
const want = (part) =>
  only.length === 0 ||
  (part === 'renderer' && args.has('--renderer')) ||
  (part === 'cli' && (args.has('--cli') || args.has('--node'))) ||
  ((part === 'main' || part === 'preload') && args.has('--node'));

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: true,
  logLevel: quiet ? 'error' : 'warning',
  external: ['electron', 'keytar'],
  absWorkingDir: root,
};

// zod's `z` namespace re-exports every message locale (a third of the CLI bundles); the core only
// uses English, so the CLI bundles get an index with `en` alone.
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(args.path)};`, resolveDir: dirname(args.path) }));
  },
};

// node-forge is evaluated only when first used in the CLI bundles: `import forge from 'node-forge'` in
// our sources gets a stand-in that requires forge on its first property read (the sources read forge
// inside functions only), so `cert create` or `keystore list` of a JKS never pays for forge's start-up.
const lazyForge = {
  name: 'lazy-forge',
  setup(b) {
    b.onResolve({ filter: /^node-forge$/ }, (args) =>
      args.namespace === 'lazy-forge' || /[\\/]node_modules[\\/]/.test(args.importer) ? undefined : { path: 'node-forge', namespace: 'lazy-forge' },
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy-forge' }, () => ({
      contents: "let forge; export default new Proxy({}, { get: (_, key) => (forge ??= require('node-forge'))[key] });",
      resolveDir: root,
    }));
  },
};

const DOMAINS = ['app', 'keystore', 'agent', 'pki', 'tls', 'vault'];
const jobs = [];
if (want('main')) {
  jobs.push(build({ ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/main/main.cjs' }));
  jobs.push(build({ ...common, entryPoints: ['electron/main/core-worker.ts'], outfile: 'dist/main/core-worker.cjs' }));
}
if (want('preload'))
  jobs.push(build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/preload/preload.cjs', platform: 'browser', external: ['electron'] }));
if (want('cli')) {
  rmSync(join(root, 'dist', 'cli'), { recursive: true, force: true });
  jobs.push(build({ ...common, entryPoints: ['electron/cli/main.ts'], outfile: 'dist/cli/certdesk.cjs' }));
  for (const domain of DOMAINS)
    jobs.push(build({ ...common, entryPoints: [`electron/cli/domains/${domain}.ts`], outfile: `dist/cli/${domain}.cjs`, minify: true, supported: { 'dynamic-import': false }, plugins: [zodEnglishOnly, lazyForge] }));
}
await Promise.all(jobs);
if (want('cli')) {
  // Content hashes of the domain bundles: the CLI keys its V8 code cache by them without hashing a
  // megabyte of source on every run (V8 itself only checks the source's length).
  const hashes = Object.fromEntries(
    DOMAINS.map((d) => [d, createHash('sha256').update(readFileSync(join(root, 'dist', 'cli', `${d}.cjs`))).digest('hex').slice(0, 32)]),
  );
  writeFileSync(join(root, 'dist', 'cli', 'bundles.json'), `${JSON.stringify(hashes)}\n`);
}

if (want('renderer')) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
}
if (!quiet) console.log(`built: ${only.length ? only.join(' ') : 'all'}`);
