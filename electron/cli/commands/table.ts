/**
 * The command table: every `certdesk` command's words, help text, options and the one contract
 * operation it calls. It is data only (no core, no zod), so `--help` and `--version` load nothing
 * else; a command's run code lives in its domain's bundle and loads when the command runs.
 */
import type { CoreOpName } from '../../../shared/contract/index.js';
import type { CommandSpec } from '../framework.js';

const S = { type: 'string' } as const;
const B = { type: 'boolean' } as const;
const M = { type: 'string', multiple: true } as const;
const FORCE = { force: B } as const;
const STORE_TYPE = { 'store-type': S, storetype: S } as const;
const KEYSTORE_OUT = { 'out-keystore': S, alias: S, ...STORE_TYPE } as const;
const SAN_AND_KEY = { san: M, key: S } as const;
const CREATE_NOTE = 'A missing keystore is created (type from --store-type, default pkcs12 like keytool).';

export const COMMANDS = [
  {
    id: 'info',
    domain: 'app',
    op: 'app.info',
    path: ['info'],
    summary: 'Show version, data folder and keychain availability.',
    usage: 'certdesk info [--json]',
    examples: ['certdesk info', 'certdesk info --json'],
  },
  {
    id: 'keystore list',
    domain: 'keystore',
    op: 'keystore.list',
    path: ['keystore', 'list'],
    summary: 'List the entries of a keystore (JKS, PKCS#12, JCEKS) with certificate facts.',
    usage: 'certdesk keystore list KEYSTORE --storepass-env VAR [--json] [--wide] [--expiring-within DAYS]',
    options: { 'expiring-within': S, wide: B },
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    defaults: ['table fits the terminal width (100 columns when not a terminal); --wide prints every column in full'],
    examples: ['certdesk keystore list server.jks --storepass-env STOREPASS', 'certdesk keystore list server.jks --storepass-env STOREPASS --expiring-within 30'],
  },
  {
    id: 'keystore import-pfx',
    domain: 'keystore',
    op: 'keystore.importPfx',
    path: ['keystore', 'import-pfx'],
    summary: 'Import a key and its chain from a .pfx/.p12 (creates the keystore if missing).',
    usage:
      'certdesk keystore import-pfx KEYSTORE --pfx FILE --pfx-password-env VAR --alias NAME --storepass-env VAR ' +
      `[--keypass-env VAR] [--store-type jks|pkcs12] [--source-alias NAME] [--on-clash replace|rename]\n${CREATE_NOTE}`,
    options: { pfx: S, alias: S, 'source-alias': S, ...STORE_TYPE, 'on-clash': S },
    secrets: ['storepass', 'pfx-password', 'keypass'],
    positionals: { min: 1, max: 1 },
    defaults: ['--store-type pkcs12 for a new keystore', 'an alias that exists already is an error (see --on-clash)'],
    examples: ['certdesk keystore import-pfx agent.jks --pfx server.pfx --pfx-password-env PFXPASS --alias https --storepass-env STOREPASS --store-type jks'],
  },
  {
    id: 'keystore import-key',
    domain: 'keystore',
    op: 'keystore.importKey',
    path: ['keystore', 'import-key'],
    summary: 'Import a certificate and its private key (+ chain) as a key entry.',
    usage:
      'certdesk keystore import-key KEYSTORE --cert FILE --key FILE [--chain FILE]... --alias NAME --storepass-env VAR ' +
      `[--key-password-env VAR (encrypted key file)] [--keypass-env VAR (entry key password, JKS)] [--store-type jks|pkcs12] [--on-clash replace|rename]\n${CREATE_NOTE}`,
    options: { cert: S, key: S, chain: M, alias: S, ...STORE_TYPE, 'on-clash': S },
    secrets: ['storepass', 'key-password', 'keypass'],
    positionals: { min: 1, max: 1 },
    defaults: ['--store-type pkcs12 for a new keystore', 'an alias that exists already is an error (see --on-clash)'],
    examples: ['certdesk keystore import-key server.p12 --cert server.crt --key server.key --chain ca.crt --alias server --storepass-env STOREPASS'],
  },
  {
    id: 'keystore trust',
    domain: 'keystore',
    op: 'keystore.trust',
    path: ['keystore', 'trust'],
    summary: 'Add a certificate as a trusted entry (keytool -importcert).',
    usage: `certdesk keystore trust KEYSTORE --cert FILE --alias NAME --storepass-env VAR [--store-type jks|pkcs12] [--on-clash replace|rename] [--accept-expired]\n${CREATE_NOTE}`,
    options: { cert: S, alias: S, ...STORE_TYPE, 'on-clash': S, 'accept-expired': B },
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    defaults: ['--store-type pkcs12 for a new keystore', 'an expired certificate is refused unless --accept-expired is given'],
    examples: ['certdesk keystore trust truststore.jks --cert root-ca.crt --alias root-ca --storepass-env STOREPASS'],
  },
  {
    id: 'keystore delete',
    domain: 'keystore',
    op: 'keystore.delete',
    path: ['keystore', 'delete'],
    summary: 'Delete an entry (a backup of the keystore is kept).',
    usage: 'certdesk keystore delete KEYSTORE --alias NAME --storepass-env VAR [--remove-backups]',
    options: { alias: S, 'remove-backups': B },
    defaults: ['backups are kept; --remove-backups deletes those that still hold the deleted key'],
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    examples: ['certdesk keystore delete server.jks --alias old-cert --storepass-env STOREPASS'],
  },
  {
    id: 'keystore rename',
    domain: 'keystore',
    op: 'keystore.rename',
    path: ['keystore', 'rename'],
    summary: 'Give an entry a new alias (keytool -changealias).',
    usage: 'certdesk keystore rename KEYSTORE --alias NAME --new-alias NAME --storepass-env VAR [--on-clash replace|rename]',
    options: { alias: S, 'new-alias': S, 'on-clash': S },
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    defaults: ['a new alias that exists already is an error (see --on-clash)'],
    examples: ['certdesk keystore rename server.jks --alias mykey --new-alias https --storepass-env STOREPASS'],
  },
  {
    id: 'keystore passwd',
    domain: 'keystore',
    op: 'keystore.changePassword',
    path: ['keystore', 'passwd'],
    summary: 'Change the store password (keys that used it follow it).',
    usage: 'certdesk keystore passwd KEYSTORE --storepass-env VAR --new-storepass-env VAR [--remove-backups]',
    options: { 'remove-backups': B },
    defaults: ['backups are kept; --remove-backups deletes those that still open with the old password'],
    secrets: ['storepass', 'new-storepass'],
    positionals: { min: 1, max: 1 },
    examples: ['certdesk keystore passwd server.jks --storepass-env OLDPASS --new-storepass-env NEWPASS'],
  },
  {
    id: 'keystore export-cert',
    domain: 'keystore',
    op: 'keystore.exportCert',
    path: ['keystore', 'export-cert'],
    summary: "Save an entry's certificate as .cer (PEM, or DER with --der).",
    usage: 'certdesk keystore export-cert KEYSTORE --alias NAME --out FILE --storepass-env VAR [--der] [--force]',
    options: { alias: S, out: S, der: B, ...FORCE },
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    defaults: ['PEM (--der for DER)', 'an existing --out file is an error (--force replaces it, keeping a backup)'],
    examples: ['certdesk keystore export-cert server.jks --alias https --out https.cer --storepass-env STOREPASS'],
  },
  {
    id: 'keystore convert',
    domain: 'keystore',
    op: 'keystore.convert',
    path: ['keystore', 'convert'],
    summary: 'Write a keystore as JKS or PKCS#12 (to a new file; --out KEYSTORE itself converts in place with a backup).',
    usage: 'certdesk keystore convert KEYSTORE --to jks|pkcs12 --out FILE --storepass-env VAR [--keypass-env VAR] [--force]',
    options: { to: S, out: S, ...FORCE },
    secrets: ['storepass', 'keypass'],
    positionals: { min: 1, max: 1 },
    defaults: ['an existing --out file is an error (--force replaces it, keeping a backup)'],
    examples: ['certdesk keystore convert server.jks --to pkcs12 --out server.p12 --storepass-env STOREPASS'],
  },
  {
    id: 'agent status',
    domain: 'agent',
    op: 'agent.status',
    path: ['agent', 'status'],
    summary: "Show an agent's keystore and config file, and whether HTTPS is on (exit 1 when not ready for HTTPS).",
    usage: 'certdesk agent status HOME [--storepass-env VAR] [--json]',
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    defaults: ['without the store password the keystore is not opened; with it, the private keys are listed and the one the agent serves is marked'],
    examples: ['certdesk agent status /opt/agent', 'certdesk agent status /opt/agent --storepass-env STOREPASS'],
  },
  {
    id: 'agent https-enable',
    domain: 'agent',
    op: 'agent.enableHttps',
    path: ['agent', 'https-enable'],
    summary: 'Switch the agent config to HTTPS (ssl="true" on <service-gateway>; backup first).',
    usage: 'certdesk agent https-enable CONFIG_XML --storepass-env VAR [--json]',
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    defaults: ['the keystore beside the config (conf/.keystore) must hold a private key a server can use; it is checked first'],
    examples: ['certdesk agent https-enable /opt/agent/conf/agent.xml --storepass-env STOREPASS'],
  },
  {
    id: 'agent list',
    domain: 'agent',
    op: 'agent.list',
    path: ['agent', 'list'],
    summary: 'List the saved agent profiles.',
    usage: 'certdesk agent list [--json]',
    examples: ['certdesk agent list --json'],
  },
  {
    id: 'inspect',
    domain: 'pki',
    op: 'pki.inspect',
    path: ['inspect'],
    summary: 'Show what is in a certificate, key, CSR, PKCS#7 or PKCS#12 file.',
    usage: 'certdesk inspect FILE [--password-env VAR] [--json]',
    secrets: ['password'],
    positionals: { min: 1, max: 1 },
    examples: ['certdesk inspect server.crt', 'certdesk inspect server.pfx --password-env PFXPASS --json'],
  },
  {
    id: 'cert create',
    domain: 'pki',
    op: 'pki.createSelfSigned',
    path: ['cert', 'create'],
    summary: 'Create a self-signed certificate (RSA or EC) as PEM files, a .pfx or a keystore entry.',
    usage:
      'certdesk cert create --cn NAME [--san dns:NAME|ip:ADDR]... [--key rsa:2048|rsa:3072|rsa:4096|ec:p256|ec:p384] [--days N] [--usage serverAuth,clientAuth]\n' +
      '         (--out-cert FILE --out-key FILE [--key-password-env VAR] | --out-pfx FILE --password-env VAR [--name FRIENDLY] [--legacy]\n' +
      '          | --out-keystore FILE [--alias NAME] [--store-type jks|pkcs12] --storepass-env VAR) [--force]',
    options: { cn: S, ...SAN_AND_KEY, days: S, usage: S, 'out-cert': S, 'out-key': S, 'out-pfx': S, name: S, legacy: B, ...KEYSTORE_OUT, ...FORCE },
    secrets: ['password', 'key-password', 'storepass'],
    defaults: ['--key rsa:2048', '--days 365', '--usage serverAuth', '--store-type pkcs12', 'the key file is not encrypted unless --key-password-* is given'],
    examples: [
      'certdesk cert create --cn dev.example.com --san dns:localhost --key ec:p256 --out-cert dev.crt --out-key dev.key',
      'certdesk cert create --cn agent.local --out-pfx agent.pfx --password-env PFXPASS',
    ],
  },
  {
    id: 'cert export',
    domain: 'pki',
    op: 'pki.exportCert',
    path: ['cert', 'export'],
    summary: 'Save one certificate of a file (PEM, DER, .p7b, .pfx) as PEM or DER.',
    usage: 'certdesk cert export FILE --out FILE [--der] [--index N] [--password-env VAR] [--force]',
    options: { out: S, der: B, index: S, ...FORCE },
    secrets: ['password'],
    positionals: { min: 1, max: 1 },
    defaults: ['PEM (--der for DER)', '--index 1 (the leaf when the file holds a chain)'],
    examples: ['certdesk cert export bundle.p7b --index 2 --out intermediate.crt'],
  },
  {
    id: 'csr create',
    domain: 'pki',
    op: 'pki.createCsr',
    path: ['csr', 'create'],
    summary: 'Create a certificate signing request (CSR) and its private key.',
    usage: 'certdesk csr create --cn NAME [--o ORG --ou UNIT --l CITY --st STATE --c CC] [--san ...]... [--key ...] --out-csr FILE --out-key FILE [--key-password-env VAR] [--force]',
    options: { cn: S, o: S, ou: S, l: S, st: S, c: S, ...SAN_AND_KEY, 'out-csr': S, 'out-key': S, ...FORCE },
    secrets: ['key-password'],
    defaults: ['--key rsa:2048', 'the key file is not encrypted unless --key-password-* is given'],
    examples: ['certdesk csr create --cn www.example.com --san dns:example.com --o "Example Ltd" --c GB --out-csr www.csr --out-key www.key'],
  },
  {
    id: 'csr import-reply',
    domain: 'pki',
    op: 'pki.importReply',
    path: ['csr', 'import-reply'],
    summary: "Join the CA's reply with the saved key into a .pfx (or a keystore entry).",
    usage:
      'certdesk csr import-reply --cert FILE [--chain FILE]... --key FILE [--key-password-env VAR]\n' +
      '         (--out FILE --password-env VAR [--name FRIENDLY] [--legacy] | --out-keystore FILE [--alias NAME] [--store-type jks|pkcs12] --storepass-env VAR) [--force]',
    options: { cert: S, chain: M, key: S, out: S, name: S, legacy: B, ...KEYSTORE_OUT, ...FORCE },
    secrets: ['password', 'key-password', 'storepass'],
    defaults: ['modern .pfx encryption (AES-256; --legacy for 3DES/SHA-1)', '--store-type pkcs12'],
    examples: ['certdesk csr import-reply --cert www.crt --chain ca-bundle.crt --key www.key --out www.pfx --password-env PFXPASS'],
  },
  {
    id: 'pfx create',
    domain: 'pki',
    op: 'pki.pfxCreate',
    path: ['pfx', 'create'],
    summary: 'Convert a certificate + key (+ chain) into a .pfx (modern AES, or --legacy 3DES).',
    usage: 'certdesk pfx create --cert FILE --key FILE [--chain FILE]... [--key-password-env VAR] --out FILE --password-env VAR [--name FRIENDLY] [--legacy] [--force]',
    options: { cert: S, key: S, chain: M, out: S, name: S, legacy: B, ...FORCE },
    secrets: ['password', 'key-password'],
    defaults: ['modern encryption (AES-256/SHA-256; --legacy for 3DES/SHA-1)', 'friendly name from the certificate\'s CN unless --name'],
    examples: ['certdesk pfx create --cert server.crt --key server.key --chain ca.crt --out server.pfx --password-env PFXPASS'],
  },
  {
    id: 'pfx extract',
    domain: 'pki',
    op: 'pki.pfxExtract',
    path: ['pfx', 'extract'],
    summary: 'Take the certificate, key and chain out of a .pfx as PEM files.',
    usage: 'certdesk pfx extract FILE --password-env VAR --out-cert FILE --out-key FILE [--out-chain FILE] [--key-password-env VAR] [--force]',
    options: { 'out-cert': S, 'out-key': S, 'out-chain': S, ...FORCE },
    secrets: ['password', 'key-password'],
    positionals: { min: 1, max: 1 },
    defaults: ['the key file is NOT encrypted unless --key-password-* is given'],
    examples: ['certdesk pfx extract server.pfx --password-env PFXPASS --out-cert server.crt --out-key server.key --out-chain chain.crt'],
  },
  {
    id: 'pfx convert',
    domain: 'pki',
    op: 'pki.pfxConvert',
    path: ['pfx', 'convert'],
    summary: 'Re-encrypt a .pfx to the modern (AES-256/PBKDF2) or legacy (3DES/SHA-1) profile, same or new password.',
    usage: 'certdesk pfx convert FILE --to modern|legacy --out FILE --password-env VAR [--new-password-env VAR] [--force]',
    options: { to: S, out: S, ...FORCE },
    secrets: ['password', 'new-password'],
    positionals: { min: 1, max: 1 },
    defaults: ['the same password unless --new-password-* is given', 'legacy is for Windows Server 2016 and older, Java before 8u301 and appliances that call a modern .pfx "wrong password"'],
    examples: ['certdesk pfx convert server.pfx --to legacy --out server-legacy.pfx --password-env PFXPASS'],
  },
] as const satisfies readonly CommandSpec[];

/** Core operations the CLI deliberately has no command for, each with the reason. */
export const APP_ONLY: Partial<Record<CoreOpName, string>> = {
  'keystore.pfxAliases': 'the app asks it to fill an alias picker; on the command line `certdesk inspect FILE.pfx` lists the aliases',
  'agent.save': 'agent profiles are edited in the app (the CLI takes the agent home as an argument instead)',
  'agent.remove': 'agent profiles are edited in the app',
  'keystore.describeTarget': 'the app asks it to prefill an alias and a store type; the CLI applies the same defaults when --alias or --store-type is left out',
  'keystore.removeBackups': 'the command line removes them with --remove-backups on `keystore delete` and `keystore passwd`',
};

export type CommandDef = (typeof COMMANDS)[number];
export type CommandId = CommandDef['id'];
export type Domain = CommandDef['domain'];
/** The operation the command `I` declares. */
export type OpOf<I extends CommandId> = Extract<CommandDef, { id: I }>['op'];
/** The ids of a domain's commands. */
export type DomainCommandId<D extends Domain> = Extract<CommandDef, { domain: D }>['id'];
