/**
 * The parsers under fuzzing, each with seeds made at run time by the real tools (openssl, keytool):
 * every mutated input must end in a value or a typed CertdeskError, never anything else.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAgentGateway, enableHttps } from '../../electron/core/keystore/agent-config.js';
import { readJavaKeystore } from '../../electron/core/keystore/jks.js';
import { readP12Keystore } from '../../electron/core/keystore/p12-store.js';
import { inspectBytes } from '../../electron/core/pki/inspect.js';
import { parsePem } from '../../electron/core/pki/pem.js';
import { certificatesFromPkcs7 } from '../../electron/core/pki/pkcs7.js';
import { readPkcs12 } from '../../electron/core/pki/pkcs12.js';
import { keytool, makePki, openssl } from '../unit/core/pki/helpers.js';

export interface FuzzTarget {
  readonly name: string;
  /** Real files the mutations start from. */
  readonly seeds: readonly Buffer[];
  /** Parses one input; returns a value or throws (a typed error passes, anything else fails). */
  parse(input: Buffer): unknown;
}

/** The store password the seeds are made with (a fixed test value, not a secret of anyone's). */
export const FUZZ_PASSWORD = 'fuzz-pass';

/** Builds every target's seeds in `dir` (about 10 s: one PKI, two keystores). */
export function buildTargets(dir: string): FuzzTarget[] {
  const pki = makePki(dir);
  const env = { FUZZ_PW: FUZZ_PASSWORD };
  const o = (args: string[]) => openssl(dir, args, { env });
  const file = (name: string) => readFileSync(join(dir, name));
  o(['x509', '-in', pki.leafRsa, '-outform', 'DER', '-out', 'leaf.der']);
  o(['crl2pkcs7', '-nocrl', '-certfile', pki.leafRsa, '-certfile', pki.inter, '-outform', 'DER', '-out', 'chain.p7b']);
  o(['pkcs12', '-export', '-inkey', pki.leafEcKey, '-in', pki.leafEc, '-certfile', pki.inter, '-passout', 'env:FUZZ_PW', '-out', 'modern.p12']);
  o(['pkcs12', '-export', '-legacy', '-inkey', pki.leafRsaKey, '-in', pki.leafRsa, '-passout', 'env:FUZZ_PW', '-out', 'legacy.p12']);
  for (const type of ['JKS', 'JCEKS']) {
    const store = `store.${type.toLowerCase()}`;
    keytool(dir, ['-importcert', '-noprompt', '-alias', 'root', '-file', pki.root, '-keystore', store, '-storetype', type, '-storepass:env', 'FUZZ_PW'], { env });
    keytool(dir, ['-importkeystore', '-srckeystore', 'modern.p12', '-srcstoretype', 'PKCS12', '-srcstorepass:env', 'FUZZ_PW', '-destkeystore', store, '-deststoretype', type, '-deststorepass:env', 'FUZZ_PW', '-destkeypass:env', 'FUZZ_PW', '-noprompt'], { env });
  }
  const pemChain = Buffer.concat([file(pki.leafRsa), file(pki.inter), file(pki.leafRsaKey)]);
  const agentXml = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<!-- <service-gateway ssl="true"/> -->\n<config>\n  <service-gateway ssl=\'false\' port="8081" host="0.0.0.0"/>\n  <web-server port="8082"/>\n</config>\n',
  );
  const p12s = [file('modern.p12'), file('legacy.p12')];
  const java = [file('store.jks'), file('store.jceks')];
  return [
    { name: 'pem', seeds: [pemChain, file(pki.root)], parse: (b) => parsePem(b) },
    { name: 'inspect (PEM, DER, PKCS#7, keys)', seeds: [pemChain, file('leaf.der'), file('chain.p7b')], parse: (b) => inspectBytes(b, { password: FUZZ_PASSWORD }) },
    { name: 'pkcs7', seeds: [file('chain.p7b')], parse: (b) => certificatesFromPkcs7(b) },
    { name: 'pkcs12', seeds: p12s, parse: (b) => readPkcs12(b, FUZZ_PASSWORD) },
    { name: 'pkcs12 keystore', seeds: p12s, parse: (b) => readP12Keystore(b, FUZZ_PASSWORD) },
    // Without the password the integrity check is skipped, so mutations reach every field.
    { name: 'jks/jceks (structure)', seeds: java, parse: (b) => readJavaKeystore(b, null) },
    { name: 'jks/jceks (with password)', seeds: java, parse: (b) => readJavaKeystore(b, FUZZ_PASSWORD) },
    { name: 'agent xml', seeds: [agentXml], parse: (b) => [readAgentGateway(b), enableHttps(b)] },
  ];
}
