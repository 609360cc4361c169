import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { CREDENTIAL_KINDS, type CredentialKind } from '../../shared/credential-kinds.js';

/** True when a Secret Service can be reached (CI always has one: there a missing one must fail, not skip). */
export const hasSecretService = Boolean(process.env['DBUS_SESSION_BUS_ADDRESS']) || process.env['CI'] === 'true';

/** A keychain service name of its own for one test run. */
export function uniqueService(tag: string): string {
  return `Certdesk-test-${tag}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** A plausible value for a non-secret field of each type. */
function sampleValue(kind: CredentialKind, name: string, type: string, choices?: readonly string[]): string {
  switch (type) {
    case 'url':
      return `https://api.example.test/${kind}/${name}`;
    case 'port':
      return '8123';
    case 'boolean':
      return 'true';
    case 'choice':
      return choices?.[choices.length - 1] ?? '';
    case 'path':
      return `/tmp/certdesk-sample-${kind}.p12`;
    default:
      return `${name}-of-${kind}`;
  }
}

/**
 * A credential of `kind` with every field filled: non-secret values by field type, and secret values
 * that are random and unmistakable (each one found by a text search means a leak).
 */
export function sampleCredential(kind: CredentialKind): { fields: Record<string, string>; secrets: Record<string, string> } {
  const fields: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const f of CREDENTIAL_KINDS[kind].fields) {
    if (f.secret) secrets[f.name] = `S3cr3t-${randomBytes(12).toString('hex')}`;
    else fields[f.name] = sampleValue(kind, f.name, f.type, 'choices' in f ? f.choices : undefined);
  }
  return { fields, secrets };
}

/** `secret-tool` (libsecret-tools), the Secret Service's own client: the oracle for what is stored. */
export function secretTool(args: string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('secret-tool', args, { encoding: 'utf8', input: input ?? '', timeout: 20_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The accounts `secret-tool search --all service SERVICE` finds. */
export function secretToolAccounts(service: string): string[] {
  const r = secretTool(['search', '--all', 'service', service]);
  // Attributes are printed on stderr by some versions and stdout by others.
  return [...`${r.stdout}\n${r.stderr}`.matchAll(/^attribute\.account = (.*)$/gm)].map((m) => m[1] ?? '').sort();
}

/** The secret `secret-tool lookup` reads for an account, or null. */
export function secretToolLookup(service: string, account: string): string | null {
  const r = secretTool(['lookup', 'service', service, 'account', account]);
  return r.code === 0 ? r.stdout : null;
}

/** Every file under the folders, read whole as text (for "no secret in any file" checks). */
export function filesUnder(...dirs: string[]): { path: string; text: string }[] {
  return dirs.filter((d) => existsSync(d)).flatMap((dir) =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((rel) => join(dir, rel))
      .filter((p) => statSync(p).isFile())
      .map((path) => ({ path, text: readFileSync(path, 'latin1') })),
  );
}
