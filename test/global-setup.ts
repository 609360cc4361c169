import { execFileSync } from 'node:child_process';
import { clearSweepRecords } from './helpers/secrets.js';

/** Builds the Node bundles (CLI, main, core worker, preload) once, so tests run what users run; a new run starts the secrets sweep's records afresh. */
export default function setup(): void {
  clearSweepRecords();
  execFileSync(process.execPath, ['scripts/build.mjs', '--node', '--quiet'], { stdio: 'inherit' });
}
