import { randomBytes } from 'node:crypto';
import type { WrittenFile } from '../../shared/contract/files.js';
import { createLogger, type Logger } from './log.js';
import { createLazyNet } from './net/lazy.js';
import type { Net } from './net/request.js';
import { createExternalOpener, type ExternalOpener } from './net/open-external.js';
import { loadSettings, type CoreSettings } from './settings.js';
import { type SafeWriteOptions, writeFileSafely } from './store/atomic-file.js';
import { configureFileLocks, type LockOptions, withFileLock } from './store/file-lock.js';
import { createMetadataStore, type MetadataStore } from './store/metadata-store.js';
import { readBounded, readBoundedOrNull, type ReadOptions } from './store/read-file.js';
import { createKeychain, DEFAULT_PART_BYTES, KEYCHAIN_SERVICE, type Keychain, type KeychainPort, withAccountIndex } from './vault/keychain.js';
import { VERSION } from './version.js';

/** The time, swappable in tests. */
export interface Clock {
  now(): Date;
}

/** Randomness, swappable in tests. */
export interface RandomSource {
  bytes(n: number): Buffer;
}

/** The file layer: the bounded reader, the atomic writer and the cross-process lock. */
export interface FilesPort {
  read(path: string, opts: ReadOptions): Promise<Buffer>;
  readOrNull(path: string, opts: ReadOptions): Promise<Buffer | null>;
  write(path: string, bytes: Buffer, opts?: SafeWriteOptions): Promise<WrittenFile>;
  withLock<T>(path: string, fn: () => Promise<T>, opts?: LockOptions): Promise<T>;
}

/**
 * The system clipboard, where the host has one (the app's main process; an in-memory one in the
 * harness). The command line has none: it prints a revealed secret instead.
 */
export interface ClipboardPort {
  writeText(text: string): Promise<void> | void;
  readText(): Promise<string> | string;
}

/** What the core needs from its host; the app, the CLI and the tests each build it with createCoreDeps. */
export interface CoreDeps {
  version: string;
  dataDir: string;
  keychain: KeychainPort;
  log: Logger;
  /** The clock's now(), kept for code written before the clock port. */
  now: () => Date;
  clock: Clock;
  random: RandomSource;
  files: FilesPort;
  metadata: MetadataStore;
  net: Net;
  openExternal: ExternalOpener;
  settings: CoreSettings;
  /** The host's environment, for what the person set there (HTTPS_PROXY / NO_PROXY for TLS checks). */
  env: Record<string, string | undefined>;
  /** The clipboard `vault.copySecret` writes to; absent in the CLI. */
  clipboard?: ClipboardPort;
}

export interface CoreDepsOptions {
  dataDir: string;
  version?: string;
  /** The keychain service name (tests use a unique one), or a ready keychain. */
  keychainService?: string;
  keychain?: Keychain;
  log?: Logger;
  /** Environment the settings come from (CERTDESK_EXPIRING_SOON_DAYS, CERTDESK_LOCK_WAIT_MS, CERTDESK_KEYCHAIN_PART_BYTES). */
  env?: Record<string, string | undefined>;
  clock?: Clock;
  random?: RandomSource;
  net?: Net;
  /** The host's real opener (Electron's shell.openExternal); none in the CLI and tests. */
  openExternal?: (url: string) => Promise<void>;
  /** The host's clipboard (the app's; an in-memory one in the harness); none in the CLI. */
  clipboard?: ClipboardPort;
  /** The keychain's per-part limit in bytes (default: Windows' 2,560; CERTDESK_KEYCHAIN_PART_BYTES overrides). */
  keychainPartBytes?: number;
}

/** Builds every dependency of the core in one place; tests swap single ports through the options. */
export function createCoreDeps(options: CoreDepsOptions): CoreDeps {
  const env = options.env ?? {};
  const lockWait = Number(env['CERTDESK_LOCK_WAIT_MS']);
  if (env['CERTDESK_LOCK_WAIT_MS'] !== undefined && Number.isFinite(lockWait)) configureFileLocks({ waitMs: lockWait });
  const clock = options.clock ?? { now: () => new Date() };
  const log = options.log ?? createLogger(() => undefined);
  const metadata = createMetadataStore(options.dataDir, {
    now: () => clock.now(),
    onDamaged: (file, movedTo) => log.warn(`${file} could not be read; it was kept as ${movedTo}.`),
  });
  const partBytes = options.keychainPartBytes ?? (Number(env['CERTDESK_KEYCHAIN_PART_BYTES']) || DEFAULT_PART_BYTES);
  const keychain = withAccountIndex(options.keychain ?? createKeychain(options.keychainService ?? KEYCHAIN_SERVICE), metadata, partBytes);
  return {
    version: options.version ?? VERSION,
    dataDir: options.dataDir,
    keychain,
    log,
    now: () => clock.now(),
    clock,
    random: options.random ?? { bytes: (n) => randomBytes(n) },
    files: { read: readBounded, readOrNull: readBoundedOrNull, write: writeFileSafely, withLock: withFileLock },
    metadata,
    net: options.net ?? createLazyNet(),
    openExternal: createExternalOpener(options.openExternal),
    settings: loadSettings(env),
    env,
    ...(options.clipboard ? { clipboard: options.clipboard } : {}),
  };
}

export type { JobContext } from './jobs.js';
