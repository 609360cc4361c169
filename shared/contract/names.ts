/**
 * Every operation name, without the schemas: the preload builds window.certdesk from this list so
 * it stays tiny. `index.ts` checks at compile time that it equals the contract's keys exactly.
 */
export const OP_NAMES = ['app.info', 'dialog.openFile', 'dialog.saveFile', 'dialog.openFolder', 'shell.openExternal'] as const;

export type OpNameFromList = (typeof OP_NAMES)[number];
