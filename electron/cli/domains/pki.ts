// The `pki` bundle: inspect, cert, csr and pfx commands.
import './zod-setup.js'; // first: before any schema is built
import { pkiOps } from '../../../shared/contract/pki-ops.js';
import { lazyKeystoreKeyPairTarget } from '../../core/keystore/key-pair-target-lazy.js';
import { pkiHandlers } from '../../core/pki/service.js';
import { certCreate, csrCreate, csrImportReply } from '../commands/pki-create.js';
import { certExport, inspect } from '../commands/pki-inspect.js';
import { pfxConvert, pfxCreate, pfxExtract } from '../commands/pki-pfx.js';
import { domainModule } from './host.js';

// Keystore outputs (cert create --out-keystore) load the keystore code when they are asked for.
export const domain = domainModule<'pki'>({ contract: pkiOps, handlers: (deps) => pkiHandlers(deps, lazyKeystoreKeyPairTarget) }, {
  inspect,
  'cert create': certCreate,
  'cert export': certExport,
  'csr create': csrCreate,
  'csr import-reply': csrImportReply,
  'pfx create': pfxCreate,
  'pfx extract': pfxExtract,
  'pfx convert': pfxConvert,
});
