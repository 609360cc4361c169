/** Adding a watch: what the target is (endpoint, certificate file or keystore), checked before anything is kept. */
import { basename, resolve } from 'node:path';
import type { Watch, WatchKind } from '../../../shared/contract/overview.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { CoreInput } from '../handler.js';
import { javaKeystoreFormat } from '../keystore/jks.js';
import { loadKeystore } from '../keystore/keystore.js';
import { describeCertificate } from '../pki/cert-facts.js';
import { certificatesFrom } from '../pki/pem.js';
import { looksLikePkcs12 } from '../pki/pkcs12.js';
import { readInput } from '../store/read-file.js';
import { parseTarget } from '../tls/target.js';
import type { OverviewPorts } from './ports.js';
import { subjectName } from './ports.js';
import { addWatch, keychainAccount, removeWatch } from './watch-store.js';

/** A URL, or host:port that is not a file here, is an endpoint. */
function looksLikeEndpoint(target: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(target) || /^(\[[0-9a-f:]+\]|[a-z0-9.-]+):\d{1,5}$/i.test(target);
}

/** Certificates a file holds, or null when it is not a certificate file. */
function certificatesOrNull(bytes: Buffer): Buffer[] | null {
  try {
    const ders = certificatesFrom(bytes);
    return ders.length ? ders : null;
  } catch {
    return null;
  }
}

function fileKind(bytes: Buffer): Exclude<WatchKind, 'endpoint'> {
  if (javaKeystoreFormat(bytes)) return 'keystore';
  if (certificatesOrNull(bytes)) return 'certificate';
  if (looksLikePkcs12(bytes)) return 'keystore';
  throw new CertdeskError('UNSUPPORTED_FORMAT', 'This file is neither a certificate (PEM or DER) nor a keystore (JKS, JCEKS or PKCS#12).', 'Choose a certificate file or a keystore.');
}

/** Checks the target, then keeps the watch (and a given keystore password in the keychain). */
export async function watchAdd(deps: CoreDeps, ports: OverviewPorts, input: CoreInput<'watch.add'>) {
  const now = deps.clock.now();
  const base = { added: now.toISOString(), caFiles: input.caFiles.map((p) => resolve(p)), password: { from: 'none' as const } };
  const endpoint = input.kind === 'endpoint' || (input.kind === undefined && looksLikeEndpoint(input.target));
  if (endpoint) {
    if (input.password !== undefined || input.credential !== undefined) throw new CertdeskError('VALIDATION_FAILED', 'An endpoint needs no password.', 'Give a password only for a keystore.');
    parseTarget(input.target);
    return addWatch(deps, { ...base, kind: 'endpoint', name: input.name ?? input.target, target: input.target });
  }
  const path = resolve(input.target);
  const bytes = await readInput(path, 'file to watch', 'keystore');
  const kind = input.kind ?? fileKind(bytes);
  if (kind === 'certificate') {
    const ders = certificatesOrNull(bytes);
    if (!ders) throw new CertdeskError('UNSUPPORTED_FORMAT', `${path} holds no certificate.`, 'Choose a PEM or DER certificate file.');
    if (input.password !== undefined || input.credential !== undefined) throw new CertdeskError('VALIDATION_FAILED', 'A certificate file needs no password.', 'Give a password only for a keystore.');
    const name = input.name ?? subjectName(describeCertificate(ders[0] as Buffer, now).subject);
    return addWatch(deps, { ...base, kind, name, target: path });
  }
  // A keystore-password credential kept for this very file is used when nothing else is given.
  const credential = input.credential ?? (input.password === undefined ? ((await ports.keystoreCredential?.(path)) ?? undefined) : undefined);
  if (input.password === undefined && credential === undefined)
    throw new CertdeskError('PASSWORD_REQUIRED', 'A keystore is watched with its store password.', 'Give the password, or name a vault credential of kind keystore-password that holds it.');
  const password = input.password ?? (await credentialPassword(ports, credential ?? ''));
  // Opening it now refuses a wrong password before anything is kept.
  loadKeystore(bytes, password, { lockedKeys: 'keep' });
  const name = input.name ?? basename(path);
  if (credential !== undefined) return addWatch(deps, { ...base, kind, name, target: path, password: { from: 'credential', name: credential } });
  const added = await addWatch(deps, { ...base, kind, name, target: path, password: { from: 'keychain' } });
  try {
    await deps.keychain.set(keychainAccount(added.watch.id), password);
  } catch (err) {
    await removeWatch(deps, added.watch.id);
    throw new CertdeskError('SECRET_STORE_UNAVAILABLE', `The keystore password could not be kept in the OS keychain: ${err instanceof Error ? err.message : String(err)}`, 'Keep it in a vault credential instead, or unlock the keychain.');
  }
  return added;
}

async function credentialPassword(ports: OverviewPorts, name: string): Promise<string> {
  if (!ports.credentialSecret) throw new CertdeskError('VALIDATION_FAILED', `The vault is not available here, so the credential '${name}' cannot be read.`, 'Give the keystore password instead.');
  return ports.credentialSecret(name, 'password');
}

/** Removes a watch and the password kept for it. */
export async function watchRemove(deps: CoreDeps, ref: string): Promise<{ removed: Watch; write: Awaited<ReturnType<typeof removeWatch>>['write'] }> {
  const r = await removeWatch(deps, ref);
  if (r.removed.password.from === 'keychain') await deps.keychain.delete(keychainAccount(r.removed.id)).catch(() => false);
  return r;
}
