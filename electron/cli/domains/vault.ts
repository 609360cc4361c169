// The `vault` bundle: `certdesk vault …` and `certdesk token …` (token decode reads from the vault).
import './zod-setup.js'; // first: before any schema is built
import { tokenOps, vaultOps } from '../../../shared/contract/vault.js';
import { tokenHandlers, vaultHandlers } from '../../core/vault/service.js';
import { tokenDecode, tokenGenerate } from '../commands/token.js';
import { vaultAdd, vaultExport, vaultImport, vaultList, vaultRemove, vaultRepair, vaultRotate, vaultRun, vaultShow, vaultUpdate } from '../commands/vault.js';
import { domainModule } from './host.js';

export const domain = domainModule<'vault'>(
  { contract: { ...vaultOps, ...tokenOps }, handlers: (deps) => ({ ...vaultHandlers(deps), ...tokenHandlers(deps) }) },
  {
    'vault add': vaultAdd,
    'vault list': vaultList,
    'vault show': vaultShow,
    'vault update': vaultUpdate,
    'vault rotate': vaultRotate,
    'vault remove': vaultRemove,
    'vault export': vaultExport,
    'vault import': vaultImport,
    'vault repair': vaultRepair,
    'vault run': vaultRun,
    'token decode': tokenDecode,
    'token generate': tokenGenerate,
  },
);
