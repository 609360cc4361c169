import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { registerSecret, SECRET_ON_PURPOSE, sweepLines, sweepPaths, watchArgv } from './secrets.js';

export const CLI = join(process.cwd(), 'dist', 'cli', 'certdesk.cjs');

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Each `--name value` / `--name=value` option of `args` whose name matches. */
function optionValues(args: string[], name: RegExp): Array<{ opt: string; value: string }> {
  const out: Array<{ opt: string; value: string }> = [];
  args.forEach((a, i) => {
    const eq = /^(--[a-z0-9-]+)=(.*)$/s.exec(a);
    if (eq?.[1] && name.test(eq[1])) out.push({ opt: eq[1], value: eq[2] ?? '' });
    else if (name.test(a) && args[i + 1] !== undefined) out.push({ opt: a, value: args[i + 1] ?? '' });
  });
  return out;
}

/** `field=VALUE` or `VALUE`: the part after the field. */
const afterField = (v: string): string => (/^[A-Za-z0-9_.-]+=/.test(v) ? v.slice(v.indexOf('=') + 1) : v);

/**
 * Registers the secrets a run hands to Certdesk the ways a secret may travel: a variable named by a
 * `--…-env` option, a file named by a secret `--…-file` option, standard input for a `--…-stdin` one.
 */
function registerRunSecrets(args: string[], env: NodeJS.ProcessEnv, input: string | undefined): void {
  const command = args.slice(0, 2).join(' ');
  for (const { opt, value: v } of optionValues(args, /^--[a-z-]+-env$/)) {
    const value = env[afterField(v)];
    if (value) registerSecret(value, `certdesk ${command} (${opt} ${v})`);
  }
  for (const { value: v } of optionValues(args, /^--[a-z-]*(password|secret|pass|token|jwt)[a-z-]*-file$/)) {
    const p = afterField(v);
    if (existsSync(p) && statSync(p).isFile() && statSync(p).size <= 64 * 1024) registerSecret(readFileSync(p, 'utf8'), `certdesk ${command} (file ${p})`);
  }
  if (input && args.some((a) => /^--[a-z-]*(password|secret|pass|token|jwt)[a-z-]*-stdin$/.test(a))) {
    for (const line of input.split(/\r?\n/)) registerSecret(line, `certdesk ${command} (stdin)`);
  }
}

/** The paths the arguments name (each `x` and the value of `a=x`), with their modification time now (null: none). */
function namedPaths(args: string[]): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const a of args.flatMap((x) => [x, x.includes('=') ? x.slice(x.indexOf('=') + 1) : ''])) {
    if (!a || a.startsWith('-')) continue;
    const p = isAbsolute(a) ? a : resolve(a);
    try {
      const st = statSync(p);
      out.set(p, st.isFile() ? st.mtimeMs : -1);
    } catch {
      out.set(p, null);
    }
  }
  return out;
}

/** Files a run wrote that its arguments name (an export, a report, a converted file): new or changed since `before`. */
function writtenFiles(before: Map<string, number | null>): string[] {
  return [...before].filter(([p, mtime]) => {
    try {
      const st = statSync(p);
      return st.isFile() && st.mtimeMs !== mtime;
    } catch {
      return false;
    }
  }).map(([p]) => p);
}

/** Sweeps what a run left: the argv of the processes it ran, its data, temp and cache folders, the files it wrote. */
function sweepAfter(args: string[], env: NodeJS.ProcessEnv, lines: string[], before: Map<string, number | null>): void {
  const command = `certdesk ${args.slice(0, 2).join(' ')}`;
  // The command line the test itself gave is its own choice (a refusal test passes a secret as a flag on purpose).
  const launched = [process.execPath, CLI, ...args].join(' ').trim();
  sweepLines(`argv of the processes ${command} ran`, lines.filter((line) => line !== launched), lines.length);
  const folders = [env['CERTDESK_HOME'], env['TMPDIR'], env['XDG_CACHE_HOME']].filter((d): d is string => Boolean(d));
  // The first operand of a command that writes a secret on purpose (SECRET_ON_PURPOSE) is that file.
  const onPurpose = Object.values(SECRET_ON_PURPOSE).some((p) => p.cli === args.slice(0, 2).join(' '));
  const deliberate = new Set(onPurpose ? args.slice(2, 3).map((a) => resolve(a)) : []);
  sweepPaths(`after ${command}`, [...folders, ...writtenFiles(before).filter((f) => !deliberate.has(f))]);
}

/**
 * Runs the built `certdesk` CLI as a user would, with an isolated CERTDESK_HOME unless env says otherwise.
 * For the secrets sweep (helpers/secrets.ts): the secrets handed to it are registered; while it runs, the
 * argv of it and every process it starts is sampled; afterwards its data folder, temp and cache folders
 * and the files it wrote are swept (hits are recorded, and the sweep project fails on them). `onStderr` sees
 * stderr as it grows (a test can act on what the CLI asks of the person while it runs).
 */
export function runCertdesk(
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; onStderr?: (soFar: string) => void } = {},
): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'], DBUS_SESSION_BUS_ADDRESS: process.env['DBUS_SESSION_BUS_ADDRESS'], ...opts.env };
  registerRunSecrets(args, env, opts.input);
  const before = namedPaths(args);
  return new Promise((done, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    const argv = child.pid === undefined ? null : watchArgv(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      opts.onStderr?.(stderr);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      argv?.stop();
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // The run's answer goes back even if the sweep breaks (vitest then reports the sweep's error).
      try {
        sweepAfter(args, env, argv?.stop() ?? [], before);
      } finally {
        done({ code: code ?? -1, stdout, stderr });
      }
    });
    // The CLI may exit before reading stdin (a usage error): the closed pipe is not the test's failure.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
  });
}
