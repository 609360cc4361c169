/**
 * Turns a check's input (paths, passwords, proxy words) into what `checkTls` takes, reading every
 * file through the bounded reader and every keystore through the keystore domain.
 */
import { basename } from 'node:path';
import type { TlsClientCertInput, TlsTrustInput } from '../../../shared/contract/tls.js';
import type { CoreDeps } from '../deps.js';
import { exportPrivateKeyPem, parsePrivateKey } from '../pki/keys.js';
import type { ClientCert } from './handshake.js';
import type { TlsCheckOptions } from './check.js';
import { javaTrust, type TrustSource } from './trust.js';

type Files = Pick<CoreDeps, 'files'>;

/** The trust source an input names, its files read (CA files as certificates, a Java store as a keystore). */
export async function trustFrom(deps: Files, trust: TlsTrustInput): Promise<TrustSource> {
  switch (trust.kind) {
    case 'bundled':
    case 'system':
      return { kind: trust.kind };
    case 'caFiles': {
      const pems: Buffer[] = [];
      for (const path of trust.paths) pems.push(await deps.files.read(path, { kind: 'certificate', what: 'CA file' }));
      return { kind: 'ca-files', pems };
    }
    case 'javaTrustStore': {
      const bytes = await deps.files.read(trust.path, { kind: 'keystore', what: 'Java trust store' });
      return javaTrust(bytes, trust.storePassword, basename(trust.path));
    }
    default: {
      const never: never = trust;
      throw new Error(`unknown trust ${JSON.stringify(never)}`);
    }
  }
}

/** The client certificate an input names: a .pfx as it is, or a certificate with its key decrypted in memory. */
export async function clientCertFrom(deps: Files, input: TlsClientCertInput | undefined): Promise<ClientCert | undefined> {
  if (!input) return undefined;
  if ('pfxPath' in input) return { pfx: await deps.files.read(input.pfxPath, { kind: 'pfx', what: 'client certificate .pfx' }), password: input.password };
  const certPem = await deps.files.read(input.certPath, { kind: 'certificate', what: 'client certificate file' });
  const keyBytes = await deps.files.read(input.keyPath, { kind: 'certificate', what: 'client private key file' });
  // Any key form Certdesk reads (encrypted PKCS#8, legacy DEK-Info, DER) becomes plain PKCS#8 held only in memory.
  const key = parsePrivateKey(keyBytes, input.keyPassword);
  return { certPem, keyPem: exportPrivateKeyPem(key.pkcs8Der) };
}

/** 'none' = direct; a URL = that proxy (checked by the engine); absent = HTTPS_PROXY / NO_PROXY from the environment. */
export function proxyFrom(proxy: string | undefined): string | null | undefined {
  if (proxy === undefined) return undefined;
  return proxy.toLowerCase() === 'none' ? null : proxy;
}

/** The options every check of a request shares. */
export async function checkOptionsFrom(
  deps: Pick<CoreDeps, 'files' | 'settings' | 'clock' | 'env'>,
  input: { trust: TlsTrustInput; timeoutMs: number; proxy?: string | undefined; allowNetworkLookups: boolean },
  signal: AbortSignal,
): Promise<TlsCheckOptions> {
  const proxy = proxyFrom(input.proxy);
  return {
    trust: await trustFrom(deps, input.trust),
    timeoutMs: input.timeoutMs,
    ...(proxy === undefined ? {} : { proxy }),
    env: deps.env,
    allowNetworkLookups: input.allowNetworkLookups,
    expiringSoonDays: deps.settings.expiringSoonDays,
    signal,
    now: deps.clock.now(),
  };
}
