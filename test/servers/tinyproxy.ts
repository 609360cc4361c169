/** A real HTTP CONNECT proxy (Debian tinyproxy) on a free loopback port, with its log readable. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, type Running } from './tls-servers.js';

export interface Proxy extends Running {
  log(): string;
}

export const TINYPROXY = '/usr/bin/tinyproxy';

/** Starts tinyproxy in the foreground with a config in `dir`; resolves once it listens. */
export async function startTinyproxy(dir: string): Promise<Proxy> {
  const port = await freePort();
  const logFile = join(dir, `tinyproxy-${port}.log`);
  const conf = join(dir, `tinyproxy-${port}.conf`);
  writeFileSync(conf, [`Port ${port}`, 'Listen 127.0.0.1', 'Timeout 20', 'MaxClients 20', 'Allow 127.0.0.1', `LogFile "${logFile}"`, 'LogLevel Info', `PidFile "${join(dir, `tinyproxy-${port}.pid`)}"`, ''].join('\n'));
  const proc: ChildProcess = spawn(TINYPROXY, ['-d', '-c', conf], { stdio: 'ignore' });
  const log = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');
  const t0 = Date.now();
  while (!/listening on|Now running/i.test(log())) {
    if (proc.exitCode !== null) throw new Error(`tinyproxy exited ${proc.exitCode}: ${log()}`);
    if (Date.now() - t0 > 10_000) throw new Error(`tinyproxy did not start: ${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port,
    log,
    close: () => new Promise<void>((done) => { if (proc.exitCode !== null) done(); else { proc.once('exit', () => done()); proc.kill(); } }),
  };
}
