/** `certdesk cert create`, `certdesk csr create` and `certdesk csr import-reply`. */
import type { Services } from '../../core/services.js';
import { type Command, output, usageError } from '../framework.js';
import { callPki, FORCE, int, KEYSTORE_OPTIONS, keySpec, keystoreTarget, list, need, optionalSecret, pfxTarget, sans, str } from './pki-args.js';
import { joinedChainLines } from './pki-chain-lines.js';
import { keyText, shortCertLines, writtenLines } from './pki-format.js';

const USAGES = ['serverAuth', 'clientAuth'] as const;
const SAN_AND_KEY = { san: { type: 'string', multiple: true }, key: { type: 'string' } } as const;

/** `certdesk cert create`: a self-signed certificate as a PEM pair, a .pfx, or a keystore entry. */
export function certCreateCommand(services: () => Services): Command {
  return {
    path: ['cert', 'create'],
    summary: 'Create a self-signed certificate (RSA or EC) as PEM files, a .pfx or a keystore entry.',
    usage:
      'certdesk cert create --cn NAME [--san dns:NAME|ip:ADDR]... [--key rsa:2048|rsa:3072|rsa:4096|ec:p256|ec:p384] [--days N] [--usage serverAuth,clientAuth]\n' +
      '         (--out-cert FILE --out-key FILE [--key-password-env VAR] | --out-pfx FILE --password-env VAR [--name FRIENDLY] [--legacy]\n' +
      '          | --out-keystore FILE [--alias NAME] [--store-type jks|pkcs12] --storepass-env VAR) [--force]',
    options: {
      cn: { type: 'string' }, ...SAN_AND_KEY, days: { type: 'string' }, usage: { type: 'string' },
      'out-cert': { type: 'string' }, 'out-key': { type: 'string' }, 'out-pfx': { type: 'string' }, name: { type: 'string' }, legacy: { type: 'boolean' },
      ...KEYSTORE_OPTIONS, ...FORCE,
    },
    secrets: ['password', 'key-password', 'storepass'],
    async run(ctx) {
      const usages = (str(ctx, 'usage') ?? 'serverAuth').split(',').map((u) => u.trim()).filter(Boolean);
      const bad = usages.find((u) => !(USAGES as readonly string[]).includes(u));
      if (bad) throw usageError(`--usage "${bad}" is not known: use serverAuth, clientAuth or both (comma-separated).`);
      const pem = str(ctx, 'out-cert') !== undefined || str(ctx, 'out-key') !== undefined;
      const pfx = str(ctx, 'out-pfx') !== undefined;
      const ks = str(ctx, 'out-keystore') !== undefined;
      if (Number(pem) + Number(pfx) + Number(ks) !== 1) throw usageError('Give one output: --out-cert and --out-key, or --out-pfx, or --out-keystore.');
      let out: unknown;
      if (pem) {
        const keyPassword = await optionalSecret(ctx, 'key-password');
        out = { kind: 'pem', certPath: need(ctx, 'out-cert'), keyPath: need(ctx, 'out-key'), ...(keyPassword === undefined ? {} : { keyPassword }) };
      } else if (pfx) {
        out = await pfxTarget(ctx, 'out-pfx');
      } else {
        out = await keystoreTarget(ctx);
      }
      const res = await callPki(services, 'pki.createSelfSigned', {
        cn: need(ctx, 'cn'), sans: sans(ctx), key: keySpec(ctx), days: int(ctx, 'days', 365, 1, 3650), usages, output: out, overwrite: ctx.values['force'] === true,
      }, ctx);
      output(ctx, res, (r) =>
        [`Created a self-signed certificate (${keyText(r.facts)})${r.alias ? `, alias "${r.alias}"` : ''}`, ...shortCertLines(r.facts), ...writtenLines(r.written)].join('\n'),
      );
      return 0;
    },
  };
}

