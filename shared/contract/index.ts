import type { z } from 'zod';
import { COMMON_ERROR_CODES, type ErrorCode, type Result } from '../errors.js';
import { APP_ERROR_CODES, appOps } from './app.js';
import { type CallOptions, type ProgressEvent, validateOpInput } from './define.js';
import type { OpNameFromList } from './names.js';
import { AGENT_ERROR_CODES, agentOps } from './agent.js';
import { KEYSTORE_ERROR_CODES, keystoreOps } from './keystore.js';
import { PKI_ERROR_CODES, pkiOps } from './pki-ops.js';
import { PLATFORM_ERROR_CODES, platformOps } from './platform.js';
import { TLS_ERROR_CODES, tlsOps } from './tls.js';
import { tokenOps, VAULT_ERROR_CODES, vaultOps } from './vault.js';

export type { CallOptions, OpDef, ProgressEvent } from './define.js';

/** Operations implemented by the core services (the app, the CLI and the harness share them). */
export const coreContract = {
  ...appOps,
  ...keystoreOps,
  ...agentOps,
  ...pkiOps,
  ...tlsOps,
  ...vaultOps,
  ...tokenOps,
};

/** Every operation the renderer may call: core services plus the shell's own. */
export const contract = {
  ...coreContract,
  ...platformOps,
};

/** Every error code as a list (the type is ErrorCode in shared/errors.ts, which must not load the schemas). */
export const ERROR_CODES = [
  ...COMMON_ERROR_CODES,
  ...APP_ERROR_CODES,
  ...PLATFORM_ERROR_CODES,
  ...PKI_ERROR_CODES,
  ...KEYSTORE_ERROR_CODES,
  ...AGENT_ERROR_CODES,
  ...TLS_ERROR_CODES,
  ...VAULT_ERROR_CODES,
] as const;

export type Contract = typeof contract;
export type OpName = keyof Contract;
export type CoreOpName = keyof typeof coreContract;
export type PlatformOpName = keyof typeof platformOps;
export type Input<N extends OpName> = z.input<Contract[N]['input']>;
export type Output<N extends OpName> = z.output<Contract[N]['output']>;

export { OP_NAMES } from './names.js';
export { createApi, type Transport } from './api.js';

// Compile-time check that the name list and the contract hold exactly the same operations.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatchContract: Same<OpName, OpNameFromList> = true;
void namesMatchContract;
// ...and that the list of codes and the ErrorCode type agree.
const codesMatchType: Same<(typeof ERROR_CODES)[number], ErrorCode> = true;
void codesMatchType;

type DomainOf<N> = N extends `${infer D}.${string}` ? D : never;
type VerbOf<N, D extends string> = N extends `${D}.${infer V}` ? V : never;

/** The shape of `window.certdesk`: one named method per operation, grouped by domain. */
export type CertdeskApi = {
  [D in DomainOf<OpName>]: {
    [V in VerbOf<OpName, D>]: (
      input: Input<Extract<OpName, `${D}.${V}`>>,
      options?: CallOptions,
    ) => Promise<Result<Output<Extract<OpName, `${D}.${V}`>>>>;
  };
} & {
  /** Subscribes to progress of long jobs; returns the unsubscribe function. */
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /** Asks a long job to stop. */
  cancel(jobId: string): Promise<void>;
};

/** Checks a payload against an operation's input schema; the message names each bad field. */
export function validateInput<N extends OpName>(name: N, payload: unknown): Result<z.output<Contract[N]['input']>> {
  return validateOpInput(name, contract[name], payload) as Result<z.output<Contract[N]['input']>>;
}

/** True for a known operation name (guards against prototype keys too). */
export function isOpName(name: unknown): name is OpName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
