/**
 * The type of an operation's implementation. It imports no domain, so the domains and `services.ts`
 * (which composes them) both depend on it without depending on each other.
 */
import type { z } from 'zod';
import type { coreContract, CoreOpName, Output } from '../../shared/contract/index.js';
import type { JobContext } from './jobs.js';

/** The validated input of a core operation. */
export type CoreInput<N extends CoreOpName> = z.output<(typeof coreContract)[N]['input']>;

/** An operation's implementation: validated input in, output out; throws CertdeskError on failure. */
export type Handler<N extends CoreOpName> = (input: CoreInput<N>, ctx: JobContext) => Promise<Output<N>> | Output<N>;
export type Handlers = { [N in CoreOpName]: Handler<N> };
