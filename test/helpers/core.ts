import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCoreDeps, type CoreDeps, type CoreDepsOptions } from '../../electron/core/deps.js';
import { createServices, type Services } from '../../electron/core/services.js';
import { createLogger } from '../../electron/core/log.js';
import type { KeychainPort } from '../../electron/core/vault/keychain.js';

export interface TestCore {
  services: Services;
  deps: CoreDeps;
  dataDir: string;
  keychain: KeychainPort;
  logLines: string[];
  cleanup(): void;
}

/**
 * Real core services over an isolated data dir and a keychain service name unique to this run;
 * `overrides` swaps single ports (a fixed clock, a loopback net…).
 */
export function createTestCore(overrides: Partial<Omit<CoreDepsOptions, 'dataDir'>> = {}): TestCore {
  const dataDir = mkdtempSync(join(tmpdir(), 'certdesk-test-'));
  const logLines: string[] = [];
  const deps = createCoreDeps({
    dataDir,
    keychainService: `Certdesk-test-${process.pid}-${Date.now()}`,
    log: createLogger((line) => logLines.push(line), 'debug'),
    ...overrides,
  });
  const services = createServices(deps);
  return { services, deps, dataDir, keychain: deps.keychain, logLines, cleanup: () => rmSync(dataDir, { recursive: true, force: true }) };
}
