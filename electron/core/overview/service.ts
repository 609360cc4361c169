/** The watch.* and overview.* operations: the watch list, the gathered overview, its exports and reminders. */
import type { overviewOps, OverviewList } from '../../../shared/contract/overview.js';
import type { CoreDeps, JobContext } from '../deps.js';
import type { Handler } from '../handler.js';
import { writeAll } from '../pki/service-io.js';
import { overviewIcs, icsItems } from './ics.js';
import { countBySeverity, judge } from './judge.js';
import { type GatherContext, type OverviewPorts, type OverviewSource, problemText } from './ports.js';
import { reminderText } from './reminders.js';
import { htmlReport, markdownReport } from './report.js';
import { agentKeystoresSource } from './source-agents.js';
import { endpointsSource } from './source-endpoints.js';
import { watchedFilesSource } from './source-files.js';
import { authTestsSource, credentialsSource } from './source-vault.js';
import { watchAdd, watchRemove } from './watch-add.js';
import { readOverviewSettings, readWatches, saveOverviewSettings } from './watch-store.js';

type OverviewOpName = keyof typeof overviewOps;
export type OverviewHandlers = { [N in OverviewOpName]: Handler<N> };

export type { OverviewPorts, SavedAuthTest } from './ports.js';

/** Every source, in a fixed order; a port that is not plugged in gives no source. */
export function overviewSources(ports: OverviewPorts): OverviewSource[] {
  return [watchedFilesSource(ports), endpointsSource(), agentKeystoresSource(ports), credentialsSource(ports), authTestsSource(ports)].filter((s): s is OverviewSource => s !== null);
}

/** Gathers every source (one that fails is a problem, not a failure), judged and sorted; each item is also sent as it is ready. */
export async function gatherOverview(
  deps: CoreDeps,
  ports: OverviewPorts,
  input: { within?: number | undefined; recheck: 'none' | 'all'; watchId?: string | undefined },
  job: JobContext,
): Promise<OverviewList> {
  const now = deps.clock.now();
  const threshold = deps.settings.expiringSoonDays;
  const within = input.within ?? threshold;
  const ctx: GatherContext = { deps, now, threshold, recheck: input.recheck, watchId: input.watchId, job };
  const gathered = [];
  const problems = [];
  for (const source of overviewSources(ports)) {
    job.throwIfCancelled();
    try {
      const items = judge(await source.gather(ctx), threshold, within);
      for (const item of items) job.item(item.key, item);
      gathered.push(...items);
    } catch (err) {
      job.throwIfCancelled();
      problems.push({ source: source.name, message: problemText(err) });
    }
  }
  const items = judge(gathered, threshold, within);
  return { items, within, threshold, attention: items.filter((i) => i.attention).length, counts: countBySeverity(items), problems, at: now.toISOString() };
}

/** The overview handlers over the core's dependencies and the ports other domains lend. */
export function overviewHandlers(deps: CoreDeps, ports: OverviewPorts = {}): OverviewHandlers {
  const metadataFile = (outPath: string, text: string) => ({ path: outPath, bytes: Buffer.from(text, 'utf8'), role: 'metadata' as const });
  return {
    'watch.add': (input) => watchAdd(deps, ports, input),
    'watch.list': async () => ({ watches: await readWatches(deps) }),
    'watch.remove': (input) => watchRemove(deps, input.id),
    'overview.list': (input, job) => gatherOverview(deps, ports, input, job),
    'overview.exportIcs': async (input, job) => {
      const list = await gatherOverview(deps, ports, { within: input.within, recheck: 'none' }, job);
      const items = input.within === undefined ? list.items : list.items.filter((i) => (i.expires?.daysLeft ?? Infinity) <= list.within);
      const [write] = await writeAll([metadataFile(input.outPath, overviewIcs(items, deps.clock.now(), list.threshold))], { overwrite: input.overwrite, inputs: [] });
      return { write: write as NonNullable<typeof write>, events: icsItems(items).length };
    },
    'overview.exportReport': async (input, job) => {
      const list = await gatherOverview(deps, ports, { within: input.within, recheck: 'none' }, job);
      const text = input.format === 'html' ? htmlReport(list) : markdownReport(list);
      const [write] = await writeAll([metadataFile(input.outPath, text)], { overwrite: input.overwrite, inputs: [] });
      return { write: write as NonNullable<typeof write>, items: list.items.length };
    },
    'overview.settings': async (input) => ({
      settings: input.recheckMinutes === undefined ? await readOverviewSettings(deps) : await saveOverviewSettings(deps, { recheckMinutes: input.recheckMinutes }),
    }),
    'overview.reminders': async (_input, job) => reminderText((await gatherOverview(deps, ports, { recheck: 'none' }, job)).items),
  };
}
