import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCoreDeps, type CoreDeps, type CoreDepsOptions } from '../../electron/core/deps.js';
import { createServices, type Services } from '../../electron/core/services.js';
import { createLogger } from '../../electron/core/log.js';
import type { KeychainPort } from '../../electron/core/vault/keychain.js';
import { registerSecretsIn, sweepLines, sweepPaths } from './secrets.js';

export interface TestCore {
  services: Services;
  deps: CoreDeps;
  dataDir: string;
  keychain: KeychainPort;
  logLines: string[];
  cleanup(): void;
}

/** The services, each registering the secrets of its input with the secrets sweep (helpers/secrets.ts) before it runs. */
function registering(services: Services): Services {
  const out: Record<string, (input: unknown, ctx?: unknown) => Promise<unknown>> = {};
  for (const [name, call] of Object.entries(services) as Array<[string, (input: unknown, ctx?: unknown) => Promise<unknown>]>) {
    out[name] = (input, ctx) => {
      registerSecretsIn(input, name);
      return call(input, ctx);
    };
  }
  return out as unknown as Services;
}

/**
 * Real core services over an isolated data dir and a keychain service name unique to this run;
 * `overrides` swaps single ports (a fixed clock, a loopback net…). cleanup() sweeps the data folder
 * and the log lines for the secrets the services were given, then removes the folder.
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
  const services = registering(createServices(deps));
  return {
    services,
    deps,
    dataDir,
    keychain: deps.keychain,
    logLines,
    cleanup: () => {
      sweepPaths('a test core data folder', [dataDir]);
      sweepLines('a test core log', logLines);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
