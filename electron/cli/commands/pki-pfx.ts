/** `certdesk pfx create`, `certdesk pfx extract` and `certdesk pfx convert`. */
import type { Services } from '../../core/services.js';
import { type Command, output, usageError } from '../framework.js';
import { callPki, FORCE, list, need, needSecret, optionalSecret, str } from './pki-args.js';
import { joinedChainLines } from './pki-chain-lines.js';
import { shortCertLines, writtenLines } from './pki-format.js';

/** `certdesk pfx create`: certificate + key (+ chain) → .pfx, key checked against the certificate first. */
export function pfxCreateCommand(services: () => Services): Command {
  return {
    path: ['pfx', 'create'],
    summary: 'Convert a certificate + key (+ chain) into a .pfx (modern AES, or --legacy 3DES).',
    usage: 'certdesk pfx create --cert FILE --key FILE [--chain FILE]... [--key-password-env VAR] --out FILE --password-env VAR [--name FRIENDLY] [--legacy] [--force]',
    options: { cert: { type: 'string' }, key: { type: 'string' }, chain: { type: 'string', multiple: true }, out: { type: 'string' }, name: { type: 'string' }, legacy: { type: 'boolean' }, ...FORCE },
    secrets: ['password', 'key-password'],
    async run(ctx) {
      const certPath = need(ctx, 'cert');
      const outPath = need(ctx, 'out');
      const keyPath = str(ctx, 'key');
      const keyPassword = await ctx.secret('key-password');
      const password = await needSecret(ctx, 'password', '.pfx password: ');
      const name = str(ctx, 'name');
      const res = await callPki(services, 'pki.pfxCreate', {
        certPath, ...(keyPath === undefined ? {} : { keyPath }), ...(keyPassword === undefined ? {} : { keyPassword }), chainPaths: list(ctx, 'chain'),
        outPath, password, ...(name ? { friendlyName: name } : {}), profile: ctx.values['legacy'] ? 'legacy' : 'modern', overwrite: ctx.values['force'] === true,
      });
      output(ctx, res, (r) =>
        [
          `Created a ${r.profile === 'legacy' ? 'legacy (3DES/SHA-1)' : 'modern (AES-256/SHA-256)'} .pfx with "${r.friendlyName}": leaf + ${r.chainLength} chain certificate(s)`,
          ...joinedChainLines(r),
        ].join('\n'),
      );
      return 0;
    },
  };
}

/** `certdesk pfx extract`: .pfx → certificate, key (optionally encrypted) and chain as PEM files. */
export function pfxExtractCommand(services: () => Services): Command {
  return {
    path: ['pfx', 'extract'],
    summary: 'Take the certificate, key and chain out of a .pfx as PEM files.',
    usage: 'certdesk pfx extract FILE --password-env VAR --out-cert FILE --out-key FILE [--out-chain FILE] [--key-password-env VAR] [--force]',
    options: { 'out-cert': { type: 'string' }, 'out-key': { type: 'string' }, 'out-chain': { type: 'string' }, ...FORCE },
    secrets: ['password', 'key-password'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const outCert = need(ctx, 'out-cert');
      const outKey = need(ctx, 'out-key');
      const outChain = str(ctx, 'out-chain');
      const password = await needSecret(ctx, 'password', '.pfx password: ');
      const keyPassword = await optionalSecret(ctx, 'key-password');
      const res = await callPki(services, 'pki.pfxExtract', {
        pfxPath: ctx.positionals[0], password, outCert, outKey, ...(outChain === undefined ? {} : { outChain }),
        ...(keyPassword === undefined ? {} : { keyPassword }), overwrite: ctx.values['force'] === true,
      });
      output(ctx, res, (r) =>
        [
          `Extracted "${r.alias}": the certificate, the key (${r.keyEncrypted ? 'encrypted' : 'NOT encrypted: keep the file private'}) and ${r.chainLength} chain certificate(s)`,
          ...shortCertLines(r.leaf),
          ...writtenLines(r.written),
          ...(r.chainLength > 0 && outChain === undefined ? ['The chain certificates were not written: add --out-chain FILE to keep them.'] : []),
          ...(r.chainLength === 0 && outChain !== undefined ? ['The file holds no chain certificates, so no chain file was written.'] : []),
        ].join('\n'),
      );
      return 0;
    },
  };
}

/** `certdesk pfx convert`: the same .pfx re-encrypted to the modern or legacy profile, checked by reading it back. */
export function pfxConvertCommand(services: () => Services): Command {
  return {
    path: ['pfx', 'convert'],
    summary: 'Re-encrypt a .pfx to the modern (AES-256/PBKDF2) or legacy (3DES/SHA-1) profile, same or new password.',
    usage: 'certdesk pfx convert FILE --to modern|legacy --out FILE --password-env VAR [--new-password-env VAR] [--force]\n' +
      'Legacy is for Windows Server 2016 and older, Java before 8u301 and appliances that call a modern .pfx "wrong password".',
    options: { to: { type: 'string' }, out: { type: 'string' }, ...FORCE },
    secrets: ['password', 'new-password'],
    positionals: { min: 1, max: 1 },
    async run(ctx) {
      const to = need(ctx, 'to');
      if (to !== 'modern' && to !== 'legacy') throw usageError('--to takes modern or legacy.');
      const outPath = need(ctx, 'out');
      const password = await needSecret(ctx, 'password', '.pfx password: ');
      const newPassword = await optionalSecret(ctx, 'new-password');
      const res = await callPki(services, 'pki.pfxConvert', {
        pfxPath: ctx.positionals[0], password, to, outPath, ...(newPassword === undefined ? {} : { newPassword }), overwrite: ctx.values['force'] === true,
      });
      output(ctx, res, (r) =>
        [
          `Converted from ${r.from} to ${r.to}${r.passwordChanged ? ' under the new password' : ' (same password)'}: ${r.keys.map((k) => `"${k.alias}" (${k.chainLength} certificate${k.chainLength === 1 ? '' : 's'})`).join(', ') || 'no keys'}${r.otherCertificates ? `, ${r.otherCertificates} other certificate(s)` : ''}`,
          `  keys: ${r.encryption.keys.join('; ') || 'not encrypted'}`,
          `  certificates: ${r.encryption.certificates.join('; ') || 'not encrypted'}`,
          `  MAC: ${r.encryption.mac ?? 'none'}`,
          ...writtenLines(r.written),
        ].join('\n'),
      );
      return 0;
    },
  };
}
