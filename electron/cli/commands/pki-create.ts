/** `certdesk cert create`, `certdesk csr create` and `certdesk csr import-reply`. */
import type { Input } from '../../../shared/contract/index.js';
import { keyText } from '../../../shared/format.js';
import { flag, int, list, need, optionalSecret, str } from '../args.js';
import { type Runner, usageError } from '../framework.js';
import { keySpec, keystoreTarget, pfxTarget, sans } from './pki-args.js';
import { joinedChainLines } from './pki-chain-lines.js';
import { shortCertLines, writtenLines } from './pki-format.js';

const USAGES = ['serverAuth', 'clientAuth'] as const;
type Usage = (typeof USAGES)[number];

/** `certdesk cert create`: a self-signed certificate as a PEM pair, a .pfx, or a keystore entry. */
export const certCreate: Runner<'pki.createSelfSigned'> = async (ctx) => {
  const usages = (str(ctx, 'usage') ?? 'serverAuth').split(',').map((u) => u.trim()).filter(Boolean);
  const bad = usages.find((u) => !(USAGES as readonly string[]).includes(u));
  if (bad) throw usageError(`--usage "${bad}" is not known: use serverAuth, clientAuth or both (comma-separated).`);
  const pem = str(ctx, 'out-cert') !== undefined || str(ctx, 'out-key') !== undefined;
  const pfx = str(ctx, 'out-pfx') !== undefined;
  const ks = str(ctx, 'out-keystore') !== undefined;
  if (Number(pem) + Number(pfx) + Number(ks) !== 1) throw usageError('Give one output: --out-cert and --out-key, or --out-pfx, or --out-keystore.');
  let out: Input<'pki.createSelfSigned'>['output'];
  if (pem) {
    const keyPassword = await optionalSecret(ctx, 'key-password');
    out = { kind: 'pem', certPath: need(ctx, 'out-cert'), keyPath: need(ctx, 'out-key'), keyPassword };
  } else if (pfx) {
    out = await pfxTarget(ctx, 'out-pfx');
  } else {
    out = await keystoreTarget(ctx);
  }
  const r = await ctx.call(
    'pki.createSelfSigned',
    { cn: need(ctx, 'cn'), sans: sans(ctx), key: keySpec(ctx), days: int(ctx, 'days', 365, 1, 3650), usages: usages as Usage[], output: out, overwrite: flag(ctx, 'force') },
    { progress: true },
  );
  const text = [`Created a self-signed certificate (${keyText(r.facts)})${r.alias ? `, alias "${r.alias}"` : ''}`, ...shortCertLines(r.facts), ...writtenLines(r.written)].join('\n');
  return { value: r, text };
};

/** `certdesk csr create`: a request for a commercial CA, and its key (kept by the user). */
export const csrCreate: Runner<'pki.createCsr'> = async (ctx) => {
  const keyPassword = await optionalSecret(ctx, 'key-password');
  const r = await ctx.call(
    'pki.createCsr',
    {
      cn: need(ctx, 'cn'), o: str(ctx, 'o'), ou: str(ctx, 'ou'), l: str(ctx, 'l'), st: str(ctx, 'st'), c: str(ctx, 'c'),
      sans: sans(ctx), key: keySpec(ctx), csrPath: need(ctx, 'out-csr'), keyPath: need(ctx, 'out-key'), keyPassword, overwrite: flag(ctx, 'force'),
    },
    { progress: true },
  );
  const text = [
    `Created a certificate request for ${r.csr.subject}`,
    `  SAN        ${r.csr.san.join(', ')}`,
    `  Key        ${keyText(r.csr.key)}${keyPassword ? ', encrypted' : ''}`,
    ...writtenLines(r.written),
    'Send the .csr to your CA. Keep the key file: `certdesk csr import-reply` joins the CA’s reply with it.',
  ].join('\n');
  return { value: r, text };
};

/** `certdesk csr import-reply`: the issued certificate (+ chain) and the saved key → .pfx or keystore entry. */
export const csrImportReply: Runner<'pki.importReply'> = async (ctx) => {
  if ((str(ctx, 'out') === undefined) === (str(ctx, 'out-keystore') === undefined)) throw usageError('Give one output: --out FILE (a .pfx) or --out-keystore FILE.');
  const keyPassword = await ctx.secret('key-password');
  const out = str(ctx, 'out') !== undefined ? await pfxTarget(ctx, 'out') : await keystoreTarget(ctx);
  const r = await ctx.call('pki.importReply', {
    certPath: need(ctx, 'cert'), chainPaths: list(ctx, 'chain'), keyPath: need(ctx, 'key'), keyPassword, output: out, overwrite: flag(ctx, 'force'),
  });
  const text = [`Joined the CA's certificate with its key as "${r.alias}"${r.profile ? ` (${r.profile} profile)` : ''}; chain of ${r.chainLength + 1}`, ...joinedChainLines(r)].join('\n');
  return { value: r, text };
};
