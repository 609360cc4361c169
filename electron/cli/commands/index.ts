import type { Services } from '../../core/services.js';
import type { Command } from '../framework.js';
import { infoCommand } from './info.js';

/** Every command of the `certdesk` CLI. Services are created lazily so --help and --version stay fast. */
export function allCommands(services: () => Services): Command[] {
  return [infoCommand(services)];
}
