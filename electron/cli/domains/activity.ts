// The `activity` bundle: `certdesk activity …`.
import './zod-setup.js'; // first: before any schema is built
import { activityOps } from '../../../shared/contract/activity.js';
import { activityHandlers } from '../../core/activity/service.js';
import { activityList, activityRemoveBackups, activityRestore } from '../commands/activity.js';
import { domainModule } from './host.js';

export const domain = domainModule<'activity'>({ contract: activityOps, handlers: activityHandlers }, {
  activity: activityList,
  'activity restore': activityRestore,
  'activity remove-backups': activityRemoveBackups,
});
