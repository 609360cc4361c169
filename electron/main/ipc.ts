import { isAbsolute } from 'node:path';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { coreContract, isOpName, OP_NAMES, validateInput, type CallOptions, type OpName, type PlatformOpName } from '../../shared/contract/index.js';
import { APP_ORIGIN, CANCEL_CHANNEL, opChannel, PROGRESS_CHANNEL } from '../../shared/contract/channels.js';
import type { ProgressEvent } from '../../shared/contract/define.js';
import type { Result } from '../../shared/errors.js';
import { JobTable } from '../core/jobs.js';
import type { Services } from '../core/services.js';
import { notChosen, refusedToRenderer, writtenPaths, type RendererGrants } from './renderer-grants.js';

/** The shell's own operations (dialogs, OS browser), implemented with Electron in main.ts. */
export type PlatformHandlers = {
  [N in PlatformOpName]: (input: unknown, event: IpcMainInvokeEvent) => Promise<Result<unknown>>;
};

/** True when the call comes from the app's own main frame, not a subframe or a foreign page. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame'>): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

const forbidden: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN_SENDER', message: 'This call did not come from the Certdesk window and was refused.' },
};

function isCoreOp(name: OpName): name is keyof Services {
  return Object.prototype.hasOwnProperty.call(coreContract, name);
}

/** Runs a dialog or the OS browser, keeping the session's grants: what the person picked, which links may open. */
async function runPlatform(name: PlatformOpName, input: unknown, event: IpcMainInvokeEvent, platform: PlatformHandlers, grants: RendererGrants): Promise<Result<unknown>> {
  switch (name) {
    case 'shell.openExternal':
      if (!grants.mayOpen((input as { url: string }).url))
        return { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'Certdesk opens only links it found itself.' } };
      return platform[name](input, event);
    case 'dialog.openFile':
    case 'dialog.saveFile':
    case 'dialog.openFolder': {
      const res = await platform[name](input, event);
      const path = res.ok ? (res.value as { path: string | null }).path : null;
      if (path) grants.choose(name === 'dialog.openFolder' ? 'folder' : 'file', path);
      return res;
    }
    default: {
      const never: never = name;
      return never;
    }
  }
}

/**
 * Asks the person, in a native dialog the page cannot answer, whether Certdesk may write paths they
 * typed instead of picking with Browse…; true grants them for the session.
 */
export type ConfirmWrite = (paths: string[]) => Promise<boolean>;

/** Registers one ipc handler per contract operation: sender check → schema validation → grants → call → Result. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle'>,
  services: Services,
  platform: PlatformHandlers,
  grants: RendererGrants,
  confirmWrite?: ConfirmWrite,
): void {
  const jobs = new JobTable();
  for (const name of OP_NAMES) {
    ipcMain.handle(opChannel(name), async (event, payload: unknown, rawOptions: unknown): Promise<Result<unknown>> => {
      if (!isTrustedSender(event) || !isOpName(name)) return forbidden;
      const valid = validateInput(name, payload);
      if (!valid.ok) return valid;
      const refused = refusedToRenderer(name);
      if (refused) return refused;
      if (!isCoreOp(name)) return runPlatform(name as PlatformOpName, valid.value, event, platform, grants);
      const unchosen = writtenPaths(coreContract[name], valid.value).filter((p) => !grants.mayWrite(p));
      if (unchosen.length > 0) {
        // A typed path is fine once the person confirms it outside the page; relative paths never are.
        const askable = unchosen.every((p) => isAbsolute(p));
        if (!askable || !confirmWrite || !(await confirmWrite(unchosen))) return notChosen(unchosen[0] ?? '');
        for (const p of unchosen) grants.choose('file', p);
      }
      const options = (typeof rawOptions === 'object' && rawOptions !== null ? rawOptions : {}) as CallOptions;
      const jobId = typeof options.jobId === 'string' && options.jobId.length <= 100 ? options.jobId : undefined;
      // Events go back only when the page named the job: it is the page's handle to follow and cancel it.
      const emit = jobId
        ? (progress: ProgressEvent) => {
            if (!event.sender.isDestroyed()) event.sender.send(PROGRESS_CHANNEL, progress);
          }
        : undefined;
      const result = await jobs.run<Result<unknown>>(jobId, emit, (ctx) => services[name](valid.value, ctx));
      if (result.ok) grants.recordOutput(result.value);
      return result;
    });
  }
  ipcMain.handle(CANCEL_CHANNEL, (event, jobId: unknown) => {
    if (!isTrustedSender(event)) return forbidden;
    if (typeof jobId === 'string') jobs.cancel(jobId);
    return { ok: true, value: {} };
  });
}
