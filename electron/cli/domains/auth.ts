// The `auth` bundle: `certdesk auth …`.
import './zod-setup.js'; // first: before any schema is built
import { authOps } from '../../../shared/contract/auth.js';
import { authHandlers } from '../../core/auth/service.js';
import { authRemove, authRunAll, authSave, authTest, authTests } from '../commands/auth.js';
import { domainModule } from './host.js';

export const domain = domainModule<'auth'>(
  { contract: authOps, handlers: authHandlers },
  { 'auth test': authTest, 'auth save': authSave, 'auth tests': authTests, 'auth remove': authRemove, 'auth run-all': authRunAll },
);
