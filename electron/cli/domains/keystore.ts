// The `keystore` bundle: `certdesk keystore …`.
import './zod-setup.js'; // first: before any schema is built
import { keystoreOps } from '../../../shared/contract/keystore.js';
import { keystoreHandlers } from '../../core/keystore/service.js';
import { vaultKeystorePasswords } from '../../core/vault/keystore-passwords.js';
import { keystoreList } from '../commands/keystore.js';
import { keystoreDelete, keystoreImportKey, keystoreImportPfx, keystorePasswd, keystoreRename, keystoreTrust } from '../commands/keystore-change.js';
import { keystoreConvert, keystoreExportCert } from '../commands/keystore-files.js';
import { domainModule } from './host.js';

export const domain = domainModule<'keystore'>({ contract: keystoreOps, handlers: (deps) => keystoreHandlers(deps, vaultKeystorePasswords(deps)) }, {
  'keystore list': keystoreList,
  'keystore import-pfx': keystoreImportPfx,
  'keystore import-key': keystoreImportKey,
  'keystore trust': keystoreTrust,
  'keystore delete': keystoreDelete,
  'keystore rename': keystoreRename,
  'keystore passwd': keystorePasswd,
  'keystore export-cert': keystoreExportCert,
  'keystore convert': keystoreConvert,
});
