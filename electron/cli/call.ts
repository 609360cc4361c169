import type { CoreOpName, Input, Output } from '../../shared/contract/index.js';
import type { JobContext } from '../core/deps.js';
import type { Services } from '../core/services.js';
import { CliError, type CallOpts, type CliIo } from './framework.js';

/**
 * The one way a command calls the core: input and output typed by the contract, a failed Result
 * turned into a CliError (message, hint, exit code by error code).
 */
export async function callOp<M extends CoreOpName>(services: () => Services, io: CliIo, name: M, input: Input<M>, opts: CallOpts = {}): Promise<Output<M>> {
  const job: Partial<JobContext> = {};
  // Progress only on an interactive terminal (the prompt exists only there): scripts get clean stderr.
  if (opts.progress && io.prompt) job.progress = (_f, message) => io.stderr(`${message}\n`);
  const service = services()[name] as (input: unknown, ctx: Partial<JobContext>) => ReturnType<Services[M]>;
  const res = await service(input, job);
  if (res.ok) return res.value as Output<M>;
  const hint = opts.hints?.[res.error.code];
  throw new CliError(hint ? { ...res.error, hint } : res.error);
}
