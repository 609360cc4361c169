/** The keychain's shapes: the OS store as keytar gives it, and the port the core uses (with parts and an index). */

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

/** The keychain as the core uses it: secrets, plus the accounts it holds without reading any secret. */
export interface KeychainPort extends Keychain {
  /** The accounts stored under this service, from Certdesk's own index (no secret is read). */
  accounts(): Promise<string[]>;
  /** The largest keychain entry written, in bytes; longer secrets are kept in numbered parts. */
  readonly partBytes: number;
}
