/** `certdesk inspect FILE` and `certdesk cert export FILE`. */
import type { InspectResult } from '../../../shared/contract/pki-ops.js';
import type { Services } from '../../core/services.js';
import { CliError, type Command, type CommandContext, output, usageError } from '../framework.js';
import { callPki, FORCE, int, need, str } from './pki-args.js';
import { formatInspect, inspectProblems, keyText, shortCertLines, writtenLines } from './pki-format.js';

/** Inspects with the password given, or asks for one on a terminal when a .pfx turns out to need it. */
async function inspectFile(services: () => Services, ctx: CommandContext, file: string): Promise<{ report: InspectResult; password: string | undefined }> {
  let password = await ctx.secret('password');
  let res = await services()['pki.inspect']({ source: { path: file }, ...(password === undefined ? {} : { password }) });
  if (!res.ok && res.error.code === 'PASSWORD_REQUIRED' && ctx.io.prompt) {
    password = await ctx.io.prompt('Password: ');
    res = await services()['pki.inspect']({ source: { path: file }, password });
  }
  if (!res.ok) {
    if (res.error.code === 'PASSWORD_REQUIRED') throw new CliError({ ...res.error, hint: 'Give it with --password-env VAR, --password-file PATH or --password-stdin.' });
    throw new CliError(res.error);
  }
  return { report: res.value, password };
}

/** The JSON form: per certificate the facts (flat), keys and requests, the chain, problems; items numbered from 1. */
export function inspectJson(file: string, r: InspectResult): unknown {
  const n = (i: number) => i + 1;
  return {
    file,
    format: r.format,
    encoding: r.encoding,
    ...(r.pkcs12Profile ? { pkcs12Profile: r.pkcs12Profile } : {}),
    ...(r.pkcs12Encryption ? { pkcs12Encryption: r.pkcs12Encryption } : {}),
    certificates: r.items.flatMap((it, i) =>
      it.kind === 'certificate' ? [{ item: n(i), ...it.facts, ...(it.alias !== undefined ? { alias: it.alias } : {}), ...(it.trusted !== undefined ? { trusted: it.trusted } : {}) }] : [],
    ),
    keys: r.items.flatMap((it, i) =>
      it.kind === 'privateKey'
        ? [{ item: n(i), encrypted: it.encrypted, locked: it.locked, ...(it.key ?? {}), matchesCertificate: it.matchesCertificate === null ? null : n(it.matchesCertificate), ...(it.alias !== undefined ? { alias: it.alias } : {}) }]
        : [],
    ),
    csrs: r.items.flatMap((it, i) => (it.kind === 'csr' ? [{ item: n(i), ...it.facts }] : [])),
    chain: r.chain && {
      order: r.chain.order.map(n),
      complete: r.chain.complete,
      ...(r.chain.missingIssuer !== undefined ? { missingIssuer: r.chain.missingIssuer } : {}),
      unrelated: r.chain.unrelated.map(n),
      ...(r.chain.missingIssuerUrls ? { missingIssuerUrls: r.chain.missingIssuerUrls } : {}),
      ...(r.chain.rootBeyondGap !== undefined ? { rootBeyondGap: n(r.chain.rootBeyondGap) } : {}),
    },
    findings: r.findings,
    problems: inspectProblems(r),
  };
}

/** `certdesk inspect`: exit 0, or 1 when the core finds a problem of severity error (expired, key mismatch …). */
export function inspectCommand(services: () => Services): Command {
  return {
    path: ['inspect'],
    summary: 'Show what is in a certificate, key, CSR, PKCS#7 or PKCS#12 file.',
    usage: 'certdesk inspect FILE [--password-env VAR] [--json]',
    secrets: ['password'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const file = ctx.positionals[0] ?? '';
      const { report } = await inspectFile(services, ctx, file);
      output(ctx, inspectJson(file, report), () => formatInspect(report));
      return inspectProblems(report).length > 0 ? 1 : 0;
    },
  };
}

/** `certdesk cert export`: one certificate of any file as PEM or DER. */
export function certExportCommand(services: () => Services): Command {
  return {
    path: ['cert', 'export'],
    summary: 'Save one certificate of a file (PEM, DER, .p7b, .pfx) as PEM or DER.',
    usage: 'certdesk cert export FILE --out FILE [--der] [--index N] [--password-env VAR] [--force]',
    options: { out: { type: 'string' }, der: { type: 'boolean' }, index: { type: 'string' }, ...FORCE },
    secrets: ['password'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const file = ctx.positionals[0] ?? '';
      const out = need(ctx, 'out');
      const password = await ctx.secret('password');
      const index = str(ctx, 'index') === undefined ? undefined : int(ctx, 'index', 1, 1, 10_000) - 1;
      if (ctx.values['der'] && /\.pem$/i.test(out)) throw usageError('--der with a .pem file name: drop --der for PEM, or name the file .cer/.der.');
      const res = await callPki(services, 'pki.exportCert', {
        source: { path: file },
        ...(password === undefined ? {} : { password }),
        ...(index === undefined ? {} : { index }),
        format: ctx.values['der'] ? 'der' : 'pem',
        outPath: out,
        overwrite: ctx.values['force'] === true,
      });
      output(ctx, res, (r) =>
        [`Exported certificate [${r.index + 1}] as ${ctx.values['der'] ? 'DER' : 'PEM'}: ${r.facts.subject} (${keyText(r.facts)})`, ...shortCertLines(r.facts), ...writtenLines(r.written)].join('\n'),
      );
      return 0;
    },
  };
}
