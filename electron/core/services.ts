import { coreContract, validateInput, type CoreOpName, type Output } from '../../shared/contract/index.js';
import type { Result } from '../../shared/errors.js';
import { appInfo } from './app/info.js';
import { agentHandlers } from './agent-profiles/service.js';
import type { OpDef } from '../../shared/contract/define.js';
import type { CoreDeps } from './deps.js';
import { toAppError } from './errors.js';
import type { Handlers } from './handler.js';
import { completeJobContext, type JobContext } from './jobs.js';
import type { Logger } from './log.js';
import { pkiHandlers } from './pki/service.js';
import { keystoreKeyPairTarget } from './keystore/key-pair-target.js';
import { keystoreHandlers } from './keystore/service.js';
import { tlsHandlers } from './tls/service.js';

export type { Handler, Handlers } from './handler.js';

/** The core as every transport sees it: unknown input in, a Result out, never a throw. */
export type Services = {
  [N in CoreOpName]: (input: unknown, ctx?: Partial<JobContext>) => Promise<Result<Output<N>>>;
};

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

/** All domain handlers, bound to their dependencies. */
function createHandlers(deps: CoreDeps): Handlers {
  return {
    'app.info': () => appInfo(deps),
    ...keystoreHandlers(deps),
    ...agentHandlers(deps),
    ...pkiHandlers(deps, keystoreKeyPairTarget),
    ...tlsHandlers(deps),
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
      // Registered before the handler runs, so no log line it writes (even an error's text) can carry them.
      for (const secret of secretsIn(valid.value)) deps.log.addSecret(secret);
      const job = completeJobContext({ ...ctx, item: checkedItems(name, coreContract[name], ctx?.item, deps.log) });
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
