import { resolveDataDir } from '../core/data-dir.js';
import { createCoreDeps } from '../core/deps.js';
import { JobTable, servicesAsJobs } from '../core/jobs.js';
import { createLogger } from '../core/log.js';
import { createServices, type Services } from '../core/services.js';
import { KEYCHAIN_SERVICE } from '../core/vault/keychain.js';
import { VERSION } from '../core/version.js';
import type { CliIo } from './framework.js';

/**
 * The core as the CLI runs it: the data folder and keychain from the environment, log lines on stderr
 * with CERTDESK_LOG. Every call is a job of the process's table, so the entry's Ctrl-C cancels it.
 */
export function createCliServices(io: CliIo): Services {
  const services = createServices(
    createCoreDeps({
      version: VERSION,
      dataDir: resolveDataDir(io.env),
      keychainService: io.env['CERTDESK_KEYCHAIN_SERVICE'] || KEYCHAIN_SERVICE,
      log: createLogger((line) => (io.env['CERTDESK_LOG'] ? io.stderr(`${line}\n`) : undefined)),
      env: io.env,
    }),
  );
  return servicesAsJobs(services, io.jobs ?? new JobTable());
}
