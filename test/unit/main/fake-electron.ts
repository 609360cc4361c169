import type { ProgressEvent } from '../../../shared/contract/define.js';

type Handler = (event: unknown, ...args: unknown[]) => unknown;

/** A small fake of the parts of `electron` that the preload and the ipc registration use. */
export function createFakeElectron() {
  const handlers = new Map<string, Handler>();
  const rendererListeners = new Map<string, Set<(event: unknown, payload: unknown) => void>>();
  const exposed: Record<string, unknown> = {};
  const sent: Array<{ channel: string; payload: unknown }> = [];
  // Where the current ipc call claims to come from; tests change it to play a foreign sender.
  const sender = { url: 'app://certdesk/index.html', isMainFrame: true };

  const mainFrame = { parent: null as unknown, url: '' };
  const webContents = {
    isDestroyed: () => false,
    send(channel: string, payload: ProgressEvent) {
      sent.push({ channel, payload });
      for (const l of rendererListeners.get(channel) ?? []) l({}, payload);
    },
  };
  const event = () => ({
    sender: webContents,
    senderFrame: { url: sender.url, parent: sender.isMainFrame ? null : mainFrame },
  });

  return {
    handlers,
    exposed,
    sent,
    sender,
    module: {
      ipcMain: {
        handle(channel: string, handler: Handler) {
          if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
          handlers.set(channel, handler);
        },
      },
      ipcRenderer: {
        invoke(channel: string, ...args: unknown[]) {
          const h = handlers.get(channel);
          if (!h) return Promise.reject(new Error(`No handler registered for '${channel}'`));
          return Promise.resolve(h(event(), ...args));
        },
        on(channel: string, listener: (event: unknown, payload: unknown) => void) {
          const set = rendererListeners.get(channel) ?? new Set();
          set.add(listener);
          rendererListeners.set(channel, set);
        },
        removeListener(channel: string, listener: (event: unknown, payload: unknown) => void) {
          rendererListeners.get(channel)?.delete(listener);
        },
      },
      contextBridge: {
        exposeInMainWorld(key: string, value: unknown) {
          exposed[key] = value;
        },
      },
    },
  };
}
