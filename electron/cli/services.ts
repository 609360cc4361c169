import type { CoreOpName } from '../../shared/contract/index.js';
import { composeServices, type ContractOf, type ServicesOf } from '../core/compose.js';
import { resolveDataDir } from '../core/data-dir.js';
import { createCoreDeps, type CoreDeps } from '../core/deps.js';
import type { Handlers } from '../core/handler.js';
import { JobTable, servicesAsJobs } from '../core/jobs.js';
import { createLogger } from '../core/log.js';
import { KEYCHAIN_SERVICE } from '../core/vault/keychain.js';
import { VERSION } from '../core/version.js';
import type { CliIo } from './framework.js';
import { cliBrowserOpener } from './open-browser.js';

/** One domain of the core as a CLI bundle carries it: its contract slice and its handlers. */
export interface CorePart<N extends CoreOpName> {
  contract: ContractOf<N>;
  handlers: (deps: CoreDeps) => Pick<Handlers, N>;
}

/**
 * The core as the CLI runs it (only the part given): the data folder and keychain from the environment,
 * log lines on stderr with CERTDESK_LOG. Every call is a job of the process's table, so the entry's Ctrl-C cancels it.
 */
export function createCliServices<N extends CoreOpName>(io: CliIo, part: CorePart<N>): ServicesOf<N> {
  const deps = createCoreDeps({
    version: VERSION,
    dataDir: resolveDataDir(io.env),
    keychainService: io.env['CERTDESK_KEYCHAIN_SERVICE'] || KEYCHAIN_SERVICE,
    log: createLogger((line) => (io.env['CERTDESK_LOG'] ? io.stderr(`${line}\n`) : undefined)),
    env: io.env,
    source: 'cli',
    openExternal: cliBrowserOpener((text) => io.stderr(text)),
  });
  return servicesAsJobs(composeServices(deps, part.handlers(deps), part.contract), io.jobs ?? new JobTable());
}
