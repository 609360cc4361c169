import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_KIND_NAMES, CREDENTIAL_KINDS } from '../../../shared/credential-kinds.js';
import { runCertdesk } from '../../helpers/cli.js';
import { watchArgv } from '../../helpers/secrets.js';
import { filesUnder, hasSecretService, sampleCredential, secretTool, secretToolAccounts, uniqueService } from '../../helpers/vault.js';

// The built CLI against the real Secret Service (gnome-keyring in a private D-Bus session).
const root = mkdtempSync(join(tmpdir(), 'certdesk-vault-cli-'));
const services: string[] = [];
afterAll(() => {
  for (const s of services) for (const a of secretToolAccounts(s)) secretTool(['clear', 'service', s, 'account', a]);
  rmSync(root, { recursive: true, force: true });
});

/** A data folder, temp folder and keychain service of their own, and a runner with that environment. */
function setup(tag: string) {
  const dir = mkdtempSync(join(root, `${tag}-`));
  const service = uniqueService(tag);
  services.push(service);
  const env = { CERTDESK_HOME: join(dir, 'home'), CERTDESK_KEYCHAIN_SERVICE: service, TMPDIR: join(dir, 'tmp'), XDG_CACHE_HOME: join(dir, 'cache'), CERTDESK_LOG: '1' };
  for (const d of [env.TMPDIR, env.XDG_CACHE_HOME]) rmSync(d, { recursive: true, force: true });
  const run = (args: string[], extra: { env?: NodeJS.ProcessEnv; input?: string } = {}) => runCertdesk(args, { env: { ...env, ...extra.env }, ...(extra.input !== undefined ? { input: extra.input } : {}) });
  return { dir, service, env, run };
}


