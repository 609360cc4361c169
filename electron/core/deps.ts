import type { Logger } from './log.js';
import type { CoreSettings } from './settings.js';
import type { Keychain } from './vault/keychain.js';

/** What the core needs from its host; the app, the CLI and the tests each pass real, isolated ones. */
export interface CoreDeps {
  version: string;
  dataDir: string;
  keychain: Keychain;
  log: Logger;
  now: () => Date;
  settings: CoreSettings;
}

export type { JobContext } from './jobs.js';
