/**
 * Every operation name, without the schemas: the preload builds window.certdesk from this list so
 * it stays tiny. `index.ts` checks at compile time that it equals the contract's keys exactly.
 */
export const OP_NAMES = [
  'app.info',
  'dialog.openFile',
  'dialog.saveFile',
  'dialog.openFolder',
  'shell.openExternal',
  'keystore.list',
  'keystore.pfxAliases',
  'keystore.importPfx',
  'keystore.importKey',
  'keystore.trust',
  'keystore.exportCert',
  'keystore.delete',
  'keystore.rename',
  'keystore.changePassword',
  'keystore.convert',
  'keystore.removeBackups',
  'keystore.describeTarget',
  'agent.list',
  'agent.save',
  'agent.remove',
  'agent.status',
  'agent.enableHttps',
  'pki.inspect',
  'pki.createSelfSigned',
  'pki.createCsr',
  'pki.importReply',
  'pki.pfxCreate',
  'pki.pfxExtract',
  'pki.exportCert',
  'pki.pfxConvert',
  'tls.check',
  'tls.scan',
  'tls.saveChain',
  'tls.exportScan',
  'tls.agentCheck',
] as const;

export type OpNameFromList = (typeof OP_NAMES)[number];
