import { resolveDataDir } from '../core/data-dir.js';
import { createLogger } from '../core/log.js';
import { createServices, type Services } from '../core/services.js';
import { createKeychain, KEYCHAIN_SERVICE } from '../core/vault/keychain.js';
import { VERSION } from '../core/version.js';
import type { CliIo } from './framework.js';

/** The core as the CLI runs it: the data folder and keychain from the environment, log lines on stderr with CERTDESK_LOG. */
export function createCliServices(io: CliIo): Services {
  return createServices({
    version: VERSION,
    dataDir: resolveDataDir(io.env),
    keychain: createKeychain(io.env['CERTDESK_KEYCHAIN_SERVICE'] || KEYCHAIN_SERVICE),
    log: createLogger((line) => (io.env['CERTDESK_LOG'] ? io.stderr(`${line}\n`) : undefined)),
    now: () => new Date(),
  });
}
