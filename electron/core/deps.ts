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

/** What a running operation can use: a cancellation signal and a progress reporter. */
export interface JobContext {
  signal: AbortSignal;
  progress(fraction: number | undefined, message: string): void;
}
