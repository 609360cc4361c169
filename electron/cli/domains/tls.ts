// The `tls` bundle: `certdesk tls …`.
import { tlsAgentCheck, tlsCheck, tlsScan } from '../commands/tls.js';
import { domainModule } from './host.js';

export const domain = domainModule<'tls'>({ 'tls check': tlsCheck, 'tls scan': tlsScan, 'tls agent-check': tlsAgentCheck });
