import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type Services } from '../../electron/core/services.js';
import { createLogger } from '../../electron/core/log.js';
import { loadSettings } from '../../electron/core/settings.js';
import { createKeychain, type Keychain } from '../../electron/core/vault/keychain.js';
import { VERSION } from '../../electron/core/version.js';

export interface TestCore {
  services: Services;
  dataDir: string;
  keychain: Keychain;
  logLines: string[];
  cleanup(): void;
}

/** Real core services over an isolated data dir and a keychain service name unique to this run. */
export function createTestCore(): TestCore {
  const dataDir = mkdtempSync(join(tmpdir(), 'certdesk-test-'));
  const keychain = createKeychain(`Certdesk-test-${process.pid}-${Date.now()}`);
  const logLines: string[] = [];
  const services = createServices({
    version: VERSION,
    dataDir,
    keychain,
    log: createLogger((line) => logLines.push(line), 'debug'),
    now: () => new Date(),
    settings: loadSettings(),
  });
  return { services, dataDir, keychain, logLines, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}
