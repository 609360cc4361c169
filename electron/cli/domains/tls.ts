// The `tls` bundle: `certdesk tls …`.
import './zod-setup.js'; // first: before any schema is built
import { tlsOps } from '../../../shared/contract/tls.js';
import { tlsHandlers } from '../../core/tls/service.js';
import { tlsAgentCheck, tlsCheck, tlsScan } from '../commands/tls.js';
import { domainModule } from './host.js';

export const domain = domainModule<'tls'>(
  { contract: tlsOps, handlers: tlsHandlers },
  { 'tls check': tlsCheck, 'tls scan': tlsScan, 'tls agent-check': tlsAgentCheck },
);
