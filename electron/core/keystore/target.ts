/**
 * What a form needs to prefill "put it in a keystore": the type of the file that is there (read
 * from its bytes, no password needed), the type a new file gets from its name, and an alias.
 */
import { extname, resolve } from 'node:path';
import type { WritableStoreType } from '../../../shared/contract/keystore.js';
import { aliasFromCommonName } from '../pki/alias.js';
import { readBoundedOrNull } from '../store/read-file.js';
import { detectKeystoreType } from './detect.js';

/** The type a new keystore gets from its name: .jks/.ks → JKS, anything else PKCS#12 (keytool's default since Java 9). */
export function storeTypeForNewFile(path: string): WritableStoreType {
  const ext = extname(path).toLowerCase();
  return ext === '.jks' || ext === '.ks' ? 'jks' : 'pkcs12';
}

/** keystore.describeTarget: an existing file's detected type, or the type a new one would get, and the alias suggested for `cn`. */
export async function describeKeystoreTarget(input: { path: string; cn?: string | undefined }) {
  const path = resolve(input.path);
  const bytes = await readBoundedOrNull(path, { kind: 'keystore', what: 'keystore' });
  const suggestedAlias = input.cn === undefined || input.cn.trim() === '' ? null : aliasFromCommonName(input.cn);
  return bytes === null
    ? { path, exists: false, type: null, storeType: storeTypeForNewFile(path), suggestedAlias }
    : { path, exists: true, type: detectKeystoreType(bytes), storeType: null, suggestedAlias };
}
