import { CertdeskError } from '../core/errors.js';
import type { JobTable } from '../core/jobs.js';
import { READ_CAPS, readBounded } from '../core/store/read-file.js';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { CoreOpName, Input, Output } from '../../shared/contract/index.js';
import type { AppError, ErrorCode } from '../../shared/errors.js';
import { exitCodeFor } from '../../shared/errors.js';

/** Where a command reads and writes; the real process in the binary, buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  /** Standard input as text, read up to `maxBytes` + 1 bytes (so the caller can tell it was longer). */
  readStdin(maxBytes: number): Promise<string>;
  /** The terminal's width when stdout is a terminal. */
  columns?: number | undefined;
  /** Asks for a secret on an interactive terminal without echo; undefined when there is no TTY. */
  prompt?: (question: string) => Promise<string>;
  /** The process's job table: the entry's Ctrl-C cancels the job running in it. */
  jobs?: JobTable;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** The words after the command's own, as typed (`vault run` splits them at `--`). */
  argv: string[];
  json: boolean;
  io: CliIo;
  /** Reads the secret named `name` from --NAME-env, --NAME-file, --NAME-stdin or a TTY prompt. */
  secret(name: string, opts?: { required?: boolean; prompt?: string }): Promise<string | undefined>;
}

/** A command as the table declares it: words, help, options and the contract operation it calls. */
export interface CommandSpec {
  /** The words joined by a space, e.g. 'keystore list'. */
  id: string;
  /** The bundle holding its run code. */
  domain: 'app' | 'keystore' | 'agent' | 'pki' | 'tls' | 'vault';
  /** The contract operation whose output `--json` prints. */
  op: CoreOpName;
  /** Words that select the command, e.g. ['keystore', 'list']. */
  path: readonly string[];
  summary: string;
  usage: string;
  options?: OptionSpec;
  /** Secret inputs this command accepts; each gets -env, -file and -stdin forms, never a plain value. */
  secrets?: readonly string[];
  positionals?: { min: number; max: number };
  /** What happens when an option is left out, for --help. */
  defaults?: readonly string[];
  examples?: readonly string[];
}

/** What a command's run code gets: its arguments plus the one way to call the core. */
export interface RunContext extends CommandContext {
  /** Calls a core operation; a failed Result ends the command (with a CLI-worded hint when `hints` has one). */
  call<M extends CoreOpName>(name: M, input: Input<M>, opts?: CallOpts): Promise<Output<M>>;
}

export interface CallOpts {
  hints?: Partial<Record<ErrorCode, string>>;
  /** Shows the job's progress lines (only on an interactive terminal). */
  progress?: boolean;
}

/** What a command's run ends with: `--json` prints `value` (the operation's contract output) as it is. */
export interface Outcome<N extends CoreOpName> {
  value: Output<N>;
  text: string;
  exit?: number;
}

/** A command's run code, typed by the operation it declares. */
export type Runner<N extends CoreOpName> = (ctx: RunContext) => Promise<Outcome<N>>;

/** An error that ends the command with a message on stderr and the exit code the convention gives it. */
export class CliError extends Error {
  constructor(
    readonly error: AppError,
    readonly exitCode: number = exitCodeFor(error.code),
  ) {
    super(error.message);
    this.name = 'CliError';
  }
}

/**
 * True for a CliError from any bundle: each domain bundle has its own copy of the class, so the
 * entry cannot rely on instanceof.
 */
export function isCliError(err: unknown): err is CliError {
  return err instanceof Error && err.name === 'CliError' && typeof (err as Partial<CliError>).exitCode === 'number' && typeof (err as Partial<CliError>).error === 'object';
}

/** A usage error: exit 2 with the command's usage. */
export function usageError(message: string): CliError {
  return new CliError({ code: 'VALIDATION_FAILED', message }, 2);
}

function secretOptions(secrets: readonly string[]): OptionSpec {
  const spec: OptionSpec = {};
  for (const s of secrets) {
    spec[`${s}-env`] = { type: 'string' };
    spec[`${s}-file`] = { type: 'string' };
    spec[`${s}-stdin`] = { type: 'boolean' };
  }
  return spec;
}

/** An option whose value is or leads to a secret: any -env/-file/-stdin form, or a password-like name. */
function isSecretOption(token: string | undefined): boolean {
  if (token === undefined || !token.startsWith('-')) return false;
  const name = token.replace(/^-+/, '').split('=')[0] ?? '';
  return /-(env|file|stdin)$/.test(name) || /pass|secret|token|pin/i.test(name);
}

/**
 * parseArgs's message in words that never repeat a value: the option's name only, and nothing at
 * all when the offending word follows a secret option or is a dash-led word (likely a value).
 */
