/**
 * `vault run`: a program started with credentials' fields in its environment, never on its argv (no
 * shell either, so nothing is re-parsed), its exit status handed back. The command line only: the
 * window may not call it (electron/main/renderer-grants.ts).
 */
import { spawn } from 'node:child_process';
import type { JobContext } from '../deps.js';
import { CertdeskError } from '../errors.js';

/** The default variable of a field: CERTDESK_<NAME>_<FIELD> (`xm prod`, clientSecret → CERTDESK_XM_PROD_CLIENT_SECRET). */
export function defaultEnvName(name: string, field: string): string {
  const part = (s: string): string => s.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toUpperCase();
  return `CERTDESK_${part(name)}_${part(field.replace(/([a-z0-9])([A-Z])/g, '$1_$2'))}`;
}

/** Runs `command` with `args` and `env` (added to the host's environment); resolves with its exit. */
export function runWithEnv(
  command: string,
  args: readonly string[],
  baseEnv: Record<string, string | undefined>,
  env: Record<string, string>,
  ctx: Pick<JobContext, 'signal'>,
): Promise<{ exitCode: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env: { ...baseEnv, ...env }, stdio: 'inherit', shell: false, windowsHide: true });
    const stop = (): void => void child.kill('SIGTERM');
    ctx.signal.addEventListener('abort', stop, { once: true });
    child.once('error', (err: NodeJS.ErrnoException) => {
      ctx.signal.removeEventListener('abort', stop);
      if (err.code === 'ENOENT') reject(new CertdeskError('FILE_NOT_FOUND', `The command was not found: ${command}`, 'Give its full path, or check PATH.'));
      else if (err.code === 'EACCES') reject(new CertdeskError('IO_ERROR', `The command may not be run: ${command}`, 'Check that it is an executable this user may run.'));
      else reject(err);
    });
    child.once('exit', (exitCode, signal) => {
      ctx.signal.removeEventListener('abort', stop);
      resolve({ exitCode, signal });
    });
  });
}
