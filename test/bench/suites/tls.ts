/**
 * TLS check speed: one check of a loopback server against one `openssl s_client`, and a batch of 200
 * loopback endpoints (`certdesk tls scan`) against 200 sequential `openssl s_client` runs (target:
 * at most a quarter of the time), plus wall time and peak memory of the batch at concurrency 1, 16, 64,
 * and where the batch's time goes: Node's start-up with the tls bundle (a scan of an empty list), the
 * batch without it, and what a bare Node TLS client needs for the same 200 handshakes (Node's floor).
 * The servers live in their own Node process: the harness times commands with spawnSync, which
 * blocks this process's event loop.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueLeaf, makeTestCa } from '../../servers/tls-pki.js';
import type { NoteRow, Pair } from '../harness.js';
import { CLI_BUNDLE } from '../paths.js';

const ENDPOINTS = 200;

// 200 TLS servers on 127.0.0.1 in one process; prints their ports as JSON, then serves until killed.
const SERVERS = `
const tls = require('node:tls');
const fs = require('node:fs');
const [count, cert, key] = process.argv.slice(1);
const opts = { cert: fs.readFileSync(cert), key: fs.readFileSync(key) };
const ports = [];
let open = 0;
for (let i = 0; i < Number(count); i++) {
  const s = tls.createServer(opts, (c) => { c.on('error', () => {}); c.once('data', () => c.end('HTTP/1.1 200 OK\\r\\nContent-Length: 0\\r\\n\\r\\n')); });
  s.on('tlsClientError', () => {});
  s.listen(0, '127.0.0.1', () => { ports.push(s.address().port); if (++open === Number(count)) console.log(JSON.stringify(ports)); });
}
`;

// The same 200 handshakes with nothing else: 64 at a time, one secure context, no recording, no judging.
const BARE_CLIENT = `
const tls = require('node:tls');
const [ports, ca] = [JSON.parse(process.argv[1]), require('node:fs').readFileSync(process.argv[2])];
const secureContext = tls.createSecureContext({ ca });
let next = 0;
const one = (port) => new Promise((done) => {
  const s = tls.connect({ host: '127.0.0.1', port, secureContext, rejectUnauthorized: false });
  s.once('secureConnect', () => { s.destroy(); done(); });
  s.once('error', done);
});
const slot = async () => { while (next < ports.length) await one(ports[next++]); };
Promise.all(Array.from({ length: 64 }, slot));
`;

interface Setup {
  dir: string;
  root: string;
  ports: number[];
  targets: string;
  servers: ChildProcess;
}

let setup: Promise<Setup> | undefined;

async function start(): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-bench-tls-'));
  const ca = makeTestCa(dir);
  issueLeaf(ca, 'loop', { san: 'IP:127.0.0.1' });
  const servers = spawn(process.execPath, ['-e', SERVERS, String(ENDPOINTS), join(dir, 'loop-chain.pem'), join(dir, 'loop.key')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ports = await new Promise<number[]>((resolve, reject) => {
    let out = '';
    servers.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(JSON.parse(out) as number[]);
    });
    servers.once('exit', (code) => reject(new Error(`the loopback servers stopped (exit ${code})`)));
  });
  const targets = join(dir, 'targets.txt');
  writeFileSync(targets, ports.map((p) => `127.0.0.1:${p}`).join('\n'));
  // The servers must not keep the bench alive: stop them with the bench, whatever suite ran last.
  servers.unref();
  (servers.stdout as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.();
  process.once('exit', () => stop({ dir, servers }));
  return { dir, root: join(dir, ca.root), ports, targets, servers };
}

function stop(s: Pick<Setup, 'dir' | 'servers'>): void {
  if (s.servers.exitCode === null) s.servers.kill();
  rmSync(s.dir, { recursive: true, force: true });
}

const certdeskEnv = (s: Setup) => ({ CERTDESK_HOME: join(s.dir, 'home') });

/** The two pairs: one check, and the 200-endpoint batch at concurrency 64. */
export async function tlsPairs(): Promise<Pair[]> {
  const s = await (setup ??= start());
  const port = String(s.ports[0]);
  const sClient = (p: number | string) => `openssl s_client -connect 127.0.0.1:${p} -CAfile ${s.root} </dev/null >/dev/null 2>&1`;
  return [
    {
      name: 'TLS: one check of a loopback server',
      certdesk: { label: 'certdesk tls check 127.0.0.1:PORT --ca root.pem', cmd: process.execPath, args: [CLI_BUNDLE, 'tls', 'check', `127.0.0.1:${port}`, '--ca', s.root], env: certdeskEnv(s) },
      reference: { label: 'openssl s_client -connect 127.0.0.1:PORT </dev/null', cmd: 'sh', args: ['-c', sClient(port)] },
      runs: 10,
    },
    {
      name: `TLS: batch of ${ENDPOINTS} loopback endpoints (target ≤ 0.25)`,
      certdesk: { label: `certdesk tls scan targets.txt --ca root.pem --concurrency 64`, cmd: process.execPath, args: [CLI_BUNDLE, 'tls', 'scan', s.targets, '--ca', s.root, '--concurrency', '64', '--json'], env: certdeskEnv(s) },
      reference: { label: `${ENDPOINTS} × openssl s_client, one after another`, cmd: 'sh', args: ['-c', `for p in ${s.ports.join(' ')}; do ${sClient('$p')}; done`] },
      runs: 3,
    },
  ];
}

