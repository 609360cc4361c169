import type { Pair } from '../harness.js';
import { CLI_BUNDLE } from '../paths.js';

const NODE = { label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] };

/** How long the CLI takes to start and answer, against a bare Node start (target: within 1.5x). */
export function startupPairs(): Pair[] {
  return [
    {
      name: 'CLI start-up: certdesk --version',
      certdesk: { label: 'certdesk --version', cmd: process.execPath, args: [CLI_BUNDLE, '--version'] },
      reference: NODE,
      runs: 15,
    },
    {
      name: 'CLI start-up: certdesk --help',
      certdesk: { label: 'certdesk --help', cmd: process.execPath, args: [CLI_BUNDLE, '--help'] },
      reference: NODE,
      runs: 15,
    },
  ];
}
