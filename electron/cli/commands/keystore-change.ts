import type { KeystoreEntryChange } from '../../../shared/contract/keystore.js';
import type { Services } from '../../core/services.js';
import { type Command, output } from '../framework.js';
import { CLASH_HINT, call, entryLine, need, onClash, opt, storePassword, storeType, target } from './keystore-common.js';

/** The keystore commands that change the keystore in place (always with a backup first). */

type ImportResult = KeystoreEntryChange & { chainComplete?: boolean; missingIssuer?: string; ignoredCertificates?: number };

function formatImport(r: ImportResult): string {
  const lines = [r.summary, entryLine(r.entry)];
  if (r.chainComplete === false)
    lines.push(`note: the chain stops at ${r.missingIssuer ?? 'an issuer that was not given'}; callers must already trust that issuer (give the intermediate/root with --chain).`);
  if (r.ignoredCertificates)
    lines.push(`note: ${r.ignoredCertificates} certificate${r.ignoredCertificates === 1 ? '' : 's'} given ${r.ignoredCertificates === 1 ? 'does' : 'do'} not belong to this entry and ${r.ignoredCertificates === 1 ? 'was' : 'were'} left out.`);
  return lines.join('\n');
}

const CREATE_NOTE = 'A missing keystore is created (type from --storetype, default pkcs12 like keytool).';

function importPfxCommand(services: () => Services): Command {
  return {
    path: ['keystore', 'import-pfx'],
    summary: 'Import a key and its chain from a .pfx/.p12 (creates the keystore if missing).',
    usage:
      'certdesk keystore import-pfx KEYSTORE --pfx FILE --pfx-password-env VAR --alias NAME --storepass-env VAR ' +
      `[--keypass-env VAR] [--storetype jks|pkcs12] [--source-alias NAME] [--on-clash replace|rename]\n${CREATE_NOTE}`,
    options: { pfx: { type: 'string' }, alias: { type: 'string' }, 'source-alias': { type: 'string' }, storetype: { type: 'string' }, 'on-clash': { type: 'string' } },
    secrets: ['storepass', 'pfx-password', 'keypass'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const path = target(ctx);
      const pfxPath = need(ctx, 'pfx');
      const type = storeType(ctx);
      const clash = onClash(ctx);
      const pfxPassword = (await ctx.secret('pfx-password', { required: true, prompt: '.pfx password: ' })) as string;
      const password = await storePassword(ctx);
      const keyPassword = await ctx.secret('keypass');
      const alias = opt(ctx, 'alias');
      const sourceAlias = opt(ctx, 'source-alias');
      const r = await call(
        services,
        'keystore.importPfx',
        {
          path,
          storePassword: password,
          pfxPath,
          pfxPassword,
          ...(type ? { storeType: type } : {}),
          ...(clash ? { onClash: clash } : {}),
          ...(alias !== undefined ? { alias } : {}),
          ...(sourceAlias !== undefined ? { sourceAlias } : {}),
          ...(keyPassword !== undefined ? { keyPassword } : {}),
        },
        { ALIAS_EXISTS: CLASH_HINT, CHOICE_REQUIRED: 'Add --source-alias NAME to choose the key to import.' },
      );
      output(ctx, r, formatImport);
      return 0;
    },
  };
}

function importKeyCommand(services: () => Services): Command {
  return {
    path: ['keystore', 'import-key'],
    summary: 'Import a certificate and its private key (+ chain) as a key entry.',
    usage:
      'certdesk keystore import-key KEYSTORE --cert FILE --key FILE [--chain FILE]... --alias NAME --storepass-env VAR ' +
      `[--key-password-env VAR (encrypted key file)] [--keypass-env VAR (entry key password, JKS)] [--storetype jks|pkcs12] [--on-clash replace|rename]\n${CREATE_NOTE}`,
    options: {
      cert: { type: 'string' },
      key: { type: 'string' },
      chain: { type: 'string', multiple: true },
      alias: { type: 'string' },
      storetype: { type: 'string' },
      'on-clash': { type: 'string' },
    },
    secrets: ['storepass', 'key-password', 'keypass'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const path = target(ctx);
      const certPath = need(ctx, 'cert');
      const keyPath = opt(ctx, 'key');
      const alias = need(ctx, 'alias');
      const type = storeType(ctx);
      const clash = onClash(ctx);
      const chain = ctx.values['chain'];
      const password = await storePassword(ctx);
      const keyFilePassword = await ctx.secret('key-password');
      const keyPassword = await ctx.secret('keypass');
      const r = await call(
        services,
        'keystore.importKey',
        {
          path,
          storePassword: password,
          certPath,
          alias,
          chainPaths: Array.isArray(chain) ? chain : [],
          ...(keyPath !== undefined ? { keyPath } : {}),
          ...(keyFilePassword !== undefined ? { keyFilePassword } : {}),
          ...(keyPassword !== undefined ? { keyPassword } : {}),
          ...(type ? { storeType: type } : {}),
          ...(clash ? { onClash: clash } : {}),
        },
        { ALIAS_EXISTS: CLASH_HINT, PASSWORD_REQUIRED: 'The key file is encrypted: give its password with --key-password-env VAR (or -file, -stdin).' },
      );
      output(ctx, r, formatImport);
      return 0;
    },
  };
}

