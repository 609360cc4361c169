// The `agent` bundle: `certdesk agent …`.
import { agentHttpsEnable, agentList, agentStatus } from '../commands/agent.js';
import { domainModule } from './host.js';

export const domain = domainModule<'agent'>({ 'agent status': agentStatus, 'agent https-enable': agentHttpsEnable, 'agent list': agentList });
