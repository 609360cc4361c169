import type { Watch } from '../../../shared/contract/overview.js';
import { escapeControl } from '../../../shared/text-safety.js';
import { dateText } from '../../../shared/format.js';
import { list, optionalSecret, str, target } from '../args.js';
import { type Runner, usageError } from '../framework.js';
import { table } from './keystore-common.js';

/** `certdesk watch …`: the files and endpoints the overview watches. */

function passwordText(w: Watch): string {
  switch (w.password.from) {
    case 'none':
      return '—';
    case 'keychain':
      return 'OS keychain';
    case 'credential':
      return `vault: ${escapeControl(w.password.name)}`;
    default: {
      const never: never = w.password;
      return never;
    }
  }
}

export const watchAdd: Runner<'watch.add'> = async (ctx) => {
  const credential = str(ctx, 'credential');
  const name = str(ctx, 'name');
  const password = await optionalSecret(ctx, 'password');
  if (password !== undefined && credential !== undefined) throw usageError('Give --password-env or --credential, not both.');
  const v = await ctx.call('watch.add', {
    target: target(ctx),
    ...(credential !== undefined ? { credential } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(password !== undefined ? { password } : {}),
    caFiles: list(ctx, 'ca'),
  });
  return { value: v, text: `Watching ${v.watch.kind} '${escapeControl(v.watch.name)}': ${escapeControl(v.watch.target)} (id ${v.watch.id})` };
};

export const watchList: Runner<'watch.list'> = async (ctx) => {
  const v = await ctx.call('watch.list', {});
  const rows = v.watches.map((w) => [w.id, w.kind, escapeControl(w.name), passwordText(w), dateText(w.added), escapeControl(w.target)]);
  return { value: v, text: rows.length ? table(['ID', 'KIND', 'NAME', 'PASSWORD', 'ADDED', 'TARGET'], rows) : 'Nothing is watched yet: `certdesk watch add PATH|URL` adds a certificate file, a keystore or an endpoint.' };
};

export const watchRemove: Runner<'watch.remove'> = async (ctx) => {
  const v = await ctx.call('watch.remove', { id: target(ctx) });
  return { value: v, text: `No longer watching '${escapeControl(v.removed.name)}' (${escapeControl(v.removed.target)}).` };
};
