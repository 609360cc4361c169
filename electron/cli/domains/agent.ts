// The `agent` bundle: `certdesk agent …`.
import './zod-setup.js'; // first: before any schema is built
import { agentOps } from '../../../shared/contract/agent.js';
import { agentHandlers } from '../../core/agent-profiles/service.js';
import { agentHttpsEnable, agentList, agentStatus } from '../commands/agent.js';
import { domainModule } from './host.js';

export const domain = domainModule<'agent'>(
  { contract: agentOps, handlers: agentHandlers },
  { 'agent status': agentStatus, 'agent https-enable': agentHttpsEnable, 'agent list': agentList },
);
