import type { z } from 'zod';
import type { Result } from '../errors.js';
import { appOps } from './app.js';
import type { CallOptions, ProgressEvent } from './define.js';
import type { OpNameFromList } from './names.js';
import { agentOps } from './agent.js';
import { keystoreOps } from './keystore.js';
import { pkiOps } from './pki-ops.js';
import { platformOps } from './platform.js';
import { tlsOps } from './tls.js';

export type { CallOptions, OpDef, ProgressEvent } from './define.js';

/** Operations implemented by the core services (the app, the CLI and the harness share them). */
export const coreContract = {
  ...appOps,
  ...keystoreOps,
  ...agentOps,
  ...pkiOps,
  ...tlsOps,
};

/** Every operation the renderer may call: core services plus the shell's own. */
export const contract = {
  ...coreContract,
  ...platformOps,
};

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
  const parsed = contract[name].input.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data as z.output<Contract[N]['input']> };
  const details = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'input'}: ${i.message}`)
    .join('; ');
  return { ok: false, error: { code: 'VALIDATION_FAILED', message: `Invalid input for ${name}: ${details}` } };
}

/** True for a known operation name (guards against prototype keys too). */
export function isOpName(name: unknown): name is OpName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}
