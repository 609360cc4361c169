import { coreContract, validateInput, type CoreOpName, type Output } from '../../shared/contract/index.js';
import type { Result } from '../../shared/errors.js';
import { appInfo } from './app/info.js';
import { agentHandlers } from './agent-profiles/service.js';
import type { CoreDeps } from './deps.js';
import { toAppError } from './errors.js';
import type { Handlers } from './handler.js';
import { completeJobContext, type JobContext } from './jobs.js';
import { pkiHandlers } from './pki/service.js';
import { keystoreHandlers } from './keystore/service.js';

export type { Handler, Handlers } from './handler.js';

/** The core as every transport sees it: unknown input in, a Result out, never a throw. */
export type Services = {
  [N in CoreOpName]: (input: unknown, ctx?: Partial<JobContext>) => Promise<Result<Output<N>>>;
};

/** All domain handlers, bound to their dependencies. */
function createHandlers(deps: CoreDeps): Handlers {
  return {
    'app.info': () => appInfo(deps),
    ...keystoreHandlers(deps),
    ...agentHandlers(deps),
    ...pkiHandlers(deps),
  };
}

/** Implements the core contract: validates input, runs the handler, checks and strips the output. */
export function createServices(deps: CoreDeps): Services {
  const handlers = createHandlers(deps);
  const services = {} as Record<CoreOpName, (input: unknown, ctx?: Partial<JobContext>) => Promise<Result<unknown>>>;
  for (const name of Object.keys(coreContract) as CoreOpName[]) {
    services[name] = async (input, ctx) => {
      const valid = validateInput(name, input);
      if (!valid.ok) return valid;
      const job = completeJobContext(ctx);
      try {
        const handler = handlers[name] as (i: unknown, c: JobContext) => Promise<unknown> | unknown;
        const value = await handler(valid.value, job);
        // Parsing the output strips any field the contract does not declare, so nothing extra
        // (a key, a password) can ride along to the renderer by accident.
        const checked = coreContract[name].output.safeParse(value);
        if (!checked.success) {
          deps.log.error(`${name} returned output that does not match the contract: ${checked.error.message}`);
          return { ok: false, error: { code: 'INTERNAL', message: `${name} produced an invalid result.` } };
        }
        return { ok: true, value: checked.data };
      } catch (err) {
        if (job.signal.aborted) return { ok: false, error: { code: 'CANCELLED', message: 'The operation was cancelled.' } };
        const error = toAppError(err);
        if (error.code === 'INTERNAL') deps.log.error(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return { ok: false, error };
      }
    };
  }
  return services as Services;
}
