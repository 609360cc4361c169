/** The PKI core's public surface (wiring only). */
export { describeCertificate, colonHex } from './cert-facts.js';
export { createCsr, createSelfSigned, inspectCsr, matchCaReply, type CsrInput, type KeyInput, type SelfSignedInput } from './create.js';
export { inspectBytes, type InspectOptions } from './inspect.js';
export {
  exportPrivateKeyPem, generateKey, keyMatchesCertificate, parsePrivateKey, publicKeyOf, samePublicKey, type ParsedKey,
} from './keys.js';
export { certificatesFromAny } from './pkcs7.js';
export { looksLikePkcs12, readPkcs12, writePkcs12 } from './pkcs12.js';
export type { Pkcs12CertEntry, Pkcs12Contents, Pkcs12KeyEntry, Pkcs12Profile } from './pkcs12-types.js';
export { createPfx, createPfxFromFiles, extractPfx, toDer, toPem, type CreatePfxInput, type PfxFromFilesInput } from './pfx.js';
export { orderChain } from './chain.js';
