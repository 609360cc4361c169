// The `app` bundle: `certdesk info`.
import './zod-setup.js'; // first: before any schema is built
import { appOps } from '../../../shared/contract/app.js';
import { appHandlers } from '../../core/app/service.js';
import { appInfo } from '../commands/info.js';
import { domainModule } from './host.js';

export const domain = domainModule<'app'>({ contract: appOps, handlers: appHandlers }, { info: appInfo });
