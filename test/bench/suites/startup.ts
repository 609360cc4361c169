import type { Pair } from '../harness.js';
import { CLI_BUNDLE } from '../paths.js';

/** How long the CLI takes to start and answer, against a bare Node start. */
export function startupPairs(): Pair[] {
  return [
    {
      name: 'CLI start-up: certdesk --version',
      certdesk: { label: 'certdesk --version', cmd: process.execPath, args: [CLI_BUNDLE, '--version'] },
      reference: { label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
      runs: 15,
    },
  ];
}
