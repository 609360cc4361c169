/**
 * Apache httpd with mod_auth_digest (Debian's apache2-bin) as a real Digest MD5 server: a temp config,
 * one user in an htdigest file, run in the foreground (-X) on a free loopback port, stopped by its pid.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const APACHE_REALM = 'certdesk apache';
export const APACHE_USER = 'alice';
export const APACHE_PASSWORD = 'apache, "pass"';
const MODULES = '/usr/lib/apache2/modules';

export interface Apache {
  origin: string;
  errorLog(): string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

async function waitForPort(port: number, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`apache2 exited with ${child.exitCode}`);
    const up = await new Promise<boolean>((r) => {
      const c = connect(port, '127.0.0.1');
      c.once('connect', () => (c.destroy(), r(true)));
      c.once('error', () => r(false));
    });
    if (up) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('apache2 did not start listening in time');
}

/** Starts Apache; the htdigest line is user:realm:MD5(user:realm:password), as htdigest writes it. */
export async function startApacheDigest(): Promise<Apache> {
  const dir = mkdtempSync(join(tmpdir(), 'certdesk-apache-'));
  mkdirSync(join(dir, 'htdocs'));
  writeFileSync(join(dir, 'htdocs', 'me.json'), '{"user":"alice","ok":true}\n');
  writeFileSync(join(dir, 'htdigest'), `${APACHE_USER}:${APACHE_REALM}:${createHash('md5').update(`${APACHE_USER}:${APACHE_REALM}:${APACHE_PASSWORD}`).digest('hex')}\n`);
  const port = await freePort();
  const mods = ['mpm_event', 'authn_core', 'authn_file', 'authz_core', 'authz_user', 'auth_digest'].map((m) => `LoadModule ${m}_module ${MODULES}/mod_${m}.so`);
  writeFileSync(
    join(dir, 'httpd.conf'),
    [
      `ServerRoot ${dir}`,
      `Listen 127.0.0.1:${port}`,
      ...mods,
      `PidFile ${dir}/httpd.pid`,
      `ErrorLog ${dir}/error.log`,
      'ServerName localhost',
      `DocumentRoot ${dir}/htdocs`,
      `<Directory ${dir}/htdocs>`,
      '  AuthType Digest',
      `  AuthName "${APACHE_REALM}"`,
      '  AuthDigestProvider file',
      `  AuthUserFile ${dir}/htdigest`,
      '  Require valid-user',
      '</Directory>',
      '',
    ].join('\n'),
  );
  const child = spawn('apache2', ['-X', '-f', join(dir, 'httpd.conf')], { stdio: 'ignore' });
  // A test that dies must not leave the server running past its time.
  const guard = setTimeout(() => child.kill('SIGKILL'), 120_000);
  guard.unref();
  await waitForPort(port, child, 10_000);
  return {
    origin: `http://127.0.0.1:${port}`,
    errorLog: () => {
      try {
        return readFileSync(join(dir, 'error.log'), 'utf8');
      } catch {
        return '';
      }
    },
    close: async () => {
      clearTimeout(guard);
      if (child.exitCode === null) {
        const done = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
