// The `overview` bundle: `certdesk watch …` and `certdesk overview …`.
import './zod-setup.js'; // first: before any schema is built
import { overviewOps } from '../../../shared/contract/overview.js';
import { overviewPorts } from '../../core/overview/plug.js';
import { overviewHandlers } from '../../core/overview/service.js';
import { overviewExport, overviewList } from '../commands/overview.js';
import { watchAdd, watchList, watchRemove } from '../commands/watch.js';
import { domainModule } from './host.js';

export const domain = domainModule<'overview'>(
  // The bundle carries the watch.* operations too: they are the overview's list of what to gather.
  { contract: overviewOps, handlers: (deps) => overviewHandlers(deps, overviewPorts(deps)) },
  { 'watch add': watchAdd, 'watch list': watchList, 'watch remove': watchRemove, overview: overviewList, 'overview export': overviewExport },
);
