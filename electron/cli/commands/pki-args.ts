/** Argument helpers shared by the certificate commands. */
import { isIP } from 'node:net';
import { KeySpec } from '../../../shared/contract/pki.js';
import { list, need, needSecret, storeType, str } from '../args.js';
import { type CommandContext, usageError } from '../framework.js';

/** --key rsa:2048|rsa:3072|rsa:4096|ec:p256|ec:p384 (default rsa:2048). */
export function keySpec(ctx: CommandContext): KeySpec {
  const v = (str(ctx, 'key') ?? 'rsa:2048').toLowerCase().replace('ec:p-', 'ec:p');
  const parsed = KeySpec.safeParse(v);
  if (!parsed.success) throw usageError(`--key must be one of ${KeySpec.options.join(', ')}.`);
  return parsed.data;
}

/** --san dns:NAME | ip:ADDR (repeatable, or comma-separated); a bare value is taken as an IP or DNS name. */
export function sans(ctx: CommandContext): string[] {
  return list(ctx, 'san')
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .map((v) => {
      if (/^(dns|ip|email|uri):/i.test(v)) return v.replace(/^[a-z]+/i, (k) => k.toLowerCase());
      return isIP(v) ? `ip:${v}` : `dns:${v}`;
    });
}

/** The .pfx target from the options: --<pathOption> FILE, its password from --password-*, [--name FRIENDLY] [--legacy]. */
export async function pfxTarget(
  ctx: CommandContext,
  pathOption: string,
): Promise<{ kind: 'pfx'; path: string; password: string; profile: 'legacy' | 'modern'; friendlyName?: string }> {
  const name = str(ctx, 'name');
  return { kind: 'pfx', path: need(ctx, pathOption), password: await needSecret(ctx, 'password', '.pfx password: '), profile: ctx.values['legacy'] ? 'legacy' : 'modern', ...(name ? { friendlyName: name } : {}) };
}

/** The keystore target from the options; the store password comes from --storepass-*, as in the keystore commands. */
export async function keystoreTarget(ctx: CommandContext): Promise<{ kind: 'keystore'; path: string; storePassword: string; alias?: string; storeType?: 'jks' | 'pkcs12' }> {
  // Alias and type may be left out: the core names the entry after the common name and takes the type
  // from the existing file (or .jks → jks, else pkcs12 for a new one).
  const alias = str(ctx, 'alias');
  const type = storeType(ctx);
  return {
    kind: 'keystore',
    path: need(ctx, 'out-keystore'),
    ...(alias === undefined ? {} : { alias }),
    ...(type === undefined ? {} : { storeType: type }),
    storePassword: await needSecret(ctx, 'storepass', 'Keystore password: '),
  };
}
