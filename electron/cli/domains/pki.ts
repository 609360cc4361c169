// The `pki` bundle: inspect, cert, csr and pfx commands.
import { certCreate, csrCreate, csrImportReply } from '../commands/pki-create.js';
import { certExport, inspect } from '../commands/pki-inspect.js';
import { pfxConvert, pfxCreate, pfxExtract } from '../commands/pki-pfx.js';
import { domainModule } from './host.js';

export const domain = domainModule<'pki'>({
  inspect,
  'cert create': certCreate,
  'cert export': certExport,
  'csr create': csrCreate,
  'csr import-reply': csrImportReply,
  'pfx create': pfxCreate,
  'pfx extract': pfxExtract,
  'pfx convert': pfxConvert,
});
