import { flag, need, storeType, target } from '../args.js';
import { type Runner, usageError } from '../framework.js';
import { EXISTS_HINT, backupLine, storePassword } from './keystore-common.js';

/** The keystore commands that write another file: export-cert and convert. */

export const keystoreExportCert: Runner<'keystore.exportCert'> = async (ctx) => {
  const path = target(ctx);
  const alias = need(ctx, 'alias');
  const outPath = need(ctx, 'out');
  const v = await ctx.call(
    'keystore.exportCert',
    { path, storePassword: await storePassword(ctx), alias, outPath, format: flag(ctx, 'der') ? 'der' : 'pem', overwrite: flag(ctx, 'force') },
    { hints: { FILE_EXISTS: EXISTS_HINT } },
  );
  const text = [`Saved the certificate of '${v.alias}' (${v.certificate.subject}) as ${v.format.toUpperCase()} to ${v.write.path}.`, `SHA-256 ${v.certificate.sha256}`, backupLine(v.write)]
    .filter(Boolean)
    .join('\n');
  return { value: v, text };
};

export const keystoreConvert: Runner<'keystore.convert'> = async (ctx) => {
  const path = target(ctx);
  const to = storeType(ctx, 'to');
  if (!to) throw usageError('--to is required (jks or pkcs12).');
  const outPath = need(ctx, 'out');
  const password = await storePassword(ctx);
  const keyPassword = await ctx.secret('keypass');
  // A key password applies to every key entry that has its own (keytool asks for each one in turn).
  let keyPasswords: Record<string, string> | undefined;
  if (keyPassword !== undefined) {
    const listing = await ctx.call('keystore.list', { path, storePassword: password });
    keyPasswords = Object.fromEntries(listing.entries.filter((e) => e.locked).map((e) => [e.alias, keyPassword]));
  }
  const v = await ctx.call(
    'keystore.convert',
    { path, storePassword: password, to, outPath, overwrite: flag(ctx, 'force'), ...(keyPasswords ? { keyPasswords } : {}) },
    { hints: { FILE_EXISTS: EXISTS_HINT } },
  );
  return { value: v, text: v.summary };
};
