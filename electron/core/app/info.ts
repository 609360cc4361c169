import type { AppInfo } from '../../../shared/contract/app.js';
import type { CoreDeps } from '../deps.js';

/** What `app.info` reports: version, runtime, data folder and whether the keychain answers. */
export async function appInfo(deps: CoreDeps): Promise<AppInfo> {
  const keychain = await deps.keychain.probe();
  const electron = process.versions['electron'];
  return {
    name: 'Certdesk',
    version: deps.version,
    platform: process.platform,
    arch: process.arch,
    runtime: electron ? `Electron ${electron} (Node ${process.versions.node})` : `Node ${process.versions.node}`,
    dataDir: deps.dataDir,
    keychain,
  };
}
