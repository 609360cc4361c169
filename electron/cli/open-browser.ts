import { spawn } from 'node:child_process';
import { escapeControl } from '../../shared/text-safety.js';

/**
 * The CLI's way to open a sign-in page (the OAuth authorization code flow): it prints the address on
 * stderr — on a server without a desktop the person opens it in a browser on the same machine — and
 * asks the desktop's opener (xdg-open, open, start) to show it, if there is one. A missing opener is
 * not an error: the printed address is enough.
 */
export function cliBrowserOpener(stderr: (text: string) => void, platform: NodeJS.Platform = process.platform): (url: string) => Promise<void> {
  return async (url) => {
    stderr(`Sign in in your browser (waiting for its answer on this machine):\n  ${escapeControl(url)}\n`);
    const [cmd, args] = platform === 'darwin' ? ['open', [url]] : platform === 'win32' ? ['rundll32', ['url.dll,FileProtocolHandler', url]] : ['xdg-open', [url]];
    try {
      const child = spawn(cmd, args, { stdio: 'ignore', detached: true });
      child.on('error', () => undefined);
      child.unref();
    } catch {
      // No opener on this machine: the address printed above is the way.
    }
  };
}
