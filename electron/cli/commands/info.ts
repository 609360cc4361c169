import type { AppInfo } from '../../../shared/contract/app.js';
import type { Services } from '../../core/services.js';
import { CliError, output, type Command } from '../framework.js';

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
export function infoCommand(services: () => Services): Command {
  return {
    path: ['info'],
    summary: 'Show version, data folder and keychain availability.',
    usage: 'certdesk info [--json]',
    async run(ctx) {
      const res = await services()['app.info']({});
      if (!res.ok) throw new CliError(res.error);
      output(ctx, res.value, formatInfo);
      return res.value.keychain.available ? 0 : 1;
    },
  };
}
