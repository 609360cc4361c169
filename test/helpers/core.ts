import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCoreDeps, type CoreDeps, type CoreDepsOptions } from '../../electron/core/deps.js';
import { createServices, type Services } from '../../electron/core/services.js';
import { coreContract } from '../../shared/contract/index.js';
import { createLogger } from '../../electron/core/log.js';
import type { KeychainPort } from '../../electron/core/vault/keychain.js';
import { registerSecretsIn, SECRET_ON_PURPOSE, sweepLines, sweepPaths } from './secrets.js';

export interface TestCore {
  services: Services;
  deps: CoreDeps;
  dataDir: string;
  keychain: KeychainPort;
  logLines: string[];
  cleanup(): void;
}

/** The value at a dotted path (`output.path`) of an input. */
function at(input: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), input);
}

/**
 * The services, for the secrets sweep (helpers/secrets.ts): each registers the secrets of its input
 * before it runs, and afterwards the files it declares it writes (an export, a report) are swept.
 */
function registering(services: Services): Services {
  const out: Record<string, (input: unknown, ctx?: unknown) => Promise<unknown>> = {};
  const contract: Record<string, { writes?: readonly string[] }> = coreContract;
  for (const [name, call] of Object.entries(services) as Array<[string, (input: unknown, ctx?: unknown) => Promise<unknown>]>) {
    out[name] = async (input, ctx) => {
      registerSecretsIn(input, name);
      const result = await call(input, ctx);
      const written = SECRET_ON_PURPOSE[name] ? [] : (contract[name]?.writes ?? []).map((w) => at(input, w)).filter((p): p is string => typeof p === 'string');
      if (written.length) sweepPaths(`a file ${name} wrote`, written);
      return result;
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
