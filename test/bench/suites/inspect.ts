/**
 * Inspect of a large PEM bundle: a whole `certdesk inspect` process against openssl reading the same
 * file, and how Certdesk's time grows from 1,000 to 10,000 certificates (linear work: about 10x).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeBundle } from '../../unit/core/pki/bundle.js';
import type { NoteRow, Pair } from '../harness.js';
import { CLI_BUNDLE } from '../paths.js';

// Made on first use, so importing this suite for another run leaves nothing behind; inspectNotes removes it.
let dir: string | undefined;
const at = (name: string) => join((dir ??= mkdtempSync(join(tmpdir(), 'certdesk-bench-inspect-'))), name);
const env = () => ({ CERTDESK_HOME: at('home') });

function bundle(count: number): string {
  const file = at(`bundle-${count}.pem`);
  writeFileSync(file, makeBundle(count));
  return file;
}

function inspectSide(file: string, count: number) {
  return { label: `certdesk inspect (${count.toLocaleString('en-US')} certificates)`, cmd: process.execPath, args: [CLI_BUNDLE, 'inspect', file], env: env() };
}

/** certdesk inspect vs openssl on one 10,000-certificate bundle. */
export function inspectPairs(): Pair[] {
  const file = bundle(10_000);
  return [{
    name: 'inspect a 10,000-certificate PEM bundle (whole process)',
    certdesk: inspectSide(file, 10_000),
    reference: {
      label: 'openssl crl2pkcs7 -nocrl -certfile bundle.pem | openssl pkcs7 -print_certs -noout',
      cmd: 'sh',
      args: ['-c', 'openssl crl2pkcs7 -nocrl -certfile "$1" | openssl pkcs7 -print_certs -noout >/dev/null', 'sh', file],
    },
    runs: 5,
  }];
}

function medianMs(cmd: string, args: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { env: { ...process.env, ...env() }, stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr.toString().slice(0, 300)}`);
    if (i > 0) times.push(Number(process.hrtime.bigint() - start) / 1e6); // the first run warms the cache
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? 0;
}

/** Growth of Certdesk's inspect time from 1,000 to 10,000 certificates, and the bare Node start-up to subtract. */
export async function inspectNotes(): Promise<NoteRow[]> {
  try {
    const small = medianMs(process.execPath, [CLI_BUNDLE, 'inspect', bundle(1000)], 5);
    const large = medianMs(process.execPath, [CLI_BUNDLE, 'inspect', at('bundle-10000.pem')], 5);
    const bare = medianMs(process.execPath, ['-e', '0'], 5);
    return [
      { name: 'certdesk inspect, 1,000 → 10,000 certificates (whole process)', value: `${small.toFixed(0)} ms → ${large.toFixed(0)} ms (×${(large / small).toFixed(1)})` },
      { name: 'the same without Node start-up (minus `node -e 0`)', value: `${(small - bare).toFixed(0)} ms → ${(large - bare).toFixed(0)} ms (×${((large - bare) / (small - bare)).toFixed(1)})` },
    ];
  } finally {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  }
}
