// `npm run dev:browser`: the real UI over the real core in any browser, for developers. Not shipped.
// The data folder is $CERTDESK_HOME when set, like the app and the CLI; otherwise a throwaway folder,
// so trying things in a browser never touches the real Certdesk data.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger } from '../../electron/core/log.js';
import { createServices } from '../../electron/core/services.js';
import { createCoreDeps } from '../../electron/core/deps.js';
import { KEYCHAIN_SERVICE } from '../../electron/core/vault/keychain.js';
import { VERSION } from '../../electron/core/version.js';
import { RendererGrants } from '../../electron/main/renderer-grants.js';
import { startHarness } from './server.js';

const home = process.env['CERTDESK_HOME']?.trim();
const dataDir = home ? home : mkdtempSync(join(tmpdir(), 'certdesk-dev-'));
mkdirSync(dataDir, { recursive: true });
const services = createServices(
  createCoreDeps({
    version: VERSION,
    dataDir,
    keychainService: home ? process.env['CERTDESK_KEYCHAIN_SERVICE'] || KEYCHAIN_SERVICE : `Certdesk-dev-${process.pid}`,
    log: createLogger((line) => console.error(line)),
    env: process.env,
  }),
);
// Writes only where a prompt answer (the stand-in for a file dialog) or the data folder allows, like the app.
const harness = await startHarness(services, undefined, { grants: new RendererGrants(dataDir) });
console.log(`Certdesk (browser harness) at ${harness.url}`);
console.log(`Data dir: ${dataDir}${home ? ' (CERTDESK_HOME)' : ' (temporary; set CERTDESK_HOME to use another)'}.`);
console.log('File dialogs are asked with a prompt: type a path. Ctrl+C to stop.');
process.on('SIGINT', () => {
  void harness.close().then(() => {
    if (!home) rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
});
