/**
 * zod reads `jitless` when a schema is built, not when it parses: every domain bundle imports this
 * module FIRST, so the contract's schemas are built after it. A CLI process checks a handful of
 * values once: zod's compiled (eval'd) validators cost more to build than they save, and V8's code
 * cache cannot keep them.
 */
import { config } from 'zod';

config({ jitless: true });
