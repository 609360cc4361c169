import { execFileSync } from 'node:child_process';

/** Builds the Node bundles (CLI, main, core worker, preload) once, so tests run what users run. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--node', '--quiet'], { stdio: 'inherit' });
}