function wallMs(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): number {
  const begin = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.slice(0, 3).join(' ')} failed (exit ${r.status}): ${r.stderr.toString().slice(0, 400)}`);
  return Number(process.hrtime.bigint() - begin) / 1e6;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/**
 * Where the batch's time goes, from alternating runs: the batch, Node's start-up with the tls bundle
 * (a scan of an empty list), a bare Node TLS client doing the same handshakes, and the reference.
 */
function timeSplit(s: Setup): NoteRow[] {
  const empty = join(s.dir, 'empty.txt');
  writeFileSync(empty, '');
  const scan = (list: string) => [CLI_BUNDLE, 'tls', 'scan', list, '--ca', s.root, '--concurrency', '64', '--json'];
  const t = { batch: [] as number[], startup: [] as number[], bare: [] as number[], reference: [] as number[] };
  for (let i = 0; i < 5; i++) {
    t.batch.push(wallMs(process.execPath, scan(s.targets), certdeskEnv(s)));
    t.startup.push(wallMs(process.execPath, scan(empty), certdeskEnv(s)));
    t.bare.push(wallMs(process.execPath, ['-e', BARE_CLIENT, JSON.stringify(s.ports), s.root]));
    if (i < 3) t.reference.push(wallMs('sh', ['-c', `for p in ${s.ports.join(' ')}; do openssl s_client -connect 127.0.0.1:$p -CAfile ${s.root} </dev/null >/dev/null 2>&1; done`]));
  }
  const [batch, startup, bare, reference] = [median(t.batch), median(t.startup), median(t.bare), median(t.reference)];
  const of = (ms: number) => `${ms.toFixed(0)} ms (×${(ms / reference).toFixed(2)} of the reference's ${reference.toFixed(0)} ms)`;
  const rows: NoteRow[] = [
    { name: `TLS batch of ${ENDPOINTS}: the whole command`, value: of(batch) },
    { name: `TLS batch of ${ENDPOINTS}: Node start-up with the tls bundle (scan of an empty list)`, value: of(startup) },
    { name: `TLS batch of ${ENDPOINTS}: in-process (whole command − start-up)`, value: of(batch - startup) },
    { name: `TLS batch of ${ENDPOINTS}: Node's floor (bare Node TLS client, same handshakes at 64, start-up included)`, value: of(bare) },
  ];
  for (const r of rows) console.log(`${r.name}: ${r.value}`);
  return rows;
}

/** Where the batch's time goes; wall time and peak memory (RSS, from /usr/bin/time) of the 200-endpoint batch at concurrency 1, 16 and 64. */
export async function tlsNotes(): Promise<NoteRow[]> {
  const s = await (setup ??= start());
  const rows: NoteRow[] = timeSplit(s);
  const timeTool = existsSync('/usr/bin/time');
  for (const n of [1, 16, 64]) {
    const args = [CLI_BUNDLE, 'tls', 'scan', s.targets, '--ca', s.root, '--concurrency', String(n), '--json'];
    const begin = process.hrtime.bigint();
    const r = timeTool
      ? spawnSync('/usr/bin/time', ['-f', 'maxrss_kib=%M', process.execPath, ...args], { env: { ...process.env, ...certdeskEnv(s) }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 })
      : spawnSync(process.execPath, args, { env: { ...process.env, ...certdeskEnv(s) }, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    const ms = Number(process.hrtime.bigint() - begin) / 1e6;
    if (r.status !== 0) throw new Error(`tls scan at concurrency ${n} failed (exit ${r.status}): ${r.stderr.toString().slice(0, 400)}`);
    const checked = (JSON.parse(r.stdout.toString()) as { checked: number }).checked;
    const kib = /maxrss_kib=(\d+)/.exec(r.stderr.toString())?.[1];
    const value = `${(ms / 1000).toFixed(2)} s wall, ${kib ? `${(Number(kib) / 1024).toFixed(0)} MiB peak RSS` : 'peak RSS not measured (no /usr/bin/time)'}, ${checked} checked`;
    console.log(`tls scan of ${ENDPOINTS} at concurrency ${n}: ${value}`);
    rows.push({ name: `TLS batch of ${ENDPOINTS} at concurrency ${n}`, value });
  }
  stop(s);
  setup = undefined;
  return rows;
}
