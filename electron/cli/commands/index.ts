import type { Services } from '../../core/services.js';
import type { Command } from '../framework.js';
import { agentCommands } from './agent.js';
import { infoCommand } from './info.js';
import { keystoreCommands } from './keystore.js';
import { pkiCommands } from './pki.js';

/** Every command of the `certdesk` CLI. Services are created lazily so --help and --version stay fast. */
export function allCommands(services: () => Services): Command[] {
  return [infoCommand(services), ...keystoreCommands(services), ...agentCommands(services), ...pkiCommands(services)];
}
