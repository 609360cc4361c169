/**
 * What the renderer may make the app do with the person's files and browser: write only where the
 * person chose in a dialog this session (a chosen folder covers the files inside it) or in the data
 * folder, and open only links the core itself produced. A compromised page can then neither overwrite
 * an arbitrary file nor send the person to an arbitrary site. Plain Node: the harness uses it too.
 */
import { isAbsolute, resolve, sep } from 'node:path';
import type { OpDef } from '../../shared/contract/define.js';
import type { Result } from '../../shared/errors.js';

/** The values at a dotted field path of an input (`output.certPath`), flattening lists; strings only. */
function valuesAt(input: unknown, path: readonly string[]): string[] {
  if (path.length === 0) {
    if (typeof input === 'string') return [input];
    return Array.isArray(input) ? input.filter((v): v is string => typeof v === 'string') : [];
  }
  if (typeof input !== 'object' || input === null) return [];
  const [head, ...rest] = path;
  return valuesAt((input as Record<string, unknown>)[head ?? ''], rest);
}

/** The paths an operation would write for this input, as its contract entry declares them. */
export function writtenPaths(def: Pick<OpDef, 'writes'>, input: unknown): string[] {
  return def.writes.flatMap((field) => valuesAt(input, field.split('.')));
}

/** URL-valued fields of a core output (`caIssuerUrls`, `ocspUrls`, `crlUrls`, `url`, …), at any depth. */
function urlsIn(value: unknown, underUrlKey = false): string[] {
  if (typeof value === 'string') return underUrlKey && /^https?:\/\//i.test(value) ? [value] : [];
  if (Array.isArray(value)) return value.flatMap((v) => urlsIn(v, underUrlKey));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => urlsIn(v, /urls?$/i.test(k)));
}

/** The refusal of a write to a path the person did not choose. */
export function notChosen(path: string): Result<never> {
  return {
    ok: false,
    error: {
      code: 'FORBIDDEN_SENDER',
      message: `Certdesk writes only where you chose, and ${path} was not chosen.`,
      hint: 'Pick the file or its folder with Browse… first.',
    },
  };
}

/** Operations the page may never call, whatever it sends: running a program with secrets is the command line's. */
const CLI_ONLY_OPS: ReadonlySet<string> = new Set(['vault.run']);

/** The refusal of an operation the window may not call, or undefined when it may. */
export function refusedToRenderer(name: string): Result<never> | undefined {
  if (!CLI_ONLY_OPS.has(name)) return undefined;
  return {
    ok: false,
    error: {
      code: 'FORBIDDEN_SENDER',
      message: `${name} is for the command line only: the window never starts programs with secrets.`,
      hint: 'Run `certdesk vault run NAME -- COMMAND` in a terminal.',
    },
  };
}

/** The session's grants: chosen files and folders, the data folder, and links the core produced. */
export class RendererGrants {
  private readonly files = new Set<string>();
  private readonly folders = new Set<string>();
  private readonly urls = new Set<string>();

  constructor(dataDir: string) {
    this.folders.add(resolve(dataDir));
  }

  /** Records a path the person picked: a file (open or save dialog) or a folder (and everything in it). */
  choose(kind: 'file' | 'folder', path: string): void {
    (kind === 'file' ? this.files : this.folders).add(resolve(path));
  }

  /** True when the renderer may have the core write `path`. Relative paths are never chosen ones. */
  mayWrite(path: string): boolean {
    if (!isAbsolute(path)) return false;
    const full = resolve(path);
    if (this.files.has(full)) return true;
    for (const folder of this.folders) if (full.startsWith(folder.endsWith(sep) ? folder : folder + sep)) return true;
    return false;
  }

  /** Remembers the links in a core result, so the page may later ask to open them. */
  recordOutput(value: unknown): void {
    for (const url of urlsIn(value)) this.urls.add(url);
  }

  /** True when `url` came from a core result this session. */
  mayOpen(url: string): boolean {
    return this.urls.has(url);
  }
}
