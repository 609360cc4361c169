import type { TlsCheckResult } from '../../../shared/contract/tls-result.js';
import type { StartTls, TlsTrustInput } from '../../../shared/contract/tls.js';
import { TLS_SCAN_CONCURRENCY, TLS_TIMEOUT } from '../../../shared/contract/tls.js';
import type { Finding } from '../../../shared/findings.js';
import { escapeControl } from '../../../shared/text-safety.js';
import { tlsReport } from '../../../shared/tls-report.js';
import { flag, int, list, needSecret, str, target } from '../args.js';
import { type CommandContext, type Runner, usageError } from '../framework.js';
import { table } from './keystore-common.js';

/** `certdesk tls …`: check an endpoint, a list of them, or an agent's endpoint against its keystore. */

/** Server-controlled text, one line at a time, with control characters shown as escapes. */
const safe = (text: string): string => text.split('\n').map(escapeControl).join('\n');

const WORD = { error: 'ERROR', warning: 'WARNING', info: 'OK' } as const;

function verdictLines(f: Finding | undefined): string[] {
  if (!f) return [];
  return [`${f.severity === 'info' ? 'OK' : WORD[f.severity]}: ${safe(f.message)}`, ...(f.fix ? [`fix: ${safe(f.fix)}`] : [])];
}

/** --ca files or --truststore (with its password): what a TLS connection trusts (tls check, auth test). */
export async function trustOf(ctx: CommandContext): Promise<TlsTrustInput> {
  const ca = list(ctx, 'ca');
  const store = str(ctx, 'truststore');
  if (ca.length && store) throw usageError('Give --ca files or a --truststore, not both.');
  if (store) return { kind: 'javaTrustStore', path: store, storePassword: await needSecret(ctx, 'storepass', 'Trust store password: ') };
  return ca.length ? { kind: 'caFiles', paths: ca } : { kind: 'bundled' };
}

function proxyOf(ctx: CommandContext): { proxy?: string } {
  const proxy = str(ctx, 'proxy');
  if (proxy && flag(ctx, 'no-proxy')) throw usageError('Give --proxy URL or --no-proxy, not both.');
  if (flag(ctx, 'no-proxy')) return { proxy: 'none' };
  return proxy ? { proxy } : {};
}

function starttlsOf(ctx: CommandContext): { starttls?: StartTls } {
  const v = str(ctx, 'starttls')?.toLowerCase();
  if (v === undefined) return {};
  if (v === 'smtp' || v === 'imap' || v === 'pop3') return { starttls: v };
  throw usageError('--starttls must be smtp, imap or pop3.');
}

const exitOf = (ok: boolean): number => (ok ? 0 : 1);

export const tlsCheck: Runner<'tls.check'> = async (ctx) => {
  const pfx = str(ctx, 'client-pfx');
  const servername = str(ctx, 'servername');
  const result: TlsCheckResult = await ctx.call(
    'tls.check',
    {
      target: target(ctx),
      ...(servername ? { servername } : {}),
      ...starttlsOf(ctx),
      ...proxyOf(ctx),
      trust: await trustOf(ctx),
      ...(pfx ? { clientCert: { pfxPath: pfx, password: await needSecret(ctx, 'client-pfx-password', 'Client .pfx password: ') } } : {}),
      timeoutMs: int(ctx, 'timeout', TLS_TIMEOUT.default, TLS_TIMEOUT.min, TLS_TIMEOUT.max),
      allowNetworkLookups: flag(ctx, 'lookups'),
      scanProtocols: flag(ctx, 'protocols'),
    },
    { progress: true },
  );
  const lines = [...verdictLines(result.findings[0]), '', safe(tlsReport(result, 'text')).trimEnd()];
  const out = str(ctx, 'save-chain');
  if (out) {
    if (!result.chainPem) {
      lines.push('', 'The server sent no certificate: no chain was saved.');
    } else {
      const saved = await ctx.call('tls.saveChain', { chainPem: result.chainPem, outPath: out, overwrite: flag(ctx, 'force') });
      // With --json stdout is the check alone; the saved file is named on stderr.
      if (ctx.json) ctx.io.stderr(`chain saved: ${saved.write.path}\n`);
      lines.push('', `chain saved: ${saved.write.path} (${saved.certificates.length} certificate${saved.certificates.length === 1 ? '' : 's'})${saved.write.backupPath ? `, backup ${saved.write.backupPath}` : ''}`);
    }
  }
  return { value: result, text: lines.join('\n'), exit: exitOf(result.ok) };
};

export const tlsScan: Runner<'tls.scan'> = async (ctx) => {
  const v = await ctx.call(
    'tls.scan',
    {
      targetsPath: target(ctx),
      concurrency: int(ctx, 'concurrency', TLS_SCAN_CONCURRENCY.default, TLS_SCAN_CONCURRENCY.min, TLS_SCAN_CONCURRENCY.max),
      trust: await trustOf(ctx),
      ...proxyOf(ctx),
      timeoutMs: int(ctx, 'timeout', TLS_TIMEOUT.default, TLS_TIMEOUT.min, TLS_TIMEOUT.max),
      allowNetworkLookups: flag(ctx, 'lookups'),
    },
    { progress: true },
  );
  const rows = v.rows.map((r) => [WORD[r.severity], safe(r.target), r.daysLeft === null ? '—' : String(r.daysLeft), r.code, safe(r.message)]);
  const summary = `${v.checked} checked: ${v.errors} with errors, ${v.warnings} with warnings.`;
  const text = v.rows.length ? `${table(['STATUS', 'TARGET', 'DAYS', 'CODE', 'MESSAGE'], rows)}\n\n${summary}` : 'The file lists no target.';
  return { value: v, text, exit: exitOf(v.errors === 0) };
};

export const tlsAgentCheck: Runner<'tls.agentCheck'> = async (ctx) => {
  const endpoint = str(ctx, 'endpoint');
  const v = await ctx.call(
    'tls.agentCheck',
    {
      home: target(ctx),
      ...(endpoint ? { endpoint } : {}),
      storePassword: await needSecret(ctx, 'storepass', 'Agent keystore password: '),
      timeoutMs: int(ctx, 'timeout', TLS_TIMEOUT.default, TLS_TIMEOUT.min, TLS_TIMEOUT.max),
    },
    { progress: true },
  );
  const text = [...verdictLines(v.verdict), '', `endpoint  ${safe(v.endpoint)}`, `keystore  ${v.keystorePath}`].join('\n');
  return { value: v, text, exit: exitOf(v.verdict.severity !== 'error') };
};
