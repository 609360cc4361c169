import { VERSION } from '../core/version.js';
import { COMMANDS, type CommandDef } from './commands/table.js';
import { isCliError, parseCommandArgs, readSecret, reportError, type CliIo, type CommandSpec } from './framework.js';
import { loadDomain } from './load.js';

function helpText(commands: readonly CommandSpec[]): string {
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
    "  --json       the operation's result as JSON on stdout",
    '  -h, --help   help for the command',
    '',
    'Exit codes: 0 success or healthy, 1 the check found a problem, 2 bad input or usage.',
    'Secrets are never given as plain flag values: use --NAME-env VAR, --NAME-file PATH or --NAME-stdin.',
    'Data folder: $CERTDESK_HOME, else the OS-conventional Certdesk folder.',
  ].join('\n');
}

function commandHelp(cmd: CommandSpec): string {
  const secrets = (cmd.secrets ?? []).map((s) => `  --${s}-env VAR | --${s}-file PATH | --${s}-stdin`);
  const section = (title: string, lines: readonly string[]): string[] => (lines.length ? ['', title, ...lines.map((l) => `  ${l}`)] : []);
  return [
    cmd.summary,
    '',
    `Usage: ${cmd.usage}`,
    ...(secrets.length ? ['', 'Secrets (never as a plain value):', ...secrets] : []),
    ...section('Defaults:', [...(cmd.defaults ?? []), "text for people on stdout (--json prints the operation's result as JSON instead)", ...(cmd.options && 'storetype' in cmd.options ? ['--storetype is accepted as another spelling of --store-type'] : [])]),
    ...section('Examples:', cmd.examples ?? []),
  ].join('\n');
}

/** `certdesk keystore` and friends: the group's commands, one line each. */
function groupHelp(group: string, commands: readonly CommandSpec[]): string {
  const width = Math.max(...commands.map((c) => c.path.join(' ').length));
  return [
    `Usage: certdesk ${group} <command> [options]`,
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`),
    '',
    `Help for one: certdesk ${group} <command> --help`,
  ].join('\n');
}

/** Picks the command whose words match the start of argv, longest first. */
function findCommand(argv: string[]): { cmd: CommandDef; rest: string[] } | undefined {
  const sorted = [...COMMANDS].sort((a, b) => b.path.length - a.path.length);
  for (const cmd of sorted) {
    if (cmd.path.every((w, i) => argv[i] === w)) return { cmd, rest: argv.slice(cmd.path.length) };
  }
  return undefined;
}

/** Runs the CLI over argv (without node and script) and returns the exit code. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const first = argv[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.stdout(`${helpText(COMMANDS)}\n`);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-V') {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const found = findCommand(argv);
  const group = COMMANDS.filter((c) => c.path.length > 1 && c.path[0] === first);
  const second = argv[1];
  if (!found && group.length && (second === undefined || second === '--help' || second === '-h')) {
    const help = second !== undefined;
    (help ? io.stdout : io.stderr)(`${groupHelp(first, group)}\n`);
    return help ? 0 : 2;
  }
  if (!found) {
    const prefix = COMMANDS.filter((c) => c.path[0] === first);
    const known = prefix.length ? prefix : COMMANDS;
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
    const json = values['json'] === true;
    const { module, saveCache } = loadDomain(cmd.domain, io.env);
    const outcome = await module.run(cmd.id, { values, positionals, argv: rest, json, io, secret: (name, opts) => readSecret(io, values, name, opts) });
    // An empty text prints nothing (`vault run`: the command's own output is all there is).
    if (json || outcome.text !== '') io.stdout(json ? `${JSON.stringify(outcome.value, null, 2)}\n` : outcome.text.replace(/\n?$/, '\n'));
    saveCache();
    return outcome.exit ?? 0;
  } catch (err) {
    if (isCliError(err)) {
      const code = reportError(io, err.error, err.exitCode);
      if (err.exitCode === 2 && err.error.code === 'VALIDATION_FAILED') io.stderr(`usage: ${cmd.usage}\n`);
      return code;
    }
    io.stderr(`certdesk: unexpected error: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}