/** `certdesk csr create`: a request for a commercial CA, and its key (kept by the user). */
export function csrCreateCommand(services: () => Services): Command {
  return {
    path: ['csr', 'create'],
    summary: 'Create a certificate signing request (CSR) and its private key.',
    usage: 'certdesk csr create --cn NAME [--o ORG --ou UNIT --l CITY --st STATE --c CC] [--san ...]... [--key ...] --out-csr FILE --out-key FILE [--key-password-env VAR] [--force]',
    options: {
      cn: { type: 'string' }, o: { type: 'string' }, ou: { type: 'string' }, l: { type: 'string' }, st: { type: 'string' }, c: { type: 'string' },
      ...SAN_AND_KEY, 'out-csr': { type: 'string' }, 'out-key': { type: 'string' }, ...FORCE,
    },
    secrets: ['key-password'],
    async run(ctx) {
      const subject = Object.fromEntries(['o', 'ou', 'l', 'st', 'c'].flatMap((k) => (str(ctx, k) ? [[k, str(ctx, k)]] : [])));
      const keyPassword = await optionalSecret(ctx, 'key-password');
      const res = await callPki(services, 'pki.createCsr', {
        cn: need(ctx, 'cn'), ...subject, sans: sans(ctx), key: keySpec(ctx), csrPath: need(ctx, 'out-csr'), keyPath: need(ctx, 'out-key'),
        ...(keyPassword === undefined ? {} : { keyPassword }), overwrite: ctx.values['force'] === true,
      }, ctx);
      output(ctx, res, (r) =>
        [
          `Created a certificate request for ${r.csr.subject}`,
          `  SAN        ${r.csr.san.join(', ')}`,
          `  Key        ${keyText(r.csr.key)}${keyPassword ? ', encrypted' : ''}`,
          ...writtenLines(r.written),
          'Send the .csr to your CA. Keep the key file: `certdesk csr import-reply` joins the CA’s reply with it.',
        ].join('\n'),
      );
      return 0;
    },
  };
}

/** `certdesk csr import-reply`: the issued certificate (+ chain) and the saved key → .pfx or keystore entry. */
export function csrImportReplyCommand(services: () => Services): Command {
  return {
    path: ['csr', 'import-reply'],
    summary: "Join the CA's reply with the saved key into a .pfx (or a keystore entry).",
    usage:
      'certdesk csr import-reply --cert FILE [--chain FILE]... --key FILE [--key-password-env VAR]\n' +
      '         (--out FILE --password-env VAR [--name FRIENDLY] [--legacy] | --out-keystore FILE [--alias NAME] [--store-type jks|pkcs12] --storepass-env VAR) [--force]',
    options: {
      cert: { type: 'string' }, chain: { type: 'string', multiple: true }, key: { type: 'string' }, out: { type: 'string' }, name: { type: 'string' },
      legacy: { type: 'boolean' }, ...KEYSTORE_OPTIONS, ...FORCE,
    },
    secrets: ['password', 'key-password', 'storepass'],
    async run(ctx) {
      if ((str(ctx, 'out') === undefined) === (str(ctx, 'out-keystore') === undefined)) throw usageError('Give one output: --out FILE (a .pfx) or --out-keystore FILE.');
      const keyPassword = await ctx.secret('key-password');
      const out = str(ctx, 'out') !== undefined ? await pfxTarget(ctx, 'out') : await keystoreTarget(ctx);
      const res = await callPki(services, 'pki.importReply', {
        certPath: need(ctx, 'cert'), chainPaths: list(ctx, 'chain'), keyPath: need(ctx, 'key'), ...(keyPassword === undefined ? {} : { keyPassword }),
        output: out, overwrite: ctx.values['force'] === true,
      });
      output(ctx, res, (r) =>
        [
          `Joined the CA's certificate with its key as "${r.alias}"${r.profile ? ` (${r.profile} profile)` : ''}; chain of ${r.chainLength + 1}`,
          ...joinedChainLines(r),
        ].join('\n'),
      );
      return 0;
    },
  };
}
