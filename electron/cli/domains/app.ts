// The `app` bundle: `certdesk info`.
import { appInfo } from '../commands/info.js';
import { domainModule } from './host.js';

export const domain = domainModule<'app'>({ info: appInfo });
