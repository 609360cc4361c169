/**
 * Loads a domain bundle (dist/cli/<domain>.cjs) when one of its commands runs. On Node without
 * `module.enableCompileCache`, V8's code cache for the bundle is kept in the user's cache folder,
 * keyed by the bundle's content hash (from the build), so later runs skip most of the parse and compile work.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import * as nodeModule from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vm from 'node:vm';
import type { Domain } from './commands/table.js';
import type { DomainModule } from './domains/host.js';

/** The folder for the code cache: per user, owned by the user and closed to others, or none. */
function cacheDir(env: NodeJS.ProcessEnv): string | undefined {
  const base =
    process.platform === 'win32'
      ? (env['LOCALAPPDATA'] ?? tmpdir())
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : (env['XDG_CACHE_HOME'] || join(homedir(), '.cache'));
  const dir = join(base, 'certdesk', 'code-cache');
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = lstatSync(dir);
    // Bytecode from a folder someone else can write could run as this user: refuse such a folder.
    if (!st.isDirectory() || (process.platform !== 'win32' && (st.uid !== process.getuid?.() || (st.mode & 0o022) !== 0))) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** The bundle's content hash, written by the build (V8 checks only a cache's source length, so the key must change with the content). */
function bundleHash(domain: Domain): string | undefined {
  try {
    const hash = (JSON.parse(readFileSync(join(__dirname, 'bundles.json'), 'utf8')) as Partial<Record<Domain, unknown>>)[domain];
    return typeof hash === 'string' && /^[0-9a-f]{16,64}$/.test(hash) ? hash : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the file whole or not at all (a temporary name, then a rename). */
function writeAtomic(file: string, data: Buffer): void {
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // Nothing was written.
    }
  }
}

/** Loads the bundle of `domain`; after the command, `saveCache` stores what V8 compiled meanwhile. */
export function loadDomain(domain: Domain, env: NodeJS.ProcessEnv): { module: DomainModule; saveCache: () => void } {
  const file = join(__dirname, `${domain}.cjs`);
  // Node 22.1+ caches compiled code itself (bin/certdesk.cjs turns it on).
  const useCache = !('enableCompileCache' in nodeModule) && !env['CERTDESK_NO_CODE_CACHE'];
  if (!useCache) return { module: (nodeModule.createRequire(file)(file) as { domain: DomainModule }).domain, saveCache: () => undefined };
  const source = readFileSync(file, 'utf8');
  const hash = bundleHash(domain);
  const dir = hash && cacheDir(env);
  const cacheFile = dir && join(dir, `${domain}-${process.version}-${process.arch}-${hash}.bin`);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const wrapper = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  // The bundles are built with import() turned into require(), so the script needs no dynamic-import host.
  const script = new vm.Script(wrapper, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const mod = { exports: {} as { domain: DomainModule } };
  (script.runInThisContext() as (...a: unknown[]) => void)(mod.exports, nodeModule.createRequire(file), mod, file, __dirname);
  const fresh = !cachedData || script.cachedDataRejected === true;
  return {
    module: mod.exports.domain,
    saveCache: () => {
      if (!fresh || !cacheFile || !dir) return;
      writeAtomic(cacheFile, script.createCachedData());
      // Caches of earlier builds of this bundle are of no further use.
      try {
        for (const old of readdirSync(dir)) if (old.startsWith(`${domain}-`) && old.endsWith('.bin') && join(dir, old) !== cacheFile) rmSync(join(dir, old), { force: true });
      } catch {
        // A cache left behind costs only disk space.
      }
    },
  };
}
