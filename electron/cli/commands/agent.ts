import type { AgentStatus } from '../../../shared/contract/agent.js';
import { target } from '../args.js';
import type { Runner } from '../framework.js';
import { table } from './keystore-common.js';

/** `certdesk agent …`: an integration agent's keystore and HTTPS switch, and the saved profiles. */

function nextSteps(s: AgentStatus): string[] {
  const steps: string[] = [];
  if (!s.keystoreExists) steps.push(`import the server certificate: certdesk keystore import-pfx ${s.keystorePath} --pfx FILE --store-type jks ...`);
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
  const steps = nextSteps(s);
  if (steps.length) lines.push('', 'next:', ...steps.map((x) => `  - ${x}`));
  return lines.join('\n');
}

export const agentStatus: Runner<'agent.status'> = async (ctx) => {
  const s = await ctx.call('agent.status', { home: target(ctx) });
  return { value: s, text: formatStatus(s), exit: s.https && s.keystoreExists ? 0 : 1 };
};

export const agentHttpsEnable: Runner<'agent.enableHttps'> = async (ctx) => {
  const v = await ctx.call('agent.enableHttps', { configPath: target(ctx) });
  const text = v.changed
    ? [`HTTPS switched on in ${v.configPath}${v.port !== null ? ` (port ${v.port})` : ''}.`, `backup: ${v.backupPath ?? '(none)'}`, 'Restart the agent now for HTTPS to take effect.'].join('\n')
    : `HTTPS was already on in ${v.configPath}; nothing was changed.`;
  return { value: v, text };
};

export const agentList: Runner<'agent.list'> = async (ctx) => {
  const v = await ctx.call('agent.list', {});
  const text = v.agents.length
    ? table(['NAME', 'TYPE', 'HOME', 'ENDPOINT'], v.agents.map((a) => [a.name, a.keystoreType, a.home, a.endpoint ?? '—']))
    : 'No agent profiles saved yet (add them in the app).';
  return { value: v, text };
};
