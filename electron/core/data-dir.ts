import { chmodSync, mkdirSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where Certdesk keeps its data: CERTDESK_HOME, else the OS-conventional folder (same as Electron's userData). */
export function resolveDataDir(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): string {
  const override = env['CERTDESK_HOME'];
  if (override && override.trim() !== '') return override;
  switch (platform) {
    case 'win32':
      return join(env['APPDATA'] ?? join(home, 'AppData', 'Roaming'), 'Certdesk');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'Certdesk');
    default:
      return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), 'Certdesk');
  }
}

/** Creates the data folder owner-only (0700); an existing one is tightened, since it says who uses what. */
export async function ensureDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') await chmod(dataDir, 0o700).catch(() => undefined);
}

/** ensureDataDir for start-up code that runs before anything async (Electron's main). */
export function ensureDataDirSync(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (process.platform !== 'win32') {
    try {
      chmodSync(dataDir, 0o700);
    } catch {
      // A folder Certdesk does not own (a shared CERTDESK_HOME) keeps its mode.
    }
  }
}
