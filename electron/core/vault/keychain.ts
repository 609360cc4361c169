import { z } from 'zod';
import { CertdeskError } from '../errors.js';
import type { MetadataStore } from '../store/metadata-store.js';
import { withSecretParts } from './secret-parts.js';

/** The default keychain service name; tests pass a unique one per run. */
export const KEYCHAIN_SERVICE = 'Certdesk';

/** The account the availability probe asks for: never stored, so the probe reads no secret. */
export const PROBE_ACCOUNT = 'certdesk-availability-probe';

export interface KeychainProbe {
  available: boolean;
  backend: string;
  reason?: string;
}

/** The OS keychain as Certdesk uses it. Secrets only; everything else lives in the data dir. */
export interface Keychain {
  readonly service: string;
  readonly backend: string;
  probe(): Promise<KeychainProbe>;
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

interface KeytarModule {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

/** The name of the OS store keytar talks to on this platform. */
export function keychainBackend(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'macOS Keychain';
    case 'win32':
      return 'Windows Credential Manager';
    default:
      return 'Secret Service (libsecret)';
  }
}

/** What to do when the keychain does not answer, by platform (never a plaintext fallback). */
export function keychainHint(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case 'darwin':
      return 'Unlock the login keychain (Keychain Access) and allow Certdesk when asked; Certdesk never keeps secrets in plain files.';
    case 'win32':
      return 'Sign in to Windows normally (Credential Manager needs the user profile); Certdesk never keeps secrets in plain files.';
    default:
      return 'Start and unlock a Secret Service (GNOME Keyring or KeePassXC) in this session (DBUS_SESSION_BUS_ADDRESS must reach it); Certdesk never keeps secrets in plain files.';
  }
}

let keytarPromise: Promise<KeytarModule> | undefined;

/** Loads keytar lazily: a missing native build must not stop the app from starting. */
function loadKeytar(): Promise<KeytarModule> {
  keytarPromise ??= import('keytar').then((m) => ((m as { default?: KeytarModule }).default ?? m) as KeytarModule);
  return keytarPromise;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A keychain backed by keytar under the given service name. */
export function createKeychain(service: string = KEYCHAIN_SERVICE, timeoutMs = 5000): Keychain {
  const backend = keychainBackend();
  const run = async <T>(what: string, fn: (k: KeytarModule) => Promise<T>): Promise<T> =>
    withTimeout(
      loadKeytar().then(fn),
      timeoutMs,
      `The ${backend}`,
    ).catch((err: unknown) => {
      throw new CertdeskError('SECRET_STORE_UNAVAILABLE', `${what} failed: ${err instanceof Error ? err.message : String(err)}`, keychainHint());
    });
  return {
    service,
    backend,
    async probe() {
      try {
        // Asking for one account that never exists reaches the store without reading any secret
        // (listing the service's credentials would decrypt every one of them).
        await run('Keychain probe', (k) => k.getPassword(service, PROBE_ACCOUNT));
        return { available: true, backend };
      } catch (err) {
        return { available: false, backend, reason: err instanceof Error ? err.message : String(err) };
      }
    },
    get: (account) => run('Reading a secret', (k) => k.getPassword(service, account)),
    set: (account, secret) => run('Storing a secret', (k) => k.setPassword(service, account, secret)),
    delete: (account) => run('Deleting a secret', (k) => k.deletePassword(service, account)),
  };
}

/** The keychain as the core uses it: secrets, plus the accounts it holds without reading any secret. */
export interface KeychainPort extends Keychain {
  /** The accounts stored under this service, from Certdesk's own index (no secret is read). */
  accounts(): Promise<string[]>;
  /** The largest keychain entry written, in bytes; longer secrets are kept in numbered parts. */
  readonly partBytes: number;
}

/** Windows Credential Manager's CRED_MAX_CREDENTIAL_BLOB_SIZE, the strictest of the three stores. */
export const DEFAULT_PART_BYTES = 2560;

const AccountRecord = z.object({ service: z.string(), account: z.string() });
type AccountRecord = z.infer<typeof AccountRecord>;

/**
 * Adds an account index kept in the metadata store (`keychain-accounts.json`): the OS stores can
 * only list accounts by decrypting their secrets (keytar's findCredentials), so Certdesk records
 * each account it sets and forgets each one it deletes. A secret longer than `partBytes` is stored in
 * numbered parts (secret-parts.ts); the index holds the account as the caller named it.
 */
export function withAccountIndex(raw: Keychain, metadata: MetadataStore, partBytes: number = DEFAULT_PART_BYTES): KeychainPort {
  const keychain = withSecretParts(raw, partBytes);
  const index = metadata.collection<AccountRecord>({
    file: 'keychain-accounts.json',
    version: 1,
    record: AccountRecord,
    sort: (a, b) => a.service.localeCompare(b.service) || a.account.localeCompare(b.account),
  });
  const mine = (r: AccountRecord, account: string): boolean => r.service === keychain.service && r.account === account;
  return {
    service: keychain.service,
    backend: keychain.backend,
    partBytes,
    probe: () => keychain.probe(),
    get: (account) => keychain.get(account),
    async set(account, secret) {
      await keychain.set(account, secret);
      await index.update((records) => ({
        records: records.some((r) => mine(r, account)) ? records : [...records, { service: keychain.service, account }],
        value: undefined,
      }));
    },
    async delete(account) {
      const deleted = await keychain.delete(account);
      await index.update((records) => ({ records: records.filter((r) => !mine(r, account)), value: undefined }));
      return deleted;
    },
    async accounts() {
      const { records } = await index.read();
      return records.filter((r) => r.service === keychain.service).map((r) => r.account);
    },
  };
}
