import { JobTable, servicesAsJobs } from '../core/jobs.js';
import { createServices, type Services } from '../core/services.js';
import { resolveDataDir } from '../core/data-dir.js';
import { createLogger } from '../core/log.js';
import { createCoreDeps } from '../core/deps.js';
import { KEYCHAIN_SERVICE } from '../core/vault/keychain.js';
import { VERSION } from '../core/version.js';
import { allCommands } from './commands/index.js';
import { CliError, parseCommandArgs, readSecret, reportError, type CliIo, type Command } from './framework.js';

function helpText(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  const lines = commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return [
    `certdesk ${VERSION} — certificates, keystores, TLS checks and credentials`,
    '',
    'Usage: certdesk <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options for every command:',
    '  --json       machine-readable output on stdout',
    '  -h, --help   help for the command',
    '',
    'Exit codes: 0 success or healthy, 1 the check found a problem, 2 bad input or usage.',
    'Secrets are never given as plain flag values: use --NAME-env VAR, --NAME-file PATH or --NAME-stdin.',
    'Data folder: $CERTDESK_HOME, else the OS-conventional Certdesk folder.',
  ].join('\n');
}

function commandHelp(cmd: Command): string {
  const secrets = (cmd.secrets ?? []).map((s) => `  --${s}-env VAR | --${s}-file PATH | --${s}-stdin`);
  return [cmd.summary, '', `Usage: ${cmd.usage}`, ...(secrets.length ? ['', 'Secrets:', ...secrets] : [])].join('\n');
}

/** Picks the command whose words match the start of argv, longest first. */
function findCommand(commands: Command[], argv: string[]): { cmd: Command; rest: string[] } | undefined {
  const sorted = [...commands].sort((a, b) => b.path.length - a.path.length);
  for (const cmd of sorted) {
    if (cmd.path.every((w, i) => argv[i] === w)) return { cmd, rest: argv.slice(cmd.path.length) };
  }
  return undefined;
}

/** Runs the CLI over argv (without node and script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo, jobs = new JobTable()): Promise<number> {
  let services: Services | undefined;
  // Every call is a job of `jobs`, so the entry's Ctrl-C cancels it; a command's own context still gets its progress.
  const getServices = (): Services =>
    (services ??= servicesAsJobs(
      createServices(
        createCoreDeps({
          version: VERSION,
          dataDir: resolveDataDir(io.env),
          keychainService: io.env['CERTDESK_KEYCHAIN_SERVICE'] || KEYCHAIN_SERVICE,
          log: createLogger((line) => (io.env['CERTDESK_LOG'] ? io.stderr(`${line}\n`) : undefined)),
          env: io.env,
        }),
      ),
      jobs,
    ));
  const commands = allCommands(getServices);
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(`${helpText(commands)}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const found = findCommand(commands, argv);
  if (!found) {
    const prefix = commands.filter((c) => c.path[0] === first);
    const known = prefix.length ? prefix : commands;
    io.stderr(`certdesk: unknown command: ${argv.filter((a) => !a.startsWith('-')).slice(0, 2).join(' ')}\n`);
    io.stderr(`Try one of:\n${known.map((c) => `  certdesk ${c.path.join(' ')}`).join('\n')}\n`);
    return 2;
  }
  const { cmd, rest } = found;
  try {
    const { values, positionals } = parseCommandArgs(cmd, rest);
    if (values['help']) {
      io.stdout(`${commandHelp(cmd)}\n`);
      return 0;
    }
    return await cmd.run({
      values,
      positionals,
      json: values['json'] === true,
      io,
      secret: (name, opts) => readSecret(io, values, name, opts),
    });
  } catch (err) {
    if (err instanceof CliError) {
      const code = reportError(io, err.error, err.exitCode);
      if (err.exitCode === 2 && err.error.code === 'VALIDATION_FAILED') io.stderr(`usage: ${cmd.usage}\n`);
      return code;
    }
    io.stderr(`certdesk: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
