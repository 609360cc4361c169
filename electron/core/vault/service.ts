import type { tokenOps, vaultOps } from '../../../shared/contract/vault.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { Handler } from '../handler.js';

type VaultOpName = keyof typeof vaultOps;
type TokenOpName = keyof typeof tokenOps;
export type VaultHandlers = { [N in VaultOpName]: Handler<N> };
export type TokenHandlers = { [N in TokenOpName]: Handler<N> };

const notYet = (): never => {
  throw new CertdeskError('INTERNAL', 'This vault operation is not available yet.');
};

/** The vault.* operations. */
export function vaultHandlers(deps: CoreDeps): VaultHandlers {
  void deps;
  return {
    'vault.list': notYet,
    'vault.show': notYet,
    'vault.add': notYet,
    'vault.update': notYet,
    'vault.rotate': notYet,
    'vault.remove': notYet,
    'vault.reveal': notYet,
    'vault.copySecret': notYet,
    'vault.export': notYet,
    'vault.import': notYet,
    'vault.repair': notYet,
    'vault.run': notYet,
  };
}

/** The token.* operations. */
export function tokenHandlers(deps: CoreDeps): TokenHandlers {
  void deps;
  return { 'token.decode': notYet, 'token.generate': notYet };
}
