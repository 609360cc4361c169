import type { AgentStatus } from '../../../shared/contract/agent.js';
import { dateText } from '../../../shared/format.js';
import { escapeControl as esc } from '../../../shared/text-safety.js';
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
  for (const k of s.serverKeys ?? [])
    lines.push(`key        ${esc(k.alias)}${k.alias === s.servedAlias ? ' (served)' : ''}: ${esc(k.subject)}, until ${dateText(k.notAfter)}${k.san.length ? `, ${esc(k.san.join(', '))}` : ''}`);
  for (const f of s.findings) lines.push(`${f.severity.padEnd(10)} ${esc(f.message)}${f.fix ? ` ${esc(f.fix)}` : ''}`);
  const steps = nextSteps(s);
  if (steps.length) lines.push('', 'next:', ...steps.map((x) => `  - ${x}`));
  return lines.join('\n');
}

export const agentStatus: Runner<'agent.status'> = async (ctx) => {
  const storePassword = await ctx.secret('storepass');
  const s = await ctx.call('agent.status', { home: target(ctx), storePassword });
  return { value: s, text: formatStatus(s), exit: s.https && s.keystoreExists && !s.findings.some((f) => f.severity === 'error') ? 0 : 1 };
};

export const agentHttpsEnable: Runner<'agent.enableHttps'> = async (ctx) => {
  const configPath = target(ctx);
  const storePassword = await ctx.secret('storepass', { required: true, prompt: 'Agent keystore password: ' });
  const v = await ctx.call('agent.enableHttps', { configPath, storePassword });
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
