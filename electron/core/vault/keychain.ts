/** The default keychain service name; tests pass a unique one per run. */
export const KEYCHAIN_SERVICE = 'Certdesk';

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
  findCredentials(service: string): Promise<Array<{ account: string; password: string }>>;
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
      throw new Error(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  return {
    service,
    backend,
    async probe() {
      try {
        await run('Keychain probe', (k) => k.findCredentials(service));
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
