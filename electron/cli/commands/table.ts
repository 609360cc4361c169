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
    usage: `certdesk keystore trust KEYSTORE --cert FILE --alias NAME --storepass-env VAR [--store-type jks|pkcs12] [--on-clash replace|rename]\n${CREATE_NOTE}`,
    options: { cert: S, alias: S, ...STORE_TYPE, 'on-clash': S },
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    defaults: ['--store-type pkcs12 for a new keystore'],
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
    usage: 'certdesk agent status HOME [--json]',
    positionals: { min: 1, max: 1 },
    examples: ['certdesk agent status /opt/agent'],
  },
  {
    id: 'agent https-enable',
    domain: 'agent',
    op: 'agent.enableHttps',
    path: ['agent', 'https-enable'],
    summary: 'Switch the agent config to HTTPS (ssl="true" on <service-gateway>; backup first).',
    usage: 'certdesk agent https-enable CONFIG_XML [--json]',
    positionals: { min: 1, max: 1 },
    examples: ['certdesk agent https-enable /opt/agent/conf/agent.xml'],
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
      '          | --out-keystore FILE --alias NAME [--store-type jks|pkcs12] --storepass-env VAR) [--force]',
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
      '         (--out FILE --password-env VAR [--name FRIENDLY] [--legacy] | --out-keystore FILE --alias NAME [--store-type jks|pkcs12] --storepass-env VAR) [--force]',
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
    id: 'tls check',
    domain: 'tls',
    op: 'tls.check',
    path: ['tls', 'check'],
    summary: 'Check a TLS endpoint: handshake, chain as served, and a verdict with the fix (exit 1 on an error finding).',
    usage:
      'certdesk tls check TARGET [--servername NAME] [--starttls smtp|imap|pop3] [--proxy URL | --no-proxy] [--ca FILE]...\n' +
      '         [--truststore FILE --storepass-env VAR] [--client-pfx FILE --client-pfx-password-env VAR] [--timeout MS]\n' +
      '         [--save-chain FILE [--force]] [--lookups] [--protocols] [--json]\nTARGET is host:port, https://host[:port]/path, an IP address or [IPv6]:port.',
    options: { servername: S, starttls: S, proxy: S, 'no-proxy': B, ca: M, truststore: S, 'client-pfx': S, timeout: S, 'save-chain': S, lookups: B, protocols: B, ...FORCE },
    secrets: ['storepass', 'client-pfx-password'],
    positionals: { min: 1, max: 1 },
    defaults: ["trust: Node's bundled Mozilla roots unless --ca or --truststore", '--timeout 10000 (the deadline for the whole check)', 'proxy: HTTPS_PROXY / NO_PROXY from the environment', 'no network lookups (AIA, OCSP) unless --lookups'],
    examples: ['certdesk tls check www.example.com:443', 'certdesk tls check https://intranet.example.com --ca corp-root.crt --json', 'certdesk tls check mail.example.com:25 --starttls smtp'],
  },
  {
    id: 'tls scan',
    domain: 'tls',
    op: 'tls.scan',
    path: ['tls', 'scan'],
    summary: 'Check every endpoint of a file (one a line, # comments); a table sorted by severity and days to expiry.',
    usage: 'certdesk tls scan FILE_OF_TARGETS [--concurrency N] [--ca FILE]... [--truststore FILE --storepass-env VAR] [--proxy URL | --no-proxy] [--timeout MS] [--json]',
    options: { concurrency: S, ca: M, truststore: S, proxy: S, 'no-proxy': B, timeout: S, lookups: B },
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    defaults: ['--concurrency 8 (at most 64)', '--timeout 10000 per target', 'exit 1 when any target has an error finding'],
    examples: ['certdesk tls scan endpoints.txt --ca corp-root.crt', 'certdesk tls scan endpoints.txt --concurrency 32 --json'],
  },
  {
    id: 'tls agent-check',
    domain: 'tls',
    op: 'tls.agentCheck',
    path: ['tls', 'agent-check'],
    summary: "Does the agent's HTTPS endpoint serve the certificate in its keystore? (exit 1 when not: restart it)",
    usage: 'certdesk tls agent-check HOME --storepass-env VAR [--endpoint URL] [--timeout MS] [--json]',
    options: { endpoint: S, timeout: S },
    secrets: ['storepass'],
    positionals: { min: 1, max: 1 },
    defaults: ["--endpoint localhost:PORT, the port in the agent's configuration"],
    examples: ['certdesk tls agent-check /opt/agent --endpoint https://agent.example.com:8081 --storepass-env STOREPASS'],
  },
] as const satisfies readonly CommandSpec[];

/** Core operations the CLI deliberately has no command for, each with the reason. */
export const APP_ONLY: Partial<Record<CoreOpName, string>> = {
  'keystore.pfxAliases': 'the app asks it to fill an alias picker; on the command line `certdesk inspect FILE.pfx` lists the aliases',
  'agent.save': 'agent profiles are edited in the app (the CLI takes the agent home as an argument instead)',
  'agent.remove': 'agent profiles are edited in the app',
  'tls.saveChain': 'the command line saves the served chain with --save-chain on `tls check`',
  'tls.exportScan': 'the command line prints the batch with `tls scan --json`; redirect it to a file',
  'keystore.removeBackups': 'the command line removes them with --remove-backups on `keystore delete` and `keystore passwd`',
};

export type CommandDef = (typeof COMMANDS)[number];
export type CommandId = CommandDef['id'];
export type Domain = CommandDef['domain'];
/** The operation the command `I` declares. */
export type OpOf<I extends CommandId> = Extract<CommandDef, { id: I }>['op'];
/** The ids of a domain's commands. */
export type DomainCommandId<D extends Domain> = Extract<CommandDef, { domain: D }>['id'];
