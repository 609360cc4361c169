import { readFileSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { AppError } from '../../shared/errors.js';
import { exitCodeFor } from '../../shared/errors.js';

/** Where a command reads and writes; the real process in the binary, buffers in tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  readStdin(): Promise<string>;
  /** Asks for a secret on an interactive terminal without echo; undefined when there is no TTY. */
  prompt?: (question: string) => Promise<string>;
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  json: boolean;
  io: CliIo;
  /** Reads the secret named `name` from --NAME-env, --NAME-file, --NAME-stdin or a TTY prompt. */
  secret(name: string, opts?: { required?: boolean; prompt?: string }): Promise<string | undefined>;
}

export interface Command {
  /** Words that select the command, e.g. ['keystore', 'list']. */
  path: string[];
  summary: string;
  usage: string;
  options?: OptionSpec;
  /** Secret inputs this command accepts; each gets -env, -file and -stdin forms, never a plain value. */
  secrets?: string[];
  positionals?: { min: number; max: number };
  run(ctx: CommandContext): Promise<number>;
}

/** An error that ends the command with a message on stderr and the exit code the convention gives it. */
export class CliError extends Error {
  constructor(
    readonly error: AppError,
    readonly exitCode: number = exitCodeFor(error.code),
  ) {
    super(error.message);
  }
}

/** A usage error: exit 2 with the command's usage. */
export function usageError(message: string): CliError {
  return new CliError({ code: 'VALIDATION_FAILED', message }, 2);
}

function secretOptions(secrets: string[]): OptionSpec {
  const spec: OptionSpec = {};
  for (const s of secrets) {
    spec[`${s}-env`] = { type: 'string' };
    spec[`${s}-file`] = { type: 'string' };
    spec[`${s}-stdin`] = { type: 'boolean' };
  }
  return spec;
}

/** Parses argv for one command, refusing secrets given as plain flag values. */
export function parseCommandArgs(cmd: Command, argv: string[]): { values: CommandContext['values']; positionals: string[] } {
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
    throw usageError(err instanceof Error ? err.message.replace(/\. To specify a positional.*$/s, '.') : String(err));
  }
  const { min, max } = cmd.positionals ?? { min: 0, max: 0 };
  if (!parsed.values['help'] && (parsed.positionals.length < min || parsed.positionals.length > max))
    throw usageError(
      parsed.positionals.length < min ? 'Missing argument.' : `Unexpected argument: ${parsed.positionals[max] ?? ''}`,
    );
  return { values: parsed.values as CommandContext['values'], positionals: parsed.positionals };
}

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
    const v = io.env[envName];
    if (v === undefined) throw usageError(`Environment variable ${envName} (for --${name}-env) is not set.`);
    return v;
  }
  if (typeof file === 'string') {
    try {
      return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch {
      throw new CliError({ code: 'FILE_NOT_FOUND', message: `Cannot read --${name}-file ${file}.` });
    }
  }
  if (stdin === true) return (await io.readStdin()).replace(/\r?\n$/, '');
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

/** Writes a value as JSON or as the human text the command renders. */
export function output<T>(ctx: CommandContext, value: T, human: (v: T) => string): void {
  ctx.io.stdout(ctx.json ? `${JSON.stringify(value, null, 2)}\n` : `${human(value).replace(/\n?$/, '\n')}`);
}
