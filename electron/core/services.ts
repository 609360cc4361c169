/**
 * The whole core: every domain's handlers over the whole contract, for the app's core worker, the
 * harness and the tests. A process that needs one domain composes it alone (compose.ts).
 * A new domain adds one line to allHandlers (and its `…Ops` to coreContract in shared/contract/index.ts).
 */
import { coreContract } from '../../shared/contract/index.js';
import { agentHandlers } from './agent-profiles/service.js';
import { appHandlers } from './app/service.js';
import { composeServices, type Services } from './compose.js';
import type { CoreDeps } from './deps.js';
import type { Handlers } from './handler.js';
import { keystoreKeyPairTarget } from './keystore/key-pair-target.js';
import { keystoreHandlers } from './keystore/service.js';
import { pkiHandlers } from './pki/service.js';
import { tlsHandlers } from './tls/service.js';
import { vaultKeystorePasswords } from './vault/keystore-passwords.js';
import { tokenHandlers, vaultHandlers } from './vault/service.js';

export type { Handler, Handlers } from './handler.js';
export { checkedItems, secretsIn, type Services } from './compose.js';

/** All domain handlers, bound to their dependencies. */
export function allHandlers(deps: CoreDeps): Handlers {
  return {
    ...appHandlers(deps),
    ...keystoreHandlers(deps, vaultKeystorePasswords(deps)),
    ...agentHandlers(deps),
    ...pkiHandlers(deps, keystoreKeyPairTarget),
    ...tlsHandlers(deps),
    ...vaultHandlers(deps),
    ...tokenHandlers(deps),
  };
}

/** Implements the whole core contract: validates input, runs the handler, checks and strips the output. */
export function createServices(deps: CoreDeps): Services {
  return composeServices(deps, allHandlers(deps), coreContract);
}
