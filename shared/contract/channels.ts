import type { OpNameFromList as OpName } from './names.js';

/** The ipc channel of one operation. */
export function opChannel(name: OpName): string {
  return `certdesk:op:${name}`;
}
export const PROGRESS_CHANNEL = 'certdesk:progress';
export const CANCEL_CHANNEL = 'certdesk:cancel';

/** The origin the app's pages are served from; only frames from it may call the contract. */
export const APP_ORIGIN = 'app://certdesk';
