import type { AppInfo } from '../../../shared/contract/app.js';
import type { Runner } from '../framework.js';

/** Formats app.info for a person. */
export function formatInfo(info: AppInfo): string {
  const keychain = info.keychain.available
    ? `available (${info.keychain.backend})`
    : `unavailable (${info.keychain.backend}): ${info.keychain.reason ?? 'no answer'}`;
  return [
    `${info.name} ${info.version}`,
    `platform   ${info.platform} ${info.arch}`,
    `runtime    ${info.runtime}`,
    `data dir   ${info.dataDir}`,
    `keychain   ${keychain}`,
  ].join('\n');
}

/** `certdesk info`: exit 0 when healthy, 1 when the keychain is unavailable. */
export const appInfo: Runner<'app.info'> = async (ctx) => {
  const info = await ctx.call('app.info', {});
  return { value: info, text: formatInfo(info), exit: info.keychain.available ? 0 : 1 };
};
