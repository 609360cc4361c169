import type { appOps } from '../../../shared/contract/app.js';
import type { CoreDeps } from '../deps.js';
import type { Handler } from '../handler.js';
import { appInfo } from './info.js';

/** The app.* operations, bound to their dependencies. */
export function appHandlers(deps: CoreDeps): { [N in keyof typeof appOps]: Handler<N> } {
  return { 'app.info': () => appInfo(deps) };
}
