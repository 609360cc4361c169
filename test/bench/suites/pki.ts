/**
 * Certificates: a whole `certdesk cert create` / `pfx create` process against the same job done by
 * openssl, and how responsive Certdesk's core stays while it generates an RSA 4096 key.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createTestCore } from '../../helpers/core.js';
import type { NoteRow, Pair } from '../harness.js';
import { CLI_BUNDLE } from '../paths.js';

const PASS = 'bench pass';
// Made on first use, so importing this suite for another run leaves nothing behind; pkiNotes removes it.
let dir: string | undefined;
const at = (name: string) => join((dir ??= mkdtempSync(join(tmpdir(), 'certdesk-bench-pki-'))), name);
const env = () => ({ CERTDESK_HOME: at('home'), PASS });
const removing = (...names: string[]) => () => names.forEach((n) => rmSync(at(n), { force: true }));

function selfSigned(label: string, certdeskKey: string, opensslKey: string[], runs: number): Pair {
  const tag = certdeskKey.replace(':', '');
  return {
    name: `self-signed certificate, ${label} (whole process)`,
    certdesk: {
      label: `certdesk cert create --key ${certdeskKey}`,
      cmd: process.execPath,
      args: [CLI_BUNDLE, 'cert', 'create', '--cn', 'bench.example.com', '--key', certdeskKey, '--days', '365', '--out-cert', at(`cd-${tag}.crt`), '--out-key', at(`cd-${tag}.key`)],
      env: env(),
      prepare: removing(`cd-${tag}.crt`, `cd-${tag}.key`),
    },
    reference: {
      label: `openssl req -x509 -newkey ${opensslKey.join(' ')} -nodes`,
      cmd: 'openssl',
      args: ['req', '-x509', '-newkey', ...opensslKey, '-nodes', '-keyout', at(`os-${tag}.key`), '-out', at(`os-${tag}.crt`), '-days', '365',
        '-subj', '/CN=bench.example.com', '-addext', 'subjectAltName=DNS:bench.example.com'],
      prepare: removing(`os-${tag}.crt`, `os-${tag}.key`),
    },
    runs,
  };
}

/** A whole `certdesk cert create` against a bare Node start: what the CLI adds (target: EC P-256 within 1.8x). */
function againstNode(): Pair {
  return {
    name: 'self-signed certificate, EC P-256 (whole process) against a bare Node start',
    certdesk: {
      label: 'certdesk cert create --key ec:p256',
      cmd: process.execPath,
      args: [CLI_BUNDLE, 'cert', 'create', '--cn', 'x', '--key', 'ec:p256', '--days', '365', '--out-cert', at('n-ec.crt'), '--out-key', at('n-ec.key')],
      env: env(),
      prepare: removing('n-ec.crt', 'n-ec.key'),
    },
    reference: { label: 'node -e 0', cmd: process.execPath, args: ['-e', '0'] },
    runs: 15,
  };
}

/** RSA 3072 with the same subject and no SAN on the openssl side, as a user would type it (target: within 1.3x). */
function rsa3072(): Pair {
  return {
    name: 'self-signed certificate, RSA 3072 (whole process), plain openssl req',
    certdesk: {
      label: 'certdesk cert create --key rsa:3072',
      cmd: process.execPath,
      args: [CLI_BUNDLE, 'cert', 'create', '--cn', 'x', '--key', 'rsa:3072', '--days', '365', '--out-cert', at('cd-3072.crt'), '--out-key', at('cd-3072.key')],
      env: env(),
      prepare: removing('cd-3072.crt', 'cd-3072.key'),
    },
    reference: {
      label: 'openssl req -x509 -newkey rsa:3072 -nodes -subj /CN=x -days 365',
      cmd: 'openssl',
      args: ['req', '-x509', '-newkey', 'rsa:3072', '-nodes', '-subj', '/CN=x', '-days', '365', '-keyout', at('os-3072.key'), '-out', at('os-3072.crt')],
      prepare: removing('os-3072.crt', 'os-3072.key'),
    },
    // RSA key generation time varies a lot from run to run (prime search): more runs for a stable median.
    runs: 15,
  };
}

