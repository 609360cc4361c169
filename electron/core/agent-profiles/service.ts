import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import type { agentOps } from '../../../shared/contract/agent.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { agentServerKeys, enableAgentHttps, findAgentProfile, requireServerKey } from '../keystore/agent.js';
import { readAgentGateway } from '../keystore/agent-config.js';
import type { Handler } from '../handler.js';
import { readBounded } from '../store/read-file.js';
import { readAgents, removeAgent, saveAgent } from './store.js';

type AgentOpName = keyof typeof agentOps;
export type AgentHandlers = { [N in AgentOpName]: Handler<N> };

/** The agent.* operations: saved profiles, and the agent's keystore and HTTPS switch. */
export function agentHandlers(deps: CoreDeps): AgentHandlers {
  return {
    'agent.list': async () => ({ agents: await readAgents(deps) }),
    'agent.save': async (input) => {
      const home = resolve(input.home);
      await requireFolder(home);
      await requireConf(home);
      const endpoint = input.endpoint?.trim() || undefined;
      const { agent, write } = await saveAgent(deps, { id: input.id, name: input.name, home, keystoreType: input.keystoreType, endpoint });
      return { agent, write };
    },
    'agent.remove': async (input) => {
      const { agent, write } = await removeAgent(deps, input.id);
      return { removed: agent, write };
    },
    'agent.status': async (input) => {
      const home = resolve(input.home);
      await requireFolder(home);
      const found = await findAgentProfile(home);
      return { ...found, ...(await agentServerKeys(found.keystorePath, input.storePassword, deps.now())) };
    },
    'agent.enableHttps': async (input) => {
      const configPath = resolve(input.configPath);
      const r = await enableAgentHttps(configPath, () => requireServerKey(configPath, input.storePassword, deps.now()));
      const port = readAgentGateway(await readBounded(r.write?.path ?? configPath, { kind: 'agentConfig', what: 'agent configuration' })).port;
      return {
        configPath: r.write?.path ?? configPath,
        changed: r.changed,
        alreadyEnabled: r.alreadyEnabled,
        backupPath: r.write?.backupPath ?? null,
        backupKind: r.write?.backupKind ?? null,
        restartRequired: r.restartRequired,
        port,
      };
    },
  };
}

async function requireFolder(path: string): Promise<void> {
  let isDir: boolean;
  try {
    isDir = (await fs.stat(path)).isDirectory();
  } catch {
    throw new CertdeskError('FILE_NOT_FOUND', `The folder does not exist: ${path}`, "Choose the agent's installation folder (the one that contains conf/).");
  }
  if (!isDir) throw new CertdeskError('VALIDATION_FAILED', `This is a file, not a folder: ${path}`, "Choose the agent's installation folder (the one that contains conf/).");
}

/** An agent home holds conf/ (its XML configuration and .keystore); anything else is the wrong folder. */
async function requireConf(home: string): Promise<void> {
  let isDir = false;
  try {
    isDir = (await fs.stat(join(home, 'conf'))).isDirectory();
  } catch {
    // missing: said below
  }
  if (!isDir)
    throw new CertdeskError('CONFIG_NOT_FOUND', `${home} is not an agent installation folder: it has no conf/ folder.`,
      "Choose the agent's installation folder, the one that contains conf/ (with its XML configuration and .keystore).");
}
