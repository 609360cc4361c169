export { createServices, type Services, type Handlers } from './services.js';
export type { CoreDeps, JobContext } from './deps.js';
export { resolveDataDir } from './data-dir.js';
export { createKeychain, KEYCHAIN_SERVICE, type Keychain } from './vault/keychain.js';
export { createLogger, redact, type Logger } from './log.js';
