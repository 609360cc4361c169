/**
 * Composes the core from parts: the handlers and contract slice of one or more domains. It imports no
 * domain and no contract module, so a process that needs one domain (a CLI command) loads only that
 * domain's code and schemas; services.ts composes every domain for the app, the harness and the tests.
 */
import type { CoreOpName, Output } from '../../shared/contract/index.js';
import { type OpDef, validateOpInput } from '../../shared/contract/define.js';
import type { Result } from '../../shared/errors.js';
import { recordChange } from './activity/record.js';
import type { CoreDeps } from './deps.js';
import { toAppError } from './errors.js';
import type { Handlers } from './handler.js';
import { completeJobContext, type JobContext } from './jobs.js';
import type { Logger } from './log.js';

/** The operations `N` as every transport sees them: unknown input in, a Result out, never a throw. */
export type ServicesOf<N extends CoreOpName> = {
  [M in N]: (input: unknown, ctx?: Partial<JobContext>) => Promise<Result<Output<M>>>;
};

/** The whole core. */
export type Services = ServicesOf<CoreOpName>;

/** The contract slice of the operations `N` (a domain's `…Ops` object). */
export type ContractOf<N extends CoreOpName> = { readonly [M in N]: OpDef };

const SECRET_KEY = /password|passphrase|secret|token|storepass|keypass/i;
// Fields that match by name but say something about a secret rather than hold one.
const NOT_SECRET_KEY = /(algorithm|env|file|path|kind|type|source|id|name|url|expires|length|count)$/i;

/** Every secret string in an input: values under a password-like key, at any depth (maps and lists included). */
export function secretsIn(input: unknown, underSecretKey = false): string[] {
  if (typeof input === 'string') return underSecretKey && input.length >= 1 ? [input] : [];
  if (Array.isArray(input)) return input.flatMap((v) => secretsIn(v, underSecretKey));
  if (typeof input !== 'object' || input === null) return [];
  return Object.entries(input).flatMap(([key, v]) => secretsIn(v, underSecretKey || (SECRET_KEY.test(key) && !NOT_SECRET_KEY.test(key))));
}

/**
 * Checks each per-item partial result against the operation's declared item schema before it leaves
 * the core, as outputs are: undeclared fields are stripped, an undeclared or malformed item is dropped.
 */
export function checkedItems(name: string, def: Pick<OpDef, 'item'>, deliver: JobContext['item'] | undefined, log: Logger): JobContext['item'] {
  return (key, value) => {
    const parsed = def.item?.safeParse(value);
    if (!parsed?.success) {
      log.error(`${name} emitted a partial result its contract does not declare; it was dropped.`);
      return;
    }
    deliver?.(key, parsed.data);
  };
}

/** Implements the operations of `contract`: validates input, runs the handler, checks and strips the output. */
export function composeServices<N extends CoreOpName>(deps: CoreDeps, handlers: Pick<Handlers, N>, contract: ContractOf<N>): ServicesOf<N> {
  const services = {} as Record<N, (input: unknown, ctx?: Partial<JobContext>) => Promise<Result<unknown>>>;
  for (const name of Object.keys(contract) as N[]) {
    const def = contract[name];
    const handler = handlers[name] as (i: unknown, c: JobContext) => Promise<unknown> | unknown;
    services[name] = async (input, ctx) => {
      const valid = validateOpInput(name, def, input);
      if (!valid.ok) return valid;
      // Registered before the handler runs, so no log line it writes (even an error's text) can carry them.
      const secrets = secretsIn(valid.value);
      for (const secret of secrets) deps.log.addSecret(secret);
      const job = completeJobContext({ ...ctx, item: checkedItems(name, def, ctx?.item, deps.log) });
      try {
        const value = await handler(valid.value, job);
        // Parsing the output strips any field the contract does not declare, so nothing extra
        // (a key, a password) can ride along to the renderer by accident.
        const checked = def.output.safeParse(value);
        if (!checked.success) {
          deps.log.error(`${name} returned output that does not match the contract: ${checked.error.message}`);
          return { ok: false, error: { code: 'INTERNAL', message: `${name} produced an invalid result.` } };
        }
        // Every transport passes here: each change is recorded once, however it was asked for.
        await recordChange(deps, name, def, valid.value, checked.data, secrets);
        return { ok: true, value: checked.data };
      } catch (err) {
        if (job.signal.aborted) return { ok: false, error: { code: 'CANCELLED', message: 'The operation was cancelled.' } };
        const error = toAppError(err);
        if (error.code === 'INTERNAL') deps.log.error(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        return { ok: false, error };
      }
    };
  }
  return services as ServicesOf<N>;
}
