import { contextBridge, ipcRenderer } from 'electron';
import { createApi } from '../../shared/contract/api.js';
import type { ProgressEvent } from '../../shared/contract/define.js';
import { CANCEL_CHANNEL, opChannel, PROGRESS_CHANNEL } from '../../shared/contract/channels.js';

// window.certdesk: one named method per contract operation, each bound to its own ipc channel.
// No generic invoke and no ipcRenderer is ever handed to the page.
contextBridge.exposeInMainWorld(
  'certdesk',
  createApi({
    invoke: (name, input, options) => ipcRenderer.invoke(opChannel(name), input, options),
    onProgress(listener) {
      const handler = (_event: unknown, progress: ProgressEvent): void => listener(progress);
      ipcRenderer.on(PROGRESS_CHANNEL, handler);
      return () => void ipcRenderer.removeListener(PROGRESS_CHANNEL, handler);
    },
    cancel: async (jobId) => {
      await ipcRenderer.invoke(CANCEL_CHANNEL, jobId);
    },
  }),
);