describe.runIf(hasSecretService)('certdesk vault over the real Secret Service', () => {
  it('adds, reveals, rotates and removes a credential of every kind; no secret in any file, log, output or argv', async () => {
    const { dir, service, env, run } = setup('suite');
    const secretDir = mkdtempSync(join(root, 'inputs-'));
    const watch = watchArgv();
    const secrets: string[] = [];
    const leaks: string[] = [];
    const check = (what: string, text: string): void => {
      for (const s of secrets) if (text.includes(s)) leaks.push(`${what} holds ${s}`);
    };
    try {
      for (const [i, kind] of CREDENTIAL_KIND_NAMES.entries()) {
        const { fields, secrets: values } = sampleCredential(kind);
        secrets.push(...Object.values(values));
        const name = `cred ${kind}`;
        const args = ['vault', 'add', name, '--kind', kind, ...Object.entries(fields).flatMap(([k, v]) => ['--field', `${k}=${v}`]), '--tag', 'suite'];
        const childEnv: NodeJS.ProcessEnv = {};
        let input: string | undefined;
        for (const [j, [field, value]] of Object.entries(values).entries()) {
          // Each way in: a variable, a file, standard input.
          const way = (i + j) % 3;
          if (way === 0) {
            childEnv[`SECRET_${j}`] = value;
            args.push('--secret-env', `${field}=SECRET_${j}`);
          } else if (way === 1 || input !== undefined) {
            const file = join(secretDir, `${kind}-${field}`);
            writeFileSync(file, `${value}\n`, { mode: 0o600 });
            args.push('--secret-file', `${field}=${file}`);
          } else {
            input = `${value}\n`;
            args.push('--secret-stdin', field);
          }
        }
        const added = await run(args, { env: childEnv, ...(input !== undefined ? { input } : {}) });
        expect(added.code, added.stderr).toBe(0);
        check(`vault add ${kind} output`, added.stdout + added.stderr);
        for (const [field, value] of Object.entries(values)) {
          const shown = await run(['vault', 'show', name, '--reveal', field]);
          expect(shown.code, shown.stderr).toBe(0);
          expect(shown.stdout).toBe(`${value}\n`);
          check(`vault show --reveal stderr`, shown.stderr);
        }
        const rotated = `R0tat3d-${kind}-${createHash('sha256').update(kind).digest('hex').slice(0, 16)}`;
        secrets.push(rotated);
        const field = CREDENTIAL_KINDS[kind].fields.find((f) => f.secret)?.name ?? '';
        const r = await run(['vault', 'rotate', name, '--secret-env', `${field}=NEW`], { env: { NEW: rotated } });
        expect(r.code, r.stderr).toBe(0);
        const after = await run(['vault', 'show', name, '--reveal', field]);
        if (after.stdout !== `${rotated}\n`) console.error('ROTATE-MISMATCH', kind, r.stdout, r.stderr, secretTool(['search', '--all', 'service', service]).stdout.replace(/secret = .*/g, 'secret = …'));
        expect(after.stdout).toBe(`${rotated}\n`);
        const json = await run(['vault', 'show', name, '--json']);
        expect(JSON.parse(json.stdout).credential.rotations).toHaveLength(1);
        check(`vault show --json`, json.stdout + json.stderr);
      }
      rmSync(secretDir, { recursive: true, force: true });
      // Certdesk's entries are where libsecret's own client looks for them.
      expect(secretToolAccounts(service).length).toBeGreaterThanOrEqual(CREDENTIAL_KIND_NAMES.length);
      const list = await run(['vault', 'list', '--json']);
      expect(JSON.parse(list.stdout).credentials).toHaveLength(CREDENTIAL_KIND_NAMES.length);
      check('vault list', list.stdout + list.stderr);
      const text = await run(['vault', 'list']);
      check('vault list text', text.stdout + text.stderr);
      const exported = await run(['vault', 'export', '--out', join(dir, 'home', 'export.json')]);
      expect(exported.code, exported.stderr).toBe(0);
      for (const kind of CREDENTIAL_KIND_NAMES) {
        const removed = await run(['vault', 'remove', `cred ${kind}`]);
        expect(removed.code, removed.stderr).toBe(0);
      }
      expect(secretToolAccounts(service)).toEqual([]);
    } finally {
      const argv = watch.stop();
      // The sampler saw the CLI's own processes (so it would have seen a secret among their words).
      expect(argv.some((line) => line.includes('vault show cred basic --reveal password'))).toBe(true);
      for (const line of argv) check('a process argv', line);
    }
    const files = filesUnder(env.CERTDESK_HOME, env.TMPDIR, env.XDG_CACHE_HOME, dir);
    expect(files.map((f) => f.path)).toContain(join(env.CERTDESK_HOME, 'credentials.json'));
    for (const f of files) check(f.path, f.text);
    expect(leaks).toEqual([]);
  }, 300_000);

  it('refuses a secret field given as --field, with the reason, writing nothing', async () => {
    const { env, service, run } = setup('refuse');
    const r = await run(['vault', 'add', 'b', '--kind', 'basic', '--field', 'user=u', '--field', 'password=plain-pw-value']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('password is a secret field of basic');
    expect(r.stderr).not.toContain('plain-pw-value');
    const noTty = await run(['vault', 'add', 'b', '--kind', 'basic', '--field', 'user=u']);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toContain('--secret-env');
    expect(existsSync(join(env.CERTDESK_HOME, 'credentials.json'))).toBe(false);
    expect(secretToolAccounts(service)).toEqual([]);
  });

  it('two processes adding at the same moment both keep their entry', async () => {
    const { run } = setup('race');
    const names = ['one', 'two', 'three', 'four'];
    const results = await Promise.all(names.map((n) => run(['vault', 'add', n, '--kind', 'bearer', '--secret-env', 'token=T'], { env: { T: `token-${n}` } })));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse((await run(['vault', 'list', '--json'])).stdout) as { credentials: { name: string }[]; drift: unknown };
    expect(list.credentials.map((c) => c.name).sort()).toEqual([...names].sort());
    expect(list.drift).toEqual({ missingSecrets: [], orphanAccounts: [] });
    for (const n of names) expect((await run(['vault', 'show', n, '--reveal', 'token'])).stdout).toBe(`token-${n}\n`);
  }, 120_000);

  it('vault run hands the fields to the command in its environment and exits with its status', async () => {
    const { run } = setup('run');
    expect((await run(['vault', 'add', 'xm prod', '--kind', 'api-key-and-secret', '--secret-env', 'key=K', '--secret-env', 'secret=S'], { env: { K: 'run-key-1', S: 'run-secret-2' } })).code).toBe(0);
    const script = "const h=(v)=>require('crypto').createHash('sha256').update(v??'').digest('hex');console.log(h(process.env.CERTDESK_XM_PROD_KEY),h(process.env.MAPPED),process.argv.length);process.exit(5)";
    const r = await run(['vault', 'run', 'xm prod', '--env', 'MAPPED=xm prod.secret', '--', process.execPath, '-e', script]);
    const hash = (v: string) => createHash('sha256').update(v).digest('hex');
    expect(r.stdout).toBe(`${hash('run-key-1')} ${hash('run-secret-2')} 1\n`);
    expect(r.code).toBe(5);
    const bad = await run(['vault', 'run', 'xm prod', '--env', 'X=other.secret', '--', process.execPath, '-e', '']);
    expect(bad.code).toBe(2);
    const missing = await run(['vault', 'run', 'nope', '--', process.execPath, '-e', '']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no credential named');
  });

  it('token decode reads a jose-signed token from a variable or from the vault; token generate prints a key alone', async () => {
    const { run } = setup('token');
    const jwt = await new SignJWT({ scope: 'api' }).setProtectedHeader({ alg: 'HS256' }).setIssuer('https://idp.example.test').setIssuedAt().setExpirationTime('2h').sign(new Uint8Array(32).fill(3));
    const decoded = await run(['token', 'decode', '--jwt-env', 'JWT', '--json'], { env: { JWT: jwt } });
    expect(decoded.code, decoded.stderr).toBe(0);
    expect(JSON.parse(decoded.stdout)).toMatchObject({ algorithm: 'HS256', issuer: 'https://idp.example.test', claims: { scope: 'api' }, findings: [] });
    expect((await run(['token', 'decode', '--jwt=abc'])).code).toBe(2);
    expect((await run(['vault', 'add', 'tok', '--kind', 'bearer', '--secret-env', 'token=JWT'], { env: { JWT: jwt } })).code).toBe(0);
    const fromVault = await run(['token', 'decode', '--from-vault', 'tok']);
    expect(fromVault.stdout).toContain('issuer');
    expect(fromVault.stdout).toContain('https://idp.example.test');
    expect(fromVault.stdout).not.toContain(jwt);
    const gen = await run(['token', 'generate', '--bytes', '24', '--encoding', 'hex']);
    expect(gen.stdout).toMatch(/^[0-9a-f]{48}\n$/);
  });
});

describe('certdesk vault without a Secret Service', () => {
  it('fails every vault command with SECRET_STORE_UNAVAILABLE and writes nothing', async () => {
    const { env, run } = setup('nobus');
    writeFileSync(join(root, 'nobus-import.json'), JSON.stringify({ format: 'certdesk-credentials', version: 1, credentials: [] }));
    const commands = [
      ['vault', 'add', 'x', '--kind', 'bearer', '--secret-env', 'token=T'],
      ['vault', 'list'],
      ['vault', 'show', 'x'],
      ['vault', 'show', 'x', '--reveal', 'token'],
      ['vault', 'update', 'x', '--description', 'd'],
      ['vault', 'rotate', 'x', '--secret-env', 'token=T'],
      ['vault', 'remove', 'x'],
      ['vault', 'export', '--out', join(root, 'nobus-export.json')],
      ['vault', 'import', join(root, 'nobus-import.json')],
      ['vault', 'repair', '--remove-credential', 'x'],
      ['vault', 'run', 'x', '--', process.execPath, '-e', ''],
      ['token', 'decode', '--from-vault', 'x'],
    ];
    for (const bus of ['unix:path=/nonexistent/certdesk-bus', undefined]) {
      for (const args of commands) {
        const r = await run(args, { env: { T: 'never-stored', DBUS_SESSION_BUS_ADDRESS: bus, DISPLAY: undefined } });
        expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(1);
        expect(r.stderr).toMatch(/Secret Service \(libsecret\) is not available/);
        expect(r.stderr).toContain('never keeps secrets in plain files');
      }
    }
    expect(filesUnder(env.CERTDESK_HOME)).toEqual([]);
    expect(existsSync(join(root, 'nobus-export.json'))).toBe(false);
  }, 180_000);
});
