import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AgentStatus } from '../../../shared/contract/agent.js';
import { CertdeskError } from '../errors.js';
import type { WrittenFile } from '../../../shared/contract/files.js';
import { writeFileSafely } from '../store/atomic-file.js';
import { withFileLock } from '../store/file-lock.js';
import { readBoundedOrNull } from '../store/read-file.js';
import { enableHttps, hasAgentGateway, readAgentGateway } from './agent-config.js';
import { loadKeystore } from './keystore.js';
import { serverKeysOf } from './server-keys.js';

export interface EnableAgentHttpsResult {
  changed: boolean;
  alreadyEnabled: boolean;
  /** Null when nothing had to be written. */
  write: WrittenFile | null;
  /** The agent reads its configuration at start-up only. */
  restartRequired: boolean;
}

/**
 * Finds an integration agent's keystore (`conf/.keystore`) and the XML config holding the
 * `<service-gateway>` element that switches HTTPS on, under its home folder.
 */
export async function findAgentProfile(home: string): Promise<Omit<AgentStatus, 'serverKeys' | 'servedAlias' | 'findings'>> {
  const conf = join(home, 'conf');
  let names: string[];
  try {
    names = await fs.readdir(conf);
  } catch {
    throw new CertdeskError('CONFIG_NOT_FOUND', `There is no conf folder in ${home}.`, "Choose the agent's installation folder (the one that contains conf/).");
  }
  const xmlFiles = names.filter((n) => n.toLowerCase().endsWith('.xml')).sort();
  for (const name of xmlFiles) {
    const configPath = join(conf, name);
    // An unreadable or odd entry (a pipe, a huge file) is not the agent's config: look at the next one.
    const bytes = await readBoundedOrNull(configPath, { kind: 'agentConfig', what: 'agent configuration' }).catch(() => null);
    if (!bytes || !hasAgentGateway(bytes)) continue;
    const gateway = readAgentGateway(bytes);
    const keystorePath = join(conf, '.keystore');
    return { home, keystorePath, keystoreExists: await isFile(keystorePath), configPath, ...gateway };
  }
  throw new CertdeskError(
    'CONFIG_NOT_FOUND',
    `No XML file in ${conf} has a <service-gateway> element.`,
    'Check that this is an integration agent installation folder.',
  );
}

/** The agent's keystore beside its configuration (conf/.keystore). */
export function agentKeystorePath(configPath: string): string {
  return join(dirname(configPath), '.keystore');
}

/** The keys the agent could serve from its keystore; without the store password (or the keystore) nothing is read. */
export async function agentServerKeys(keystorePath: string, storePassword: string | undefined, now: Date): Promise<Pick<AgentStatus, 'serverKeys' | 'servedAlias' | 'findings'>> {
  const bytes = await readBoundedOrNull(keystorePath, { kind: 'keystore', what: 'agent keystore' });
  if (bytes === null) {
    return {
      serverKeys: null, servedAlias: null,
      findings: [{
        code: 'no-server-key', severity: 'error', message: `There is no keystore yet (${keystorePath}), so the agent has no key to serve HTTPS with.`,
        fix: 'Import a .pfx with the server certificate and its key, or create a self-signed certificate into this keystore.',
      }],
    };
  }
  if (storePassword === undefined) {
    return { serverKeys: null, servedAlias: null, findings: [{ code: 'keystore-not-read', severity: 'info', message: 'The keystore was not opened, so which key the agent serves is not known.', fix: 'Give the store password to check it.' }] };
  }
  const { keys, servedAlias, findings } = serverKeysOf(loadKeystore(bytes, storePassword, { lockedKeys: 'keep' }), now);
  return { serverKeys: keys, servedAlias, findings };
}

/** NO_SERVER_KEY (or PASSWORD_REQUIRED to find out) unless the agent's keystore holds a private key a server could use. */
export async function requireServerKey(configPath: string, storePassword: string | undefined, now: Date): Promise<void> {
  const keystorePath = agentKeystorePath(configPath);
  const r = await agentServerKeys(keystorePath, storePassword, now);
  if (r.serverKeys === null && r.findings.some((f) => f.code === 'keystore-not-read'))
    throw new CertdeskError('PASSWORD_REQUIRED', 'The keystore password is needed to check that the agent has a key to serve HTTPS with.', 'Give the agent keystore\'s store password.');
  if (!r.serverKeys?.length)
    throw new CertdeskError('NO_SERVER_KEY', `The agent's keystore (${keystorePath}) holds no private key a server could use, so HTTPS would not start.`,
      'Import a .pfx with the server certificate and its key, or create a self-signed certificate into this keystore; then switch HTTPS on.');
}

/**
 * Switches the agent's service gateway to HTTPS, backing the config up first; read, change and write under the file's lock.
 * `precheck` runs once the config is known to be readable, before anything is written.
 */
export async function enableAgentHttps(configPath: string, precheck: () => Promise<void> = async () => {}): Promise<EnableAgentHttpsResult> {
  const read = async (): Promise<Buffer> => {
    const bytes = await readBoundedOrNull(configPath, { kind: 'agentConfig', what: 'agent configuration' });
    if (bytes === null) throw new CertdeskError('CONFIG_NOT_FOUND', `The agent configuration does not exist: ${configPath}`);
    return bytes;
  };
  // Refuse an odd path (a device, a pipe) before creating a lock file beside it.
  await read();
  await precheck();
  return withFileLock(configPath, async () => {
    const original = await read();
    const result = enableHttps(original);
    if (!result.changed) return { changed: false, alreadyEnabled: result.alreadyEnabled, write: null, restartRequired: false };
    const write = await writeFileSafely(configPath, result.bytes, {
      role: 'config',
      expectedOriginal: original,
      verify: (bytes) => {
        if (!readAgentGateway(bytes).https) throw new CertdeskError('VERIFY_FAILED', 'The configuration did not read back with HTTPS on; it was not changed.');
      },
    });
    return { changed: true, alreadyEnabled: false, write, restartRequired: true };
  });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isFile();
  } catch {
    return false;
  }
}
