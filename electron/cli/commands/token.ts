/** `certdesk token …`: decode a JWT for display, generate a random key. */
import type { DecodedJwt } from '../../../shared/contract/vault.js';
import { bySeverity } from '../../../shared/findings.js';
import { escapeControl as esc } from '../../../shared/text-safety.js';
import { int, str } from '../args.js';
import { type Runner, usageError } from '../framework.js';

/** Time left in words: "2 h 5 min left", "expired 3 days ago". */
function timeLeftText(seconds: number): string {
  const abs = Math.abs(seconds);
  const words = abs >= 86_400 ? `${Math.floor(abs / 86_400)} days` : abs >= 3600 ? `${Math.floor(abs / 3600)} h ${Math.floor((abs % 3600) / 60)} min` : `${Math.floor(abs / 60)} min`;
  return seconds < 0 ? `expired ${words} ago` : `${words} left`;
}

function decodedLines(d: DecodedJwt): string[] {
  const rows: [string, string][] = [
    ['algorithm', esc(d.algorithm ?? '(none)')],
    ['issuer', esc(d.issuer ?? '')],
    ['subject', esc(d.subject ?? '')],
    ['audience', esc(d.audience.join(', '))],
    ['issued', d.issuedAt ?? ''],
    ['not before', d.notBefore ?? ''],
    ['expires', d.expires ? `${d.expires} (${timeLeftText(d.secondsLeft ?? 0)})` : 'never (no exp claim)'],
    ['lifetime', d.lifetimeDays === null ? '' : `${d.lifetimeDays} days`],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  return [
    ...rows.filter(([, v]) => v !== '').map(([k, v]) => `${k.padEnd(width)}  ${v}`),
    ...[...d.findings].sort(bySeverity).map((f) => `${f.severity.padEnd(width)}  ${esc(f.message)}`),
    '',
    'header:',
    ...esc(JSON.stringify(d.header, null, 2)).split('\n').map((l) => `  ${l}`),
    'claims:',
    ...esc(JSON.stringify(d.claims, null, 2)).split('\n').map((l) => `  ${l}`),
    '',
    'Decoded only: the signature was not checked and the token was sent nowhere.',
  ];
}

export const tokenDecode: Runner<'token.decode'> = async (ctx) => {
  const fromVault = str(ctx, 'from-vault');
  const field = str(ctx, 'field');
  const jwt = fromVault === undefined ? await ctx.secret('jwt', { required: true, prompt: 'JWT: ' }) : undefined;
  if (fromVault !== undefined && (ctx.values['jwt-env'] !== undefined || ctx.values['jwt-file'] !== undefined || ctx.values['jwt-stdin'] !== undefined))
    throw usageError('Give the token one way: --jwt-env/--jwt-file/--jwt-stdin, or --from-vault NAME.');
  if (field !== undefined && fromVault === undefined) throw usageError('--field goes with --from-vault.');
  const input = fromVault !== undefined ? { fromVault, ...(field !== undefined ? { field } : {}) } : { jwt: jwt ?? '' };
  const d = await ctx.call('token.decode', input);
  return { value: d, text: decodedLines(d).join('\n') };
};

export const tokenGenerate: Runner<'token.generate'> = async (ctx) => {
  const encoding = str(ctx, 'encoding') ?? 'base64url';
  if (encoding !== 'base64url' && encoding !== 'hex' && encoding !== 'alphanumeric') throw usageError('--encoding must be base64url, hex or alphanumeric.');
  const v = await ctx.call('token.generate', { bytes: int(ctx, 'bytes', 32, 16, 128), encoding });
  return { value: v, text: v.value };
};