function trustCommand(services: () => Services): Command {
  return {
    path: ['keystore', 'trust'],
    summary: 'Add a certificate as a trusted entry (keytool -importcert).',
    usage: `certdesk keystore trust KEYSTORE --cert FILE --alias NAME --storepass-env VAR [--storetype jks|pkcs12] [--on-clash replace|rename] [--accept-expired]\n${CREATE_NOTE}\nAn expired certificate is refused unless --accept-expired is given.`,
    options: { cert: { type: 'string' }, alias: { type: 'string' }, storetype: { type: 'string' }, 'on-clash': { type: 'string' }, 'accept-expired': { type: 'boolean' } },
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const path = target(ctx);
      const certPath = need(ctx, 'cert');
      const alias = need(ctx, 'alias');
      const type = storeType(ctx);
      const clash = onClash(ctx);
      const r = await call(
        services,
        'keystore.trust',
        {
          path, storePassword: await storePassword(ctx), certPath, alias, ...(type ? { storeType: type } : {}), ...(clash ? { onClash: clash } : {}),
          ...(ctx.values['accept-expired'] === true ? { acceptExpired: true } : {}),
        },
        { ALIAS_EXISTS: CLASH_HINT, CERT_EXPIRED: 'Add --accept-expired to trust it anyway.' },
      );
      output(ctx, r, (v) => [formatImport(v), ...v.findings.map((f) => `${f.severity}: ${f.message}`)].join('\n'));
      return 0;
    },
  };
}

function deleteCommand(services: () => Services): Command {
  return {
    path: ['keystore', 'delete'],
    summary: 'Delete an entry (a backup of the keystore is kept).',
    usage: `certdesk keystore delete KEYSTORE --alias NAME --storepass-env VAR [--remove-backups]\n${REMOVE_BACKUPS_NOTE}`,
    options: { alias: { type: 'string' }, 'remove-backups': { type: 'boolean' } },
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const path = target(ctx);
      const alias = need(ctx, 'alias');
      const r = await call(services, 'keystore.delete', { path, storePassword: await storePassword(ctx), alias });
      output(ctx, await withBackupsRemoved(ctx, services, r), (v) => v.summary);
      return 0;
    },
  };
}

function renameCommand(services: () => Services): Command {
  return {
    path: ['keystore', 'rename'],
    summary: 'Give an entry a new alias (keytool -changealias).',
    usage: 'certdesk keystore rename KEYSTORE --alias NAME --new-alias NAME --storepass-env VAR [--on-clash replace|rename]',
    options: { alias: { type: 'string' }, 'new-alias': { type: 'string' }, 'on-clash': { type: 'string' } },
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const path = target(ctx);
      const alias = need(ctx, 'alias');
      const newAlias = need(ctx, 'new-alias');
      const clash = onClash(ctx);
      const r = await call(
        services,
        'keystore.rename',
        { path, storePassword: await storePassword(ctx), alias, newAlias, ...(clash ? { onClash: clash } : {}) },
        { ALIAS_EXISTS: 'Choose another --new-alias, or add --on-clash replace (drop the entry that has it) or --on-clash rename.' },
      );
      output(ctx, r, (v) => v.summary);
      return 0;
    },
  };
}

function passwdCommand(services: () => Services): Command {
  return {
    path: ['keystore', 'passwd'],
    summary: 'Change the store password (keys that used it follow it).',
    usage: `certdesk keystore passwd KEYSTORE --storepass-env VAR --new-storepass-env VAR [--remove-backups]\n${REMOVE_BACKUPS_NOTE}`,
    options: { 'remove-backups': { type: 'boolean' } },
    secrets: ['storepass', 'new-storepass'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const path = target(ctx);
      const password = await storePassword(ctx);
      const newStorePassword = (await ctx.secret('new-storepass', { required: true, prompt: 'New keystore password: ' })) as string;
      const r = await call(services, 'keystore.changePassword', { path, storePassword: password, newStorePassword });
      output(ctx, await withBackupsRemoved(ctx, services, r), (v) => v.summary);
      return 0;
    },
  };
}

const REMOVE_BACKUPS_NOTE = '--remove-backups deletes the backups that still hold the removed key or open with the old password.';

/** With --remove-backups, removes the backups the change reported as still holding secrets. */
async function withBackupsRemoved<T extends { path: string; summary: string; secretBackups: string[] }>(
  ctx: Parameters<Command['run']>[0],
  services: () => Services,
  r: T,
): Promise<T & { removedBackups?: string[] }> {
  if (ctx.values['remove-backups'] !== true || r.secretBackups.length === 0) return r;
  const { removed } = await call(services, 'keystore.removeBackups', { path: r.path, backupPaths: r.secretBackups });
  return { ...r, removedBackups: removed, summary: `${r.summary} Removed ${removed.length === 1 ? 'that backup' : `those ${removed.length} backups`}.` };
}

/** import-pfx, import-key, trust, delete, rename, passwd. */
export function keystoreChangeCommands(services: () => Services): Command[] {
  return [importPfxCommand(services), importKeyCommand(services), trustCommand(services), deleteCommand(services), renameCommand(services), passwdCommand(services)];
}
