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
