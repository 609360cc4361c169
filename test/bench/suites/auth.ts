/**
 * Auth test speed: one authenticated call to a loopback server, whole process, against the equivalent
 * curl (Basic, Digest, SigV4); and "Test all" over 100 saved tests against loopback servers at the
 * default concurrency. The servers (test/servers/auth-servers.ts) run in their own Node process: the
 * harness times commands with spawnSync, which blocks this process's event loop. The saved tests use
 * no vault credential (the bench runs without a Secret Service), so they time the calls, not the keychain.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NoteRow, Pair } from '../harness.js';
import { CLI_BUNDLE } from '../paths.js';
import { SECRETS } from '../../servers/auth-servers.js';

const SAVED_TESTS = 100;
const SERVERS = 4;
const S = SECRETS;

interface Setup {
  dir: string;
  origins: string[];
  servers: ChildProcess;
}

let setup: Promise<Setup> | undefined;

async function start(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-bench-auth-'));
  const servers = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', String(SERVERS)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const origins = await new Promise<string[]>((resolve, reject) => {
    let out = '';
    servers.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out) as string[]);
    });
    servers.once('exit', (code) => reject(new Error(`the loopback auth servers stopped (exit ${code})`)));
  });
  servers.unref();
  (servers.stdout as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.();
  process.once('exit', () => stop({ dir, servers }));
  // 100 saved tests, written as the metadata store keeps them (saving each through the CLI would time the saves).
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const now = new Date().toISOString();
  const records = Array.from({ length: SAVED_TESTS }, (_, i) => ({
    name: `test ${String(i).padStart(3, '0')}`,
    request: { method: 'GET', url: `${origins[i % origins.length] ?? ''}/none?i=${i}`, headers: [], body: { type: 'none' } },
    credentialName: null,
    trust: { kind: 'bundled' },
    timeoutMs: 15000,
    followRedirects: true,
    allowPlainHttp: false,
    created: now,
    updated: now,
    lastResult: null,
  }));
  writeFileSync(join(home, 'auth-tests.json'), `${JSON.stringify({ version: 1, records }, null, 2)}\n`);
  return { dir, origins, servers };
}

function stop(s: Pick<Setup, 'dir' | 'servers'>): void {
  if (s.servers.exitCode === null) s.servers.kill();
  rmSync(s.dir, { recursive: true, force: true });
}

const certdeskEnv = (s: Setup) => ({ CERTDESK_HOME: join(s.dir, 'home'), PW: S.password, AWS_SECRET: S.secretAccessKey });

/** One authenticated call per scheme: certdesk auth test against curl. */
export async function authPairs(): Promise<Pair[]> {
  const s = await (setup ??= start());
  const origin = s.origins[0] ?? '';
  const certdesk = (path: string, args: string[]) => ({ label: `certdesk auth test ${path} ${args.filter((a) => a.startsWith('--')).join(' ')}`, cmd: process.execPath, args: [CLI_BUNDLE, 'auth', 'test', `${origin}${path}`, ...args], env: certdeskEnv(s) });
  const curl = (label: string, args: string[]) => ({ label: `curl ${label}`, cmd: 'curl', args: ['-sf', '-o', '/dev/null', ...args] });
  const userField = ['--field', `user=${S.user}`, '--secret-env', 'password=PW'];
  return [
    { name: 'Auth: one Basic call (loopback)', certdesk: certdesk('/basic', ['--scheme', 'basic', ...userField]), reference: curl('--basic -u USER:PASS', ['--basic', '-u', `${S.user}:${S.password}`, `${origin}/basic`]), runs: 10 },
    { name: 'Auth: one Digest call (loopback, MD5, two rounds)', certdesk: certdesk('/digest', ['--scheme', 'digest', ...userField]), reference: curl('--digest -u USER:PASS', ['--digest', '-u', `${S.user}:${S.password}`, `${origin}/digest`]), runs: 10 },
    {
      name: 'Auth: one SigV4 call (loopback)',
      certdesk: certdesk('/sigv4', ['--scheme', 'aws-sigv4', '--field', `accessKeyId=${S.accessKeyId}`, '--field', `region=${S.region}`, '--field', `service=${S.service}`, '--secret-env', 'secretAccessKey=AWS_SECRET']),
      reference: curl('--aws-sigv4 aws:amz:REGION:SERVICE -u KEY:SECRET', ['--aws-sigv4', `aws:amz:${S.region}:${S.service}`, '-u', `${S.accessKeyId}:${S.secretAccessKey}`, `${origin}/sigv4`]),
      runs: 10,
    },
  ];
}

/** Wall time of `certdesk auth run-all` over the 100 saved tests at the default concurrency. */
export async function authNotes(): Promise<NoteRow[]> {
  const s = await (setup ??= start());
  const rows: NoteRow[] = [];
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const begin = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [CLI_BUNDLE, 'auth', 'run-all', '--json'], { env: { ...process.env, ...certdeskEnv(s) }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    times.push(Number(process.hrtime.bigint() - begin) / 1e6);
    if (r.status !== 0) throw new Error(`auth run-all failed (exit ${r.status}): ${r.stderr.toString().slice(0, 400)}`);
    const ran = (JSON.parse(r.stdout.toString()) as { rows: unknown[] }).rows.length;
    if (ran !== SAVED_TESTS) throw new Error(`auth run-all ran ${ran} tests, not ${SAVED_TESTS}`);
  }
  times.sort((a, b) => a - b);
  const value = `${((times[1] ?? 0) / 1000).toFixed(2)} s wall (median of 3; min ${((times[0] ?? 0) / 1000).toFixed(2)} s), ${SAVED_TESTS} tests over ${SERVERS} loopback servers`;
  console.log(`auth run-all of ${SAVED_TESTS} saved tests at concurrency 8: ${value}`);
  rows.push({ name: `Auth "Test all" over ${SAVED_TESTS} saved tests (concurrency 8)`, value });
  stop(s);
  setup = undefined;
  return rows;
}

// Run as `node --import tsx auth.ts --serve N`: starts N auth servers and prints their origins.
if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv[2] === '--serve') {
  const { startAuthServer } = await import('../../servers/auth-servers.js');
  const servers = await Promise.all(Array.from({ length: Number(process.argv[3] ?? 1) }, () => startAuthServer()));
  console.log(JSON.stringify(servers.map((x) => x.origin)));
}
