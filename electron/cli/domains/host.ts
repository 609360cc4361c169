import { config as zodConfig } from 'zod';
import type { CoreOpName } from '../../../shared/contract/index.js';
import type { Services } from '../../core/services.js';
import { callOp } from '../call.js';
import type { DomainCommandId, Domain, OpOf } from '../commands/table.js';
import type { CommandContext, Outcome, Runner } from '../framework.js';
import { createCliServices } from '../services.js';

// A CLI process checks a handful of values once: zod's compiled (eval'd) validators cost more to
// build than they save, and V8's code cache cannot keep them.
zodConfig({ jitless: true });

/** Each command of domain `D`, run by code typed with the operation the table declares for it. */
export type DomainRunners<D extends Domain> = { [I in DomainCommandId<D>]: Runner<OpOf<I>> };

/** What a domain bundle exports: runs one of its commands by id. */
export interface DomainModule {
  run(id: string, ctx: CommandContext): Promise<Outcome<CoreOpName>>;
}

/** Binds a domain's runners to the core, which is created on the first call. */
export function domainModule<D extends Domain>(runners: DomainRunners<D>): DomainModule {
  return {
    run(id, ctx) {
      let services: Services | undefined;
      const get = (): Services => (services ??= createCliServices(ctx.io));
      const runner = (runners as Record<string, Runner<CoreOpName>>)[id];
      if (!runner) throw new Error(`No run code for the command "${id}".`);
      return runner({ ...ctx, call: (name, input, opts) => callOp(get, ctx.io, name, input, opts) });
    },
  };
}
