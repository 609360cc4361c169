/** Reading a command's parsed options: the one set of helpers every domain uses. */
import { type CommandContext, usageError } from './framework.js';

/** A string option, or undefined. */
export function str(ctx: CommandContext, name: string): string | undefined {
  const v = ctx.values[name];
  return typeof v === 'string' ? v : undefined;
}

/** A string option that must be given. */
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

/** A flag. */
export function flag(ctx: CommandContext, name: string): boolean {
  return ctx.values[name] === true;
}

/** A whole number option within bounds. */
export function int(ctx: CommandContext, name: string, fallback: number, min: number, max: number): number {
  const v = str(ctx, name);
  if (v === undefined) return fallback;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) throw usageError(`--${name} must be a whole number from ${min} to ${max}.`);
  return Number(v);
}

/** The first positional argument (the file, keystore, config or home path). */
export function target(ctx: CommandContext): string {
  const v = ctx.positionals[0];
  if (v === undefined) throw usageError('Missing argument.');
  return v;
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

/** --store-type (or its alias --storetype) jks|pkcs12, any case. */
export function storeType(ctx: CommandContext, name = 'store-type'): 'jks' | 'pkcs12' | undefined {
  const v = (str(ctx, name) ?? (name === 'store-type' ? str(ctx, 'storetype') : undefined))?.toLowerCase();
  if (v === undefined) return undefined;
  if (v === 'jks' || v === 'pkcs12') return v;
  throw usageError(`--${name} must be jks or pkcs12.`);
}
