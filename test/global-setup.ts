import { execFileSync } from 'node:child_process';

/** Builds the CLI bundle once, so tests run the same `certdesk` a user runs. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--cli', '--quiet'], { stdio: 'inherit' });
}
