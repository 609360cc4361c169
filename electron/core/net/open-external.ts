import { CertdeskError } from '../errors.js';

/**
 * Opening a URL in the person's browser, limited to URLs the core itself produced: a renderer (or
 * anything fed by a file or a server) cannot make Certdesk open an arbitrary address.
 */
export interface ExternalOpener {
  /** Registers a URL the core produced, so that it may be opened later. */
  allow(url: string): void;
  /** Opens a registered URL; anything else is refused with FORBIDDEN_SENDER. */
  open(url: string): Promise<void>;
}

/** An opener over the host's real one (Electron's shell.openExternal); without one, opening is refused. */
export function createExternalOpener(opener?: (url: string) => Promise<void>): ExternalOpener {
  const allowed = new Set<string>();
  return {
    allow(url) {
      const u = new URL(url);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new CertdeskError('VALIDATION_FAILED', `Only web addresses can be opened: ${u.protocol}`);
      allowed.add(u.href);
    },
    async open(url) {
      let href: string;
      try {
        href = new URL(url).href;
      } catch {
        throw new CertdeskError('VALIDATION_FAILED', `Not a URL: ${url}`);
      }
      if (!allowed.has(href)) throw new CertdeskError('FORBIDDEN_SENDER', 'Certdesk opens only addresses it produced itself.');
      if (!opener) throw new CertdeskError('INTERNAL', 'This host cannot open a browser.');
      await opener(href);
    },
  };
}
