/** `certdesk inspect FILE` and `certdesk cert export FILE`. */
import type { InspectResult } from '../../../shared/contract/pki-ops.js';
import { keyText } from '../../../shared/format.js';
import { flag, int, need, str, target } from '../args.js';
import { isCliError, type RunContext, type Runner, usageError } from '../framework.js';
import { formatInspect, inspectProblems, shortCertLines, writtenLines } from './pki-format.js';

const PASSWORD_HINT = 'Give it with --password-env VAR, --password-file PATH or --password-stdin.';

/** Inspects with the password given, or asks for one on a terminal when a .pfx turns out to need it. */
async function inspectFile(ctx: RunContext, file: string): Promise<InspectResult> {
  const password = await ctx.secret('password');
  try {
    return await ctx.call('pki.inspect', { source: { path: file }, password }, { hints: { PASSWORD_REQUIRED: PASSWORD_HINT } });
  } catch (err) {
    if (!isCliError(err) || err.error.code !== 'PASSWORD_REQUIRED' || password !== undefined || !ctx.io.prompt) throw err;
    return ctx.call('pki.inspect', { source: { path: file }, password: await ctx.io.prompt('Password: ') }, { hints: { PASSWORD_REQUIRED: PASSWORD_HINT } });
  }
}

/** `certdesk inspect`: exit 0, or 1 when it finds an expired certificate or a key that matches none. */
export const inspect: Runner<'pki.inspect'> = async (ctx) => {
  const report = await inspectFile(ctx, target(ctx));
  return { value: report, text: formatInspect(report), exit: inspectProblems(report).length > 0 ? 1 : 0 };
};

/** `certdesk cert export`: one certificate of any file as PEM or DER. */
export const certExport: Runner<'pki.exportCert'> = async (ctx) => {
  const file = target(ctx);
  const out = need(ctx, 'out');
  const password = await ctx.secret('password');
  const index = str(ctx, 'index') === undefined ? undefined : int(ctx, 'index', 1, 1, 10_000) - 1;
  const der = flag(ctx, 'der');
  if (der && /\.pem$/i.test(out)) throw usageError('--der with a .pem file name: drop --der for PEM, or name the file .cer/.der.');
  const r = await ctx.call('pki.exportCert', { source: { path: file }, password, index, format: der ? 'der' : 'pem', outPath: out, overwrite: flag(ctx, 'force') });
  const text = [`Exported certificate [${r.index + 1}] as ${der ? 'DER' : 'PEM'}: ${r.facts.subject} (${keyText(r.facts)})`, ...shortCertLines(r.facts), ...writtenLines(r.written)].join('\n');
  return { value: r, text };
};
