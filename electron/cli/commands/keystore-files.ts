import type { Services } from '../../core/services.js';
import { type Command, output, usageError } from '../framework.js';
import { EXISTS_HINT, backupLine, call, need, storePassword, storeType, target } from './keystore-common.js';

/** The keystore commands that write another file: export-cert and convert. */

function exportCertCommand(services: () => Services): Command {
  return {
    path: ['keystore', 'export-cert'],
    summary: "Save an entry's certificate as .cer (PEM, or DER with --der).",
    usage: 'certdesk keystore export-cert KEYSTORE --alias NAME --out FILE --storepass-env VAR [--der] [--force]',
    options: { alias: { type: 'string' }, out: { type: 'string' }, der: { type: 'boolean' }, force: { type: 'boolean' } },
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const path = target(ctx);
      const alias = need(ctx, 'alias');
      const outPath = need(ctx, 'out');
      const r = await call(
        services,
        'keystore.exportCert',
        { path, storePassword: await storePassword(ctx), alias, outPath, format: ctx.values['der'] === true ? 'der' : 'pem', overwrite: ctx.values['force'] === true },
        { FILE_EXISTS: EXISTS_HINT },
      );
      output(ctx, r, (v) =>
        [`Saved the certificate of '${v.alias}' (${v.certificate.subject}) as ${v.format.toUpperCase()} to ${v.write.path}.`, `SHA-256 ${v.certificate.sha256}`, backupLine(v.write)]
          .filter(Boolean)
          .join('\n'),
      );
      return 0;
    },
  };
}

function convertCommand(services: () => Services): Command {
  return {
    path: ['keystore', 'convert'],
    summary: 'Write a keystore as JKS or PKCS#12 (to a new file; --out KEYSTORE itself converts in place with a backup).',
    usage: 'certdesk keystore convert KEYSTORE --to jks|pkcs12 --out FILE --storepass-env VAR [--keypass-env VAR] [--force]',
    options: { to: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } },
    secrets: ['storepass', 'keypass'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const path = target(ctx);
      const to = storeType(ctx, 'to');
      if (!to) throw usageError('--to is required (jks or pkcs12).');
      const outPath = need(ctx, 'out');
      const password = await storePassword(ctx);
      const keyPassword = await ctx.secret('keypass');
      // A key password applies to every key entry that has its own (keytool asks for each one in turn).
      let keyPasswords: Record<string, string> | undefined;
      if (keyPassword !== undefined) {
        const listing = await call(services, 'keystore.list', { path, storePassword: password });
        keyPasswords = Object.fromEntries(listing.entries.filter((e) => e.locked).map((e) => [e.alias, keyPassword]));
      }
      const r = await call(
        services,
        'keystore.convert',
        { path, storePassword: password, to, outPath, overwrite: ctx.values['force'] === true, ...(keyPasswords ? { keyPasswords } : {}) },
        { FILE_EXISTS: EXISTS_HINT },
      );
      output(ctx, r, (v) => v.summary);
      return 0;
    },
  };
}

/** export-cert, convert. */
export function keystoreFileCommands(services: () => Services): Command[] {
  return [exportCertCommand(services), convertCommand(services)];
}