/** The pairs: RSA 2048, RSA 3072, RSA 4096 (few runs: each takes seconds), EC P-256 (also against bare Node), and .pfx creation. */
export function pkiPairs(): Pair[] {
  // The same certificate and key for both .pfx builders, made once by openssl.
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('in.key'), '-out', at('in.crt'), '-days', '365', '-subj', '/CN=pfx.example.com'], { stdio: 'ignore' });
  return [
    selfSigned('RSA 2048', 'rsa:2048', ['rsa:2048'], 10),
    selfSigned('RSA 4096', 'rsa:4096', ['rsa:4096'], 3),
    selfSigned('EC P-256', 'ec:p256', ['ec', '-pkeyopt', 'ec_paramgen_curve:P-256'], 10),
    againstNode(),
    rsa3072(),
    {
      name: '.pfx from certificate + key, modern profile (whole process)',
      certdesk: {
        label: 'certdesk pfx create',
        cmd: process.execPath,
        args: [CLI_BUNDLE, 'pfx', 'create', '--cert', at('in.crt'), '--key', at('in.key'), '--out', at('cd.pfx'), '--password-env', 'PASS'],
        env: env(),
        prepare: removing('cd.pfx'),
      },
      reference: {
        label: 'openssl pkcs12 -export',
        cmd: 'openssl',
        args: ['pkcs12', '-export', '-in', at('in.crt'), '-inkey', at('in.key'), '-out', at('os.pfx'), '-passout', 'env:PASS'],
        env: env(),
        prepare: removing('os.pfx'),
      },
      runs: 10,
    },
  ];
}

/**
 * Event-loop delay in this Node process while the core's pki.createSelfSigned makes an RSA 4096
 * certificate (what the app's core process lives through), beside the same key made synchronously.
 */
export async function pkiNotes(): Promise<NoteRow[]> {
  const core = createTestCore();
  const runs: { ms: number; maxDelay: number }[] = [];
  try {
    for (let i = 0; i < 3; i++) {
      const h = monitorEventLoopDelay({ resolution: 10 });
      removing('loop.crt', 'loop.key')();
      h.enable();
      await new Promise((r) => setTimeout(r, 50));
      const started = performance.now();
      const res = await core.services['pki.createSelfSigned']({ cn: 'loop.example.com', key: 'rsa:4096', days: 1, output: { kind: 'pem', certPath: at('loop.crt'), keyPath: at('loop.key') } });
      const ms = performance.now() - started;
      h.disable();
      if (!res.ok) throw new Error(res.error.message);
      runs.push({ ms, maxDelay: h.max / 1e6 });
    }
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    // Let the histogram's timer run first: it measures how late each tick comes, from the previous one.
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    generateKeyPairSync('rsa', { modulusLength: 4096 });
    const syncMs = performance.now() - started;
    // One more tick so the histogram sees the stall it just lived through.
    await new Promise((r) => setTimeout(r, 20));
    h.disable();
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
    return [
      {
        name: 'RSA 4096 self-signed in the core (pki.createSelfSigned, in-process): max event-loop delay',
        value: `${median(runs.map((r) => r.maxDelay)).toFixed(1)} ms (median of ${runs.length}; worst ${Math.max(...runs.map((r) => r.maxDelay)).toFixed(1)} ms) while generation took ${median(runs.map((r) => r.ms)).toFixed(0)} ms`,
      },
      {
        name: 'for comparison: the same key with generateKeyPairSync (blocking)',
        value: `max event-loop delay ${(h.max / 1e6).toFixed(1)} ms for ${syncMs.toFixed(0)} ms of generation`,
      },
    ];
  } finally {
    core.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  }
}
