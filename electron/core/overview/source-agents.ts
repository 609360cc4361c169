/**
 * The keystores of saved agent profiles. A keystore that is also on the watch list is read there (with
 * the password given for it); one that is not can only be listed once the person gives its password.
 */
import { resolve } from 'node:path';
import { readAgents } from '../agent-profiles/store.js';
import { findAgentProfile } from '../keystore/agent.js';
import type { GatheredItem } from './judge.js';
import type { OverviewSource } from './ports.js';
import { unreadable } from './source-files.js';
import { readWatches } from './watch-store.js';

export function agentKeystoresSource(): OverviewSource {
  return {
    name: 'agent profiles',
    async gather(ctx) {
      if (ctx.watchId !== undefined) return [];
      const watched = new Set((await readWatches(ctx.deps)).map((w) => resolve(w.target)));
      const out: GatheredItem[] = [];
      for (const agent of await readAgents(ctx.deps)) {
        const base = { key: `agent:${agent.id}`, name: agent.name, kind: 'agent-keystore' as const, where: agent.home };
        try {
          const { keystorePath, keystoreExists } = await findAgentProfile(agent.home);
          if (watched.has(resolve(keystorePath))) continue;
          const where = { ...base, where: keystorePath };
          if (!keystoreExists) out.push(unreadable(ctx, where, new Error('The agent has no keystore yet.'), { section: 'keystores', action: 'import-into-keystore', label: 'Import a key', path: keystorePath }));
          else out.push(unreadable(ctx, where, new Error('The keystore password is not known: watch this keystore with its password to see its certificates.'), { section: 'overview', action: 'give-password', label: 'Give the keystore password', path: keystorePath }));
        } catch (err) {
          out.push(unreadable(ctx, base, err, null));
        }
      }
      return out;
    },
  };
}
