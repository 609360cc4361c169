import type { KeystoreEntryChange } from '../../../shared/contract/keystore.js';
import { escapeControl as esc } from '../../../shared/text-safety.js';
import { flag, list, need, str, storeType, target } from '../args.js';
import type { RunContext, Runner } from '../framework.js';
import { CLASH_HINT, entryLine, onClash, storePassword } from './keystore-common.js';

/** The keystore commands that change the keystore in place (always with a backup first). */

type ImportResult = KeystoreEntryChange & { chainComplete?: boolean | undefined; missingIssuer?: string | undefined; ignoredCertificates?: number | undefined };

function formatImport(r: ImportResult): string {
  const lines = [r.summary, entryLine(r.entry)];
  if (r.chainComplete === false)
    lines.push(`note: the chain stops at ${r.missingIssuer ?? 'an issuer that was not given'}; callers must already trust that issuer (give the intermediate/root with --chain).`);
  if (r.ignoredCertificates)
    lines.push(`note: ${r.ignoredCertificates} certificate${r.ignoredCertificates === 1 ? '' : 's'} given ${r.ignoredCertificates === 1 ? 'does' : 'do'} not belong to this entry and ${r.ignoredCertificates === 1 ? 'was' : 'were'} left out.`);
  return lines.join('\n');
}

export const keystoreImportPfx: Runner<'keystore.importPfx'> = async (ctx) => {
  const path = target(ctx);
  const pfxPath = need(ctx, 'pfx');
  const type = storeType(ctx);
  const clash = onClash(ctx);
  const pfxPassword = (await ctx.secret('pfx-password', { required: true, prompt: '.pfx password: ' })) as string;
  const password = await storePassword(ctx);
  const keyPassword = await ctx.secret('keypass');
  const r = await ctx.call(
    'keystore.importPfx',
    { path, storePassword: password, pfxPassword, pfxPath, storeType: type, onClash: clash, alias: str(ctx, 'alias'), sourceAlias: str(ctx, 'source-alias'), keyPassword },
    { hints: { ALIAS_EXISTS: CLASH_HINT, CHOICE_REQUIRED: 'Add --source-alias NAME to choose the key to import.' } },
  );
  return { value: r, text: formatImport(r) };
};

export const keystoreImportKey: Runner<'keystore.importKey'> = async (ctx) => {
  const path = target(ctx);
  const certPath = need(ctx, 'cert');
  const alias = need(ctx, 'alias');
  const type = storeType(ctx);
  const clash = onClash(ctx);
  const password = await storePassword(ctx);
  const keyFilePassword = await ctx.secret('key-password');
  const keyPassword = await ctx.secret('keypass');
  const r = await ctx.call(
    'keystore.importKey',
    { path, storePassword: password, certPath, alias, chainPaths: list(ctx, 'chain'), keyPath: str(ctx, 'key'), keyFilePassword, keyPassword, storeType: type, onClash: clash },
    { hints: { ALIAS_EXISTS: CLASH_HINT, ...(password !== undefined ? { PASSWORD_REQUIRED: 'The key file is encrypted: give its password with --key-password-env VAR (or -file, -stdin).' } : {}) } },
  );
  return { value: r, text: formatImport(r) };
};

export const keystoreTrust: Runner<'keystore.trust'> = async (ctx) => {
  const path = target(ctx);
  const certPath = need(ctx, 'cert');
  const alias = need(ctx, 'alias');
  const type = storeType(ctx);
  const clash = onClash(ctx);
  const r = await ctx.call(
    'keystore.trust',
    { path, storePassword: await storePassword(ctx), certPath, alias, storeType: type, onClash: clash, acceptExpired: flag(ctx, 'accept-expired') },
    { hints: { ALIAS_EXISTS: CLASH_HINT, CERT_EXPIRED: 'Add --accept-expired to trust it anyway.' } },
  );
  return { value: r, text: [formatImport(r), ...r.findings.map((f) => `${f.severity}: ${esc(f.message)}`)].join('\n') };
};

export const keystoreDelete: Runner<'keystore.delete'> = async (ctx) => {
  const path = target(ctx);
  const alias = need(ctx, 'alias');
  const r = await withBackupsRemoved(ctx, await ctx.call('keystore.delete', { path, storePassword: await storePassword(ctx), alias }));
  return { value: r, text: r.summary };
};

export const keystoreRename: Runner<'keystore.rename'> = async (ctx) => {
  const path = target(ctx);
  const alias = need(ctx, 'alias');
  const newAlias = need(ctx, 'new-alias');
  const clash = onClash(ctx);
  const r = await ctx.call(
    'keystore.rename',
    { path, storePassword: await storePassword(ctx), alias, newAlias, onClash: clash },
    { hints: { ALIAS_EXISTS: 'Choose another --new-alias, or add --on-clash replace (drop the entry that has it) or --on-clash rename.' } },
  );
  return { value: r, text: r.summary };
};

export const keystorePasswd: Runner<'keystore.changePassword'> = async (ctx) => {
  const path = target(ctx);
  const password = await storePassword(ctx);
  const newStorePassword = (await ctx.secret('new-storepass', { required: true, prompt: 'New keystore password: ' })) as string;
  const r = await withBackupsRemoved(ctx, await ctx.call('keystore.changePassword', { path, storePassword: password, newStorePassword }));
  return { value: r, text: r.summary };
};

/** With --remove-backups, removes the backups the change reported as still holding old secrets (the summary says so). */
async function withBackupsRemoved<T extends { path: string; summary: string; secretBackups: string[] }>(ctx: RunContext, r: T): Promise<T> {
  if (!flag(ctx, 'remove-backups') || r.secretBackups.length === 0) return r;
  const { removed } = await ctx.call('keystore.removeBackups', { path: r.path, backupPaths: r.secretBackups });
  return { ...r, secretBackups: r.secretBackups.filter((p) => !removed.includes(p)), summary: `${r.summary} Removed ${removed.length === 1 ? 'that backup' : `those ${removed.length} backups`}.` };
}
