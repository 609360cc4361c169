/** `certdesk pfx create`, `certdesk pfx extract` and `certdesk pfx convert`. */
import { flag, list, need, needSecret, optionalSecret, str, target } from '../args.js';
import { type Runner, usageError } from '../framework.js';
import { joinedChainLines } from './pki-chain-lines.js';
import { shortCertLines, writtenLines } from './pki-format.js';

/** `certdesk pfx create`: certificate + key (+ chain) → .pfx, key checked against the certificate first. */
export const pfxCreate: Runner<'pki.pfxCreate'> = async (ctx) => {
  const certPath = need(ctx, 'cert');
  const outPath = need(ctx, 'out');
  const keyPassword = await ctx.secret('key-password');
  const password = await needSecret(ctx, 'password', '.pfx password: ');
  const r = await ctx.call('pki.pfxCreate', {
    certPath, keyPath: str(ctx, 'key'), keyPassword, chainPaths: list(ctx, 'chain'), outPath, password,
    friendlyName: str(ctx, 'name') || undefined, profile: flag(ctx, 'legacy') ? 'legacy' : 'modern', overwrite: flag(ctx, 'force'),
  });
  const text = [
    `Created a ${r.profile === 'legacy' ? 'legacy (3DES/SHA-1)' : 'modern (AES-256/SHA-256)'} .pfx with "${r.friendlyName}": leaf + ${r.chainLength} chain certificate(s)`,
    ...joinedChainLines(r),
  ].join('\n');
  return { value: r, text };
};

/** `certdesk pfx extract`: .pfx → certificate, key (optionally encrypted) and chain as PEM files. */
export const pfxExtract: Runner<'pki.pfxExtract'> = async (ctx) => {
  const outCert = need(ctx, 'out-cert');
  const outKey = need(ctx, 'out-key');
  const outChain = str(ctx, 'out-chain');
  const password = await needSecret(ctx, 'password', '.pfx password: ');
  const keyPassword = await optionalSecret(ctx, 'key-password');
  const r = await ctx.call('pki.pfxExtract', { pfxPath: target(ctx), password, outCert, outKey, outChain, keyPassword, overwrite: flag(ctx, 'force') });
  const text = [
    `Extracted "${r.alias}": the certificate, the key (${r.keyEncrypted ? 'encrypted' : 'NOT encrypted: keep the file private'}) and ${r.chainLength} chain certificate(s)`,
    ...shortCertLines(r.leaf),
    ...writtenLines(r.written),
    ...(r.chainLength > 0 && outChain === undefined ? ['The chain certificates were not written: add --out-chain FILE to keep them.'] : []),
    ...(r.chainLength === 0 && outChain !== undefined ? ['The file holds no chain certificates, so no chain file was written.'] : []),
  ].join('\n');
  return { value: r, text };
};

/** `certdesk pfx convert`: the same .pfx re-encrypted to the modern or legacy profile, checked by reading it back. */
export const pfxConvert: Runner<'pki.pfxConvert'> = async (ctx) => {
  const to = need(ctx, 'to');
  if (to !== 'modern' && to !== 'legacy') throw usageError('--to takes modern or legacy.');
  const outPath = need(ctx, 'out');
  const password = await needSecret(ctx, 'password', '.pfx password: ');
  const newPassword = await optionalSecret(ctx, 'new-password');
  const r = await ctx.call('pki.pfxConvert', { pfxPath: target(ctx), password, to, outPath, newPassword, overwrite: flag(ctx, 'force') });
  const keys = r.keys.map((k) => `"${k.alias}" (${k.chainLength} certificate${k.chainLength === 1 ? '' : 's'})`).join(', ') || 'no keys';
  const text = [
    `Converted from ${r.from} to ${r.to}${r.passwordChanged ? ' under the new password' : ' (same password)'}: ${keys}${r.otherCertificates ? `, ${r.otherCertificates} other certificate(s)` : ''}`,
    `  keys: ${r.encryption.keys.join('; ') || 'not encrypted'}`,
    `  certificates: ${r.encryption.certificates.join('; ') || 'not encrypted'}`,
    `  MAC: ${r.encryption.mac ?? 'none'}`,
    ...writtenLines(r.written),
  ].join('\n');
  return { value: r, text };
};
