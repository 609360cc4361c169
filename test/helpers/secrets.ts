/**
 * The secrets sweep's registry. The test helpers register every secret value a suite hands to
 * Certdesk (the core's inputs through `createTestCore`, the CLI's --…-env / --…-file / --…-stdin
 * values through `runCertdesk`) and sweep what Certdesk leaves behind: data folders and temp folders
 * before they are removed, log lines, files a command wrote, the argv of every process a command ran,
 * and the page text of every e2e screenshot. A secret found is recorded as a hit; the sweep project
 * (test/sweep) runs after the suites and fails on any hit.
 *
 * Records are JSON lines under test-results/secrets-sweep/, one file per test process, because the
 * suites run in many processes. They hold the (made-up) secret values of the test run; the folder is
 * cleared when a unit run starts (test/global-setup.ts).
 */
import { appendFileSync, closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { secretsIn } from '../../electron/core/compose.js';

export const SWEEP_DIR = join(process.cwd(), 'test-results', 'secrets-sweep');

let recordsDir = SWEEP_DIR;
let file = '';

/** Sends this process's records to another folder (the sweep's self-test keeps its deliberate leaks apart). */
export function useSweepDir(dir: string): void {
  recordsDir = dir;
  file = '';
}

/** Shorter values (a user name, "x") would be found by chance. */
const MIN_SECRET_LENGTH = 6;
/** A larger file is read only this far. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/**
 * Operations that write a secret into a file because that is what the person asked for, with their
 * CLI words: the file they write is not swept. Anything else a command writes is.
 */
export const SECRET_ON_PURPOSE: Record<string, { cli: string; why: string }> = {
  'agent.enableHttps': { cli: 'agent https-enable', why: "the agent's configuration holds its keystore password: the agent opens its keystore with it" },
};

export type SweepRecord =
  | { t: 'secret'; value: string; source: string }
  | { t: 'scan'; what: string; items: number }
  | { t: 'hit'; where: string; source: string }
  | { t: 'page'; name: string; text: string; revealed: number };

const own = new Map<string, string>();

function append(rec: SweepRecord): void {
  if (!file) {
    mkdirSync(recordsDir, { recursive: true });
    file = join(recordsDir, `${process.pid}-${randomBytes(3).toString('hex')}.jsonl`);
  }
  appendFileSync(file, `${JSON.stringify(rec)}\n`);
}

/** Published default passwords, not secrets: the Keystores section names Java's `changeit` as a hint on purpose. */
const PUBLIC_DEFAULTS = new Set(['changeit']);

/** Registers a secret value this process's suite uses (short values and published defaults are ignored). */
export function registerSecret(value: string, source: string): void {
  const v = value.replace(/\r?\n$/, '');
  if (v.length < MIN_SECRET_LENGTH || PUBLIC_DEFAULTS.has(v) || own.has(v)) return;
  own.set(v, source);
  append({ t: 'secret', value: v, source });
}

/** `input` without its `fields` maps: a credential's non-secret fields (`tokenSeparator`, `tokenField`) are stored in the clear on purpose. */
function withoutFields(input: unknown): unknown {
  if (Array.isArray(input)) return input.map(withoutFields);
  if (typeof input !== 'object' || input === null) return input;
  return Object.fromEntries(Object.entries(input).filter(([k]) => k !== 'fields').map(([k, v]) => [k, withoutFields(v)]));
}

/**
 * Registers every secret in a core operation's input: the core's own rule (values under password-like
 * keys, as its log redaction takes them), less a credential's non-secret fields.
 */
export function registerSecretsIn(input: unknown, source: string): void {
  for (const s of secretsIn(withoutFields(input))) registerSecret(s, source);
}

/** The forms a secret takes in text: as is, JSON-escaped, URL-encoded. */
function formsOf(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

/** Which of `secrets` (value → source) appear in `text`, in any of their forms. */
export function secretsFoundIn(text: string, secrets: ReadonlyMap<string, string> = own): Array<{ value: string; source: string }> {
  const found: Array<{ value: string; source: string }> = [];
  for (const [value, source] of secrets) if (formsOf(value).some((f) => text.includes(f))) found.push({ value, source });
  return found;
}

/** Checks `text` (one item called `where`) against this process's secrets; records and returns the hits. */
export function sweepText(where: string, text: string, secrets: ReadonlyMap<string, string> = own): string[] {
  const found = secretsFoundIn(text, secrets);
  for (const h of found) append({ t: 'hit', where, source: h.source });
  const hits = found.map((h) => `${where} holds the secret of ${h.source}`);
  return hits;
}

/** The first MAX_FILE_BYTES of a regular file as latin1 (every byte kept), or null (not a regular file, gone meanwhile). */
function readHead(path: string): string | null {
  let fd: number | undefined;
  try {
    if (!statSync(path).isFile()) return null;
    fd = openSync(path, 'r');
    const buf = Buffer.alloc(Math.min(MAX_FILE_BYTES, fstatSync(fd).size));
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('latin1');
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The text of each file named and each file under the folders named; never the records themselves.
 * Unlike helpers/vault.ts `filesUnder` (a folder at rest), this runs while Certdesk processes may still
 * work in the folder (a lock file comes and goes) and on hostile inputs (a 3 GiB sparse file): each
 * file is read bounded, and one that is gone is skipped.
 */
function textsUnder(paths: string[]): Array<{ path: string; text: string }> {
  const isRecord = (p: string) => [SWEEP_DIR, recordsDir].some((d) => p === d || p.startsWith(`${d}/`));
  const all = paths.flatMap((p) => {
    try {
      return statSync(p).isDirectory() ? readdirSync(p, { recursive: true, encoding: 'utf8' }).map((rel) => join(p, rel)) : [p];
    } catch {
      return [];
    }
  });
  return all.filter((p) => !isRecord(p)).flatMap((path) => {
    const text = readHead(path);
    return text === null ? [] : [{ path, text }];
  });
}

/** Sweeps every file under `paths` (folders or files): records a scan, and a hit per secret found. */
export function sweepPaths(what: string, paths: string[], secrets: ReadonlyMap<string, string> = own): string[] {
  const files = textsUnder(paths);
  // A non-ASCII secret is found as its UTF-8 bytes read as latin1.
  const forms = new Map([...secrets].flatMap(([v, src]) => [[v, src], [Buffer.from(v, 'utf8').toString('latin1'), src]]));
  const hits = files.flatMap((f) => sweepText(`${what}: ${f.path}`, f.text, forms));
  append({ t: 'scan', what, items: files.length });
  return hits;
}

/** `text` with each of the secrets masked (to name where a hit was without repeating it). */
function masked(text: string, secrets: ReadonlyMap<string, string>): string {
  let out = text;
  for (const v of secrets.keys()) for (const f of formsOf(v)) out = out.split(f).join('[secret]');
  return out.length > 200 ? `${out.slice(0, 200)}…` : out;
}

/** Sweeps lines (log lines, argv), each line its own item, named in a hit (the secret masked); `seen` counts lines looked at but exempt. */
export function sweepLines(what: string, lines: string[], seen = lines.length): string[] {
  append({ t: 'scan', what, items: seen });
  return lines.flatMap((line) => (secretsFoundIn(line).length ? sweepText(`${what}: "${masked(line, own)}"`, line) : []));
}

/**
 * Records the text of a page as a screenshot shows it, each value the page reveals on purpose (a
 * Reveal the person clicked) already cut out of it once per place it is revealed; `revealed` counts them.
 */
export function recordPage(name: string, text: string, revealed: number): void {
  append({ t: 'page', name, text, revealed });
}

/** Every record of the run, from every process; `proc` names the process that wrote it. */
export function readSweepRecords(dir = recordsDir): Array<SweepRecord & { proc: string }> {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n').filter(Boolean).map((line) => ({ ...(JSON.parse(line) as SweepRecord), proc: f })));
}

/** Removes the records (a new run starts). */
export function clearSweepRecords(dir = recordsDir): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface SweepVerdict {
  /** Every place a secret was found: the hits recorded, and page texts holding a secret they did not reveal on purpose. */
  hits: string[];
  secrets: number;
  /** Items swept per kind of place (files, log lines, argv lines, pages). */
  swept: Record<string, number>;
}

/**
 * The sweep's verdict over the records of a run. A page is checked against the secrets of its own
 * process (the e2e file whose core was given them): another suite's secret cannot reach it, and
 * would only be found there by chance (a test password 1234567 inside a serial number).
 */
export function sweepVerdict(records: Array<SweepRecord & { proc: string }>): SweepVerdict {
  const secrets = new Map<string, Map<string, string>>();
  for (const r of records) if (r.t === 'secret') secrets.set(r.proc, (secrets.get(r.proc) ?? new Map<string, string>()).set(r.value, r.source));
  const hits: string[] = [];
  const swept: Record<string, number> = {};
  const kind = (what: string) => (/^argv/.test(what) ? 'argv lines' : /log/.test(what) ? 'log lines' : 'files');
  for (const r of records) {
    if (r.t === 'hit') hits.push(`${r.where} holds the secret of ${r.source}`);
    if (r.t === 'scan') swept[kind(r.what)] = (swept[kind(r.what)] ?? 0) + r.items;
    if (r.t === 'page') {
      swept['pages'] = (swept['pages'] ?? 0) + 1;
      for (const h of secretsFoundIn(r.text, secrets.get(r.proc) ?? new Map())) hits.push(`the page text of screenshot ${r.name} holds the secret of ${h.source}`);
    }
  }
  return { hits, secrets: new Set(records.flatMap((r) => (r.t === 'secret' ? [r.value] : []))).size, swept };
}

/**
 * Samples the argv (/proc/PID/cmdline) of a process and all its descendants every 10 ms until
 * stop(); `pid` undefined samples every process on the machine.
 */
export function watchArgv(pid?: number): { stop(): string[] } {
  const seen = new Set<string>();
  const cmdline = (p: string): void => {
    try {
      const line = readFileSync(`/proc/${p}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      if (line) seen.add(line);
    } catch {
      // The process ended meanwhile.
    }
  };
  const tree = (p: string): void => {
    cmdline(p);
    let kids: string[];
    try {
      kids = readdirSync(`/proc/${p}/task`).flatMap((t) => readFileSync(`/proc/${p}/task/${t}/children`, 'utf8').split(' ').filter(Boolean));
    } catch {
      return;
    }
    for (const k of kids) tree(k);
  };
  const sample = (): void => {
    if (pid === undefined) for (const p of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) cmdline(p);
    else tree(String(pid));
  };
  sample();
  const timer = setInterval(sample, 10);
  return {
    stop() {
      clearInterval(timer);
      return [...seen];
    },
  };
}
