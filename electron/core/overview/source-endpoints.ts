/** Watched TLS endpoints: re-checked with the TLS engine on demand, otherwise shown with their last check. */
import type { EndpointCheck, Watch } from '../../../shared/contract/overview.js';
import { TLS_TIMEOUT } from '../../../shared/contract/tls.js';
import { daysLeftUntil } from '../pki/expiry.js';
import { checkTls } from '../tls/check.js';
import { checkOptionsFrom } from '../tls/service-inputs.js';
import { parseTarget } from '../tls/target.js';
import type { GatheredItem } from './judge.js';
import { type GatherContext, type OverviewSource, problemText } from './ports.js';
import { readWatches, saveChecks } from './watch-store.js';

/** At most this many endpoints are checked at once. */
const CONCURRENCY = 8;

/** One check of a watched endpoint, reduced to what the overview keeps. */
export async function checkEndpoint(ctx: GatherContext, w: Watch): Promise<EndpointCheck> {
  const at = ctx.now.toISOString();
  try {
    const trust = w.caFiles.length ? { kind: 'caFiles' as const, paths: w.caFiles } : { kind: 'bundled' as const };
    const options = await checkOptionsFrom(ctx.deps, { trust, timeoutMs: TLS_TIMEOUT.default, allowNetworkLookups: false }, ctx.job.signal);
    const result = await checkTls(parseTarget(w.target), options);
    const worst = result.findings[0];
    return { at, ok: result.ok, code: worst?.code ?? 'ok', summary: worst?.message ?? 'The check passed.', notAfter: result.chain[0]?.notAfter ?? null };
  } catch (err) {
    return { at, ok: false, code: 'check-failed', summary: problemText(err), notAfter: null };
  }
}

function endpointItem(ctx: GatherContext, w: Watch, check: EndpointCheck | null): GatheredItem {
  return {
    key: `endpoint:${w.target}`,
    name: w.name,
    kind: 'endpoint',
    where: w.target,
    watchId: w.id,
    expires: check?.notAfter ? { at: check.notAfter, daysLeft: daysLeftUntil(new Date(check.notAfter), ctx.now) } : null,
    lastCheck: check ? { at: check.at, ok: check.ok, summary: check.summary } : null,
    fix: { section: 'tls', action: 'run-tls-check', label: 'Run a TLS check', target: w.target },
  };
}

/** The watched endpoints; the checks made in this run are kept in watch.json. */
export function endpointsSource(): OverviewSource {
  return {
    name: 'watched endpoints',
    async gather(ctx) {
      const list = (await readWatches(ctx.deps)).filter((w) => w.kind === 'endpoint' && (ctx.watchId === undefined || w.id === ctx.watchId));
      const due = list.filter((w) => ctx.recheck === 'all' || ctx.watchId !== undefined || w.lastCheck === null);
      const fresh = new Map<string, EndpointCheck>();
      let next = 0;
      const worker = async (): Promise<void> => {
        for (let w = due[next++]; w; w = due[next++]) {
          ctx.job.throwIfCancelled();
          ctx.job.progress(undefined, `Checking ${w.target}…`);
          fresh.set(w.id, await checkEndpoint(ctx, w));
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, due.length) }, worker));
      await saveChecks(ctx.deps, fresh);
      return list.map((w) => endpointItem(ctx, w, fresh.get(w.id) ?? w.lastCheck));
    },
  };
}
