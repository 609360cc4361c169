/** Argument helpers shared by the certificate commands. */
import { isIP } from 'node:net';
import type { JobContext } from '../../core/deps.js';
import type { Services } from '../../core/services.js';
import { KeySpec } from '../../../shared/contract/pki.js';
import { CliError, type CommandContext, usageError } from '../framework.js';

type PkiName = Extract<keyof Services, `pki.${string}`>;
type ValueOf<N extends PkiName> = Extract<Awaited<ReturnType<Services[N]>>, { ok: true }>['value'];

/** Calls a pki service; a failed Result becomes a CliError (message, hint, exit code by error code). */
export async function callPki<N extends PkiName>(services: () => Services, name: N, input: unknown, ctx?: CommandContext): Promise<ValueOf<N>> {
  const job: Partial<JobContext> = {};
  // Progress only on an interactive terminal (the prompt exists only there): scripts get clean stderr.
  if (ctx?.io.prompt) job.progress = (_f, message) => ctx.io.stderr(`${message}\n`);
  const res = await services()[name](input, job);
  if (!res.ok) throw new CliError(res.error);
  return res.value as ValueOf<N>;
}

/** A string option, or undefined. */
export function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A required string option. */
export function need(ctx: CommandContext, name: string): string {
  const v = str(ctx, name);
  if (v === undefined || v === '') throw usageError(`--${name} is required.`);
  return v;
}

/** A repeatable option's values. */
export function list(ctx: CommandContext, name: string): string[] {
  const v = ctx.values[name];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

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

/** A whole number option within bounds. */
export function int(ctx: CommandContext, name: string, fallback: number, min: number, max: number): number {
  const v = str(ctx, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw usageError(`--${name} must be a whole number from ${min} to ${max}.`);
  return Number(v);
}

/** A secret that must be given (prompted for on a terminal). */
export async function needSecret(ctx: CommandContext, name: string, prompt: string): Promise<string> {
  const v = await ctx.secret(name, { required: true, prompt });
  if (v === undefined) throw usageError(`--${name} is required: give --${name}-env VAR, --${name}-file PATH or --${name}-stdin.`);
  return v;
}

/** An optional secret; an empty one counts as not given (an empty key password would encrypt nothing). */
export async function optionalSecret(ctx: CommandContext, name: string): Promise<string | undefined> {
  const v = await ctx.secret(name);
  return v === '' ? undefined : v;
}

/** Options every writing command has. */
export const FORCE = { force: { type: 'boolean' } } as const;

/** The .pfx target from the options: --<pathOption> FILE, its password from --password-*, [--name FRIENDLY] [--legacy]. */
export async function pfxTarget(
  ctx: CommandContext,
  pathOption: string,
): Promise<{ kind: 'pfx'; path: string; password: string; profile: 'legacy' | 'modern'; friendlyName?: string }> {
  const name = str(ctx, 'name');
  return { kind: 'pfx', path: need(ctx, pathOption), password: await needSecret(ctx, 'password', '.pfx password: '), profile: ctx.values['legacy'] ? 'legacy' : 'modern', ...(name ? { friendlyName: name } : {}) };
}

/** Where a new key pair or reply goes as keystore options: --out-keystore FILE --alias NAME [--store-type jks|pkcs12]. */
export const KEYSTORE_OPTIONS = {
  'out-keystore': { type: 'string' },
  alias: { type: 'string' },
  'store-type': { type: 'string' },
} as const;

/**
 * The keystore target from the options; the store password comes from --storepass-*, as in the
 * keystore commands. Alias and type may be left out: the core names the entry after the common name
 * and takes the type from the existing file (or .jks → jks, else pkcs12 for a new one).
 */
export async function keystoreTarget(ctx: CommandContext): Promise<{ kind: 'keystore'; path: string; storePassword: string; alias?: string; storeType?: 'jks' | 'pkcs12' }> {
  const storeType = str(ctx, 'store-type')?.toLowerCase();
  if (storeType !== undefined && storeType !== 'jks' && storeType !== 'pkcs12') throw usageError('--store-type must be jks or pkcs12.');
  const alias = str(ctx, 'alias');
  return {
    kind: 'keystore',
    path: need(ctx, 'out-keystore'),
    ...(alias === undefined ? {} : { alias }),
    ...(storeType === undefined ? {} : { storeType }),
    storePassword: await needSecret(ctx, 'storepass', 'Keystore password: '),
  };
}