function safeParseMessage(err: unknown, argv: string[]): string {
  const code = (err as { code?: string }).code;
  const message = err instanceof Error ? err.message : String(err);
  const quoted = /'(-[^'\s=]*)/.exec(message)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted) {
    const at = argv.findIndex((a) => a === quoted || a.startsWith(`${quoted}=`) || (!quoted.startsWith('--') && !a.startsWith('--') && a.startsWith('-') && a.includes(quoted.slice(1))));
    const word = argv[at];
    if (at > 0 && isSecretOption(argv[at - 1])) return `An unknown option follows ${safeName(argv[at - 1])}; its text is not shown, as it may be a secret.`;
    if (word && !word.startsWith('--') && word.length > 2) return 'An unknown option starting with a single dash was given; its text is not shown, as it may be a secret.';
    return `Unknown option '${quoted}'.`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted) {
    if (/does not take an argument/.test(message)) return `${quoted} takes no value.`;
    if (/ambiguous/.test(message)) return `${quoted} needs a value; give one that starts with "-" as ${quoted}=VALUE.`;
    return `${quoted} needs a value.`;
  }
  return 'The arguments could not be read.';
}

/** An option token without any `=value`. */
function safeName(token: string | undefined): string {
  return (token ?? '').split('=')[0] ?? '';
}

/** Parses argv for one command, refusing secrets given as plain flag values. */
export function parseCommandArgs(cmd: CommandSpec, argv: string[]): { values: CommandContext['values']; positionals: string[] } {
  for (const s of cmd.secrets ?? []) {
    if (argv.some((a) => a === `--${s}` || a.startsWith(`--${s}=`)))
      throw usageError(
        `--${s} does not take a value on the command line (it would be visible in the process list and shell history). ` +
          `Use --${s}-env VAR, --${s}-file PATH or --${s}-stdin.`,
      );
  }
  const options: OptionSpec = { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, ...cmd.options, ...secretOptions(cmd.secrets ?? []) };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw usageError(safeParseMessage(err, argv));
  }
  const { min, max } = cmd.positionals ?? { min: 0, max: 0 };
  if (!parsed.values['help'] && (parsed.positionals.length < min || parsed.positionals.length > max))
    throw usageError(parsed.positionals.length < min ? 'Missing argument.' : unexpectedArgument(argv, parsed.positionals[max] ?? ''));
  return { values: parsed.values as CommandContext['values'], positionals: parsed.positionals };
}

/** Names an extra argument, unless it follows a secret option (then it may be the secret itself). */
function unexpectedArgument(argv: string[], word: string): string {
  const at = argv.indexOf(word);
  if (at > 0 && isSecretOption(argv[at - 1])) return `Unexpected argument after ${safeName(argv[at - 1])} (not shown: it may be a secret).`;
  return `Unexpected argument: ${word}`;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const SECRET_CAP_TEXT = `${READ_CAPS.secret / 1024} KiB`;

/** Resolves a secret from its -env / -file / -stdin forms or an interactive prompt. */
export async function readSecret(
  io: CliIo,
  values: CommandContext['values'],
  name: string,
  opts: { required?: boolean; prompt?: string } = {},
): Promise<string | undefined> {
  const envName = values[`${name}-env`];
  const file = values[`${name}-file`];
  const stdin = values[`${name}-stdin`];
  const given = [envName, file, stdin].filter((v) => v !== undefined && v !== false).length;
  if (given > 1) throw usageError(`Give --${name} one way only (-env, -file or -stdin).`);
  if (typeof envName === 'string') {
    // The value may be the password typed in place of a variable name: it is never repeated.
    if (!ENV_NAME.test(envName)) throw usageError(`The value given to --${name}-env is not an environment variable name.`);
    const v = io.env[envName];
    if (v === undefined) throw usageError(`The environment variable named by --${name}-env is not set.`);
    return v;
  }
  if (typeof file === 'string') {
    // Bounded like every file Certdesk reads (a FIFO or /dev/zero must not hang or fill memory); the
    // messages never repeat the path, which may be the secret typed in the wrong place.
    try {
      return (await readBounded(file, { kind: 'secret', what: 'password file' })).toString('utf8').replace(/\r?\n$/, '');
    } catch (err) {
      const code = err instanceof CertdeskError ? err.code : 'IO_ERROR';
      if (code === 'UNSUPPORTED_FORMAT') throw usageError(`The file given to --${name}-file is larger than ${SECRET_CAP_TEXT}: it is not a password file.`);
      if (code === 'FILE_NOT_FOUND') throw new CliError({ code, message: `Cannot read the file given to --${name}-file.`, hint: 'Check the path and that the file is readable.' });
      throw new CliError({ code: 'IO_ERROR', message: `The file given to --${name}-file is not a regular file this user may read (a folder, a pipe or a device?).`, hint: 'Give the file itself.' });
    }
  }
  if (stdin === true) {
    const text = await io.readStdin(READ_CAPS.secret);
    if (Buffer.byteLength(text) > READ_CAPS.secret) throw usageError(`Standard input for --${name}-stdin is longer than ${SECRET_CAP_TEXT}: it is not a password.`);
    return text.replace(/\r?\n$/, '');
  }
  if (opts.required) {
    if (io.prompt) return io.prompt(opts.prompt ?? `${name}: `);
    throw usageError(`--${name} is required: give --${name}-env VAR, --${name}-file PATH or --${name}-stdin.`);
  }
  return undefined;
}

/** Prints a failed Result's error on stderr (with its hint) and returns its exit code. */
export function reportError(io: CliIo, error: AppError, exitCode: number = exitCodeFor(error.code)): number {
  io.stderr(`certdesk: ${error.message}\n`);
  if (error.hint) io.stderr(`hint: ${error.hint}\n`);
  return exitCode;
}
