import type { Net } from './request.js';

/**
 * The real network with its modules (node:http, node:https, node:tls) loaded on first use: most
 * commands never go online, and a CLI process should not pay for them at start-up.
 */
export function createLazyNet(): Net {
  let net: Promise<Net> | undefined;
  const get = () => (net ??= import('./request.js').then((m) => m.createNet()));
  return {
    request: async (url, opts) => (await get()).request(url, opts),
    tlsConnect: async (opts) => (await get()).tlsConnect(opts),
  };
}
