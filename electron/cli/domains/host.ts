import './zod-setup.js';
import type { CoreOpName } from '../../../shared/contract/index.js';
import type { Services } from '../../core/compose.js';
import { callOp } from '../call.js';
import type { DomainCommandId, Domain, OpOf } from '../commands/table.js';
import { CliError, type CommandContext, type Outcome, type Runner } from '../framework.js';
import { type CorePart, createCliServices } from '../services.js';

/** Each command of domain `D`, run by code typed with the operation the table declares for it. */
export type DomainRunners<D extends Domain> = { [I in DomainCommandId<D>]: Runner<OpOf<I>> };

/** The contract operations of domain `D` (`pki` → every `pki.*`), plus any its commands declare (`token decode` in vault). */
export type DomainOps<D extends Domain> = Extract<CoreOpName, `${D}.${string}`> | OpOf<DomainCommandId<D>>;

/** What a domain bundle exports: runs one of its commands by id. */
export interface DomainModule {
  run(id: string, ctx: CommandContext): Promise<Outcome<CoreOpName>>;
}

/**
 * Binds a domain's runners to its part of the core (contract slice and handlers), which is created on
 * the first call: the bundle holds that domain's code and schemas, not the whole core's.
 */
export function domainModule<D extends Domain>(part: CorePart<DomainOps<D>>, runners: DomainRunners<D>): DomainModule {
  return {
    run(id, ctx) {
      let services: unknown;
      // The bundle's services hold only its domain's operations; call() below checks the name first.
      const get = (): Services => (services ??= createCliServices(ctx.io, part)) as Services;
      const runner = (runners as Record<string, Runner<CoreOpName>>)[id];
      if (!runner) throw new Error(`No run code for the command "${id}".`);
      return runner({
        ...ctx,
        call: (name, input, opts) =>
          // A command calls only its own domain's operations; one that does not is a bug of this program.
          Object.hasOwn(part.contract, name)
            ? callOp(get, ctx.io, name, input, opts)
            : Promise.reject(new CliError({ code: 'INTERNAL', message: `The operation ${name} is not part of this command's bundle.` })),
      });
    },
  };
}
