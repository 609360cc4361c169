import type { Services } from '../../core/services.js';
import type { Command } from '../framework.js';
import { certCreateCommand, csrCreateCommand, csrImportReplyCommand } from './pki-create.js';
import { certExportCommand, inspectCommand } from './pki-inspect.js';
import { pfxConvertCommand, pfxCreateCommand, pfxExtractCommand } from './pki-pfx.js';

/** The certificate and key commands (wiring only). */
export function pkiCommands(services: () => Services): Command[] {
  return [
    inspectCommand(services),
    certCreateCommand(services),
    certExportCommand(services),
    csrCreateCommand(services),
    csrImportReplyCommand(services),
    pfxCreateCommand(services),
    pfxExtractCommand(services),
    pfxConvertCommand(services),
  ];
}
