import type { ClipboardPort } from '../../electron/core/deps.js';

/** An in-memory clipboard for the harness (a browser page has no system clipboard the core may use): what was last copied, and how often. */
export interface MemoryClipboard extends ClipboardPort {
  text: string;
  writes: number;
}

/** A plain object standing in for the system clipboard, passed to createCoreDeps as `clipboard`. */
export function createMemoryClipboard(): MemoryClipboard {
  const board: MemoryClipboard = {
    text: '',
    writes: 0,
    writeText(text: string) {
      board.text = text;
      board.writes++;
    },
    readText() {
      return board.text;
    },
  };
  return board;
}
