import type { AgentStatus } from '../../../shared/contract/agent.js';
import type { Services } from '../../core/services.js';
import { type Command, output } from '../framework.js';
import { call, table, target } from './keystore-common.js';

/** `certdesk agent …`: an integration agent's keystore and HTTPS switch, and the saved profiles. */

function nextSteps(s: AgentStatus): string[] {
  const steps: string[] = [];
  if (!s.keystoreExists) steps.push(`import the server certificate: certdesk keystore import-pfx ${s.keystorePath} --pfx FILE --storetype jks ...`);
  if (!s.https) steps.push(`switch HTTPS on: certdesk agent https-enable ${s.configPath}, then restart the agent`);
  return steps;
}

function formatStatus(s: AgentStatus): string {
  const lines = [
    `home       ${s.home}`,
    `config     ${s.configPath}`,
    `https      ${s.https ? 'on' : 'off'}${s.port !== null ? ` (port ${s.port})` : ''}`,
    `keystore   ${s.keystorePath}${s.keystoreExists ? '' : ' (missing)'}`,
  ];
  for (const k of s.serverKeys ?? []) {
    lines.push(`key        ${k.alias}${k.alias === s.servedAlias ? ' (served)' : ''}: ${k.subject}, until ${k.notAfter.slice(0, 10)}${k.san.length ? `, ${k.san.join(', ')}` : ''}`);
  }
  for (const f of s.findings) lines.push(`${f.severity.padEnd(10)} ${f.message}${f.fix ? ` ${f.fix}` : ''}`);
  const steps = nextSteps(s);
  if (steps.length) lines.push('', 'next:', ...steps.map((x) => `  - ${x}`));
  return lines.join('\n');
}

function statusCommand(services: () => Services): Command {
  return {
    path: ['agent', 'status'],
    summary: "Show an agent's keystore and config file, and whether HTTPS is on (exit 1 when not ready for HTTPS).",
    usage: 'certdesk agent status HOME [--storepass-env VAR] [--json]\nWith the store password it also lists the private keys and which one the agent serves.',
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const storePassword = await ctx.secret('storepass');
      const s = await call(services, 'agent.status', { home: target(ctx), ...(storePassword === undefined ? {} : { storePassword }) });
      output(ctx, s, formatStatus);
      return s.https && s.keystoreExists && !s.findings.some((f) => f.severity === 'error') ? 0 : 1;
    },
  };
}

function httpsEnableCommand(services: () => Services): Command {
  return {
    path: ['agent', 'https-enable'],
    summary: 'Switch the agent config to HTTPS (ssl="true" on <service-gateway>; backup first).',
    usage: 'certdesk agent https-enable CONFIG_XML --storepass-env VAR [--json]\nThe keystore beside it (conf/.keystore) must hold a private key; it is checked first.',
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const configPath = target(ctx);
      const storePassword = await ctx.secret('storepass', { required: true, prompt: 'Agent keystore password: ' });
      const r = await call(services, 'agent.enableHttps', { configPath, ...(storePassword === undefined ? {} : { storePassword }) });
      output(ctx, r, (v) =>
        v.changed
          ? [
              `HTTPS switched on in ${v.configPath}${v.port !== null ? ` (port ${v.port})` : ''}.`,
              `backup: ${v.backupPath ?? '(none)'}`,
              'Restart the agent now for HTTPS to take effect.',
            ].join('\n')
          : `HTTPS was already on in ${v.configPath}; nothing was changed.`,
      );
      return 0;
    },
  };
}

function listCommand(services: () => Services): Command {
  return {
    path: ['agent', 'list'],
    summary: 'List the saved agent profiles.',
    usage: 'certdesk agent list [--json]',
    async run(ctx) {
      const r = await call(services, 'agent.list', {});
      output(ctx, r, (v) =>
        v.agents.length ? table(['NAME', 'TYPE', 'HOME', 'ENDPOINT'], v.agents.map((a) => [a.name, a.keystoreType, a.home, a.endpoint ?? '—'])) : 'No agent profiles saved yet (add them in the app).',
      );
      return 0;
    },
  };
}

/** All `certdesk agent …` commands. */
export function agentCommands(services: () => Services): Command[] {
  return [statusCommand(services), httpsEnableCommand(services), listCommand(services)];
}
