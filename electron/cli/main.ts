import { JobTable } from '../core/jobs.js';
import { runCli } from './run.js';
import { promptHidden } from './prompt.js';

// Ctrl-C cancels the running job (it stops cleanly, nothing half-written); a second one, or one while
// nothing runs, exits at once.
const jobs = new JobTable();

// The process entry of the `certdesk` binary: real stdio, real environment.
const io = {
  jobs,
  stdout: (t: string) => void process.stdout.write(t),
  stderr: (t: string) => void process.stderr.write(t),
  env: process.env,
  columns: process.stdout.isTTY ? process.stdout.columns : undefined,
  readStdin: async (maxBytes: number) => {
    const chunks: Buffer[] = [];
    let total = 0;
    for await (const c of process.stdin) {
      chunks.push(c as Buffer);
      total += (c as Buffer).length;
      // One byte past the cap is enough to say it is too long; nothing more is read.
      if (total > maxBytes) break;
    }
    return Buffer.concat(chunks).subarray(0, maxBytes + 1).toString('utf8');
  },
  // stderr first: when it is not a terminal (scripts), the stdin stream (a file or pipe reader, which
  // costs start-up time) is never built; only --NAME-stdin and the prompt read stdin.
  ...(process.stderr.isTTY && process.stdin.isTTY ? { prompt: promptHidden } : {}),
};

let interrupted = false;
process.on('SIGINT', () => {
  if (interrupted || jobs.size === 0) process.exit(130);
  interrupted = true;
  jobs.cancelAll();
});

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`certdesk: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
