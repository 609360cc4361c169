import type { BrowserWindow, Dialog } from 'electron';
import type { Result } from '../../shared/errors.js';
import type { PlatformHandlers } from './ipc.js';

interface FileFilter {
  name: string;
  extensions: string[];
}

/** Native dialogs and the OS browser, for the renderer's platform operations. */
export function platformHandlers(
  window: () => BrowserWindow | undefined,
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog'>,
  openExternal: (url: string) => void,
): PlatformHandlers {
  const picked = (path: string | undefined): Result<{ path: string | null }> => ({ ok: true, value: { path: path ?? null } });
  return {
    'dialog.openFile': async (input) => {
      const { title, filters } = input as { title: string; filters?: FileFilter[] };
      const w = window();
      const opts = { title, properties: ['openFile' as const], filters: filters ?? [] };
      const res = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return picked(res.canceled ? undefined : res.filePaths[0]);
    },
    'dialog.openFolder': async (input) => {
      const { title } = input as { title: string };
      const w = window();
      const opts = { title, properties: ['openDirectory' as const] };
      const res = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return picked(res.canceled ? undefined : res.filePaths[0]);
    },
    'dialog.saveFile': async (input) => {
      const { title, defaultName, filters } = input as { title: string; defaultName?: string; filters?: FileFilter[] };
      const w = window();
      const opts = { title, filters: filters ?? [], ...(defaultName ? { defaultPath: defaultName } : {}) };
      const res = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
      return picked(res.canceled ? undefined : res.filePath);
    },
    'shell.openExternal': async (input) => {
      openExternal((input as { url: string }).url);
      return { ok: true, value: {} };
    },
  };
}

/** The native "may Certdesk write these typed paths?" question (see ConfirmWrite in ipc.ts). */
export function confirmTypedWrite(window: () => BrowserWindow | null | undefined, dialog: Pick<Dialog, 'showMessageBox'>): (paths: string[]) => Promise<boolean> {
  return async (paths) => {
    const opts = {
      type: 'question' as const,
      buttons: ['Write', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      title: 'Certdesk',
      message: paths.length === 1 ? 'Write this file?' : `Write these ${paths.length} files?`,
      detail: `${paths.join('\n')}\n\nYou typed ${paths.length === 1 ? 'this path' : 'these paths'} instead of choosing with Browse….`,
    };
    const w = window();
    const res = w ? await dialog.showMessageBox(w, opts) : await dialog.showMessageBox(opts);
    return res.response === 0;
  };
}
