/**
 * "The password stored for this keystore": a port the keystore domain declares and a higher domain
 * plugs in (services.ts gives it the vault's keystore-password credentials). A keystore operation
 * called without a store password asks it, matching on the keystore's real path.
 */
import { promises as fs } from 'node:fs';
import { resolve } from 'node:path';
import { CertdeskError } from '../errors.js';

export interface StoredPasswordPort {
  /** The password kept for the keystore at `realPath`, and where it came from; null when none is kept. */
  passwordFor(realPath: string): Promise<{ password: string; source: string } | null>;
  /**
   * The keystore at `realPath` now opens with `password` (its store password was changed): the kept
   * password follows. Returns where it is kept, or null when none is kept for that keystore.
   */
  passwordChanged(realPath: string, password: string): Promise<string | null>;
}

/** No stored passwords (a process without the vault). */
export const NO_STORED_PASSWORDS: StoredPasswordPort = { passwordFor: async () => null, passwordChanged: async () => null };

/** An operation's input once the store password is known. */
export type WithStorePassword<T> = T extends { storePassword?: string | undefined } ? T & { storePassword: string } : T;

/** The path with symbolic links resolved (the path itself when it does not exist yet). */
export async function realPathOf(path: string): Promise<string> {
  try {
    return await fs.realpath(path);
  } catch {
    return resolve(path);
  }
}

/** The input with its store password: the one given, else the stored one for that keystore, else PASSWORD_REQUIRED. */
export async function withStorePassword<T extends { path: string; storePassword?: string | undefined }>(
  input: T,
  port: StoredPasswordPort,
): Promise<{ input: WithStorePassword<T>; source?: string }> {
  if (input.storePassword !== undefined) return { input: input as WithStorePassword<T> };
  const stored = await port.passwordFor(await realPathOf(input.path));
  if (!stored)
    throw new CertdeskError(
      'PASSWORD_REQUIRED',
      `The store password of ${resolve(input.path)} is needed.`,
      'Give it, or keep it in the vault as a keystore-password credential for this keystore (then it is not asked for again).',
    );
  return { input: { ...input, storePassword: stored.password } as WithStorePassword<T>, source: stored.source };
}
