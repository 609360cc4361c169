/**
 * The keystores of saved agent profiles. A keystore that is also on the watch list is read there (with
 * the password given for it); one with a vault `keystore-password` credential for its file is read with
 * that; any other can only be listed once the person gives its password.
 */
import { resolve } from 'node:path';
import { readAgents } from '../agent-profiles/store.js';
import { findAgentProfile } from '../keystore/agent.js';
import type { GatheredItem } from './judge.js';
import type { OverviewPorts, OverviewSource } from './ports.js';
import { keystoreItems, unreadable } from './source-files.js';
import { readWatches } from './watch-store.js';

export function agentKeystoresSource(ports: OverviewPorts): OverviewSource {
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
          else {
            const credential = await ports.keystoreCredential?.(keystorePath);
            if (credential && ports.credentialSecret) {
              const password = await ports.credentialSecret(credential, 'password');
              out.push(...(await keystoreItems(ctx, keystorePath, password, { kind: 'agent-keystore' })).map((i) => ({ ...i, name: `${agent.name}: ${i.name}` })));
            } else {
              out.push(unreadable(ctx, where, new Error('The keystore password is not known: watch this keystore with its password to see its certificates.'), { section: 'overview', action: 'give-password', label: 'Give the keystore password', path: keystorePath }));
            }
          }
        } catch (err) {
          out.push(unreadable(ctx, base, err, null));
        }
      }
      return out;
    },
  };
}
