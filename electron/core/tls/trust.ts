/**
 * What the check trusts: Node's bundled Mozilla roots (default), the operating system's store, CA
 * files, or the trusted certificates of a Java trust store. Each becomes the `ca` list OpenSSL
 * verifies with, plus the same certificates loaded for Certdesk's own path building.
 */
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { type LoadedCert, loadCert } from '../pki/chain.js';
import { certificatesFrom, toPem } from '../pki/pem.js';
import { CertdeskError } from '../errors.js';
import { loadKeystore } from '../keystore/keystore.js';
import { type ContextOptions, secureContextOf } from './handshake.js';

export type TrustSource =
  | { kind: 'bundled' }
  | { kind: 'system' }
  | { kind: 'ca-files'; pems: Buffer[] }
  /** Trusted certificates (DER or PEM) read from a JKS/PKCS#12 trust store by the keystore domain. */
  | { kind: 'java'; certificates: Buffer[]; label?: string };

/**
 * The trust a Java caller would have with this trust store (JKS, JCEKS or PKCS#12): its trusted
 * certificates and, as the JDK does, the certificate of each key entry. BAD_PASSWORD as the keystore
 * domain says. Private keys stay sealed: a trust store's password opens its certificates.
 */
export function javaTrust(bytes: Buffer, storePassword: string, label?: string): TrustSource {
  const ks = loadKeystore(bytes, storePassword, { lockedKeys: 'keep' });
  const certificates = ks.entries.flatMap((e) => (e.kind === 'trustedCert' || e.kind === 'privateKey' ? e.chainDer.slice(0, 1) : []));
  return label === undefined ? { kind: 'java', certificates } : { kind: 'java', certificates, label };
}

export interface ResolvedTrust {
  /** PEMs for tls.connect's `ca`; undefined keeps Node's bundled roots. */
  ca: string[] | undefined;
  anchors: LoadedCert[];
  /** In words, for the result ("Node's bundled Mozilla roots (144)"). */
  description: string;
  /**
   * Java (PKIX) takes any trusted certificate as an anchor, intermediate or not; OpenSSL insists on
   * reaching a self-signed root. For a Java trust store the path decides, not OpenSSL's complaint.
   */
  anyAnchor: boolean;
  /**
   * The secure context for handshakes with this trust (`opts.ca` is this trust's `ca`): made once per
   * version/cipher setting and shared by every check of a batch; one with a client certificate is made anew.
   */
  contextFor(opts: ContextOptions): tls.SecureContext;
}

// Where Linux distributions keep the system bundle (Node 20 has no API for the OS store).
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem', '/etc/ssl/ca-bundle.pem'];

let bundled: LoadedCert[] | null = null;

function loadAll(ders: Buffer[]): LoadedCert[] {
  const out: LoadedCert[] = [];
  for (const der of ders) {
    try {
      out.push(loadCert(der));
    } catch {
      // one damaged entry in a large bundle should not stop the check
    }
  }
  return out;
}

function fromDers(ders: Buffer[], description: string): Omit<ResolvedTrust, 'contextFor'> {
  if (ders.length === 0) throw new CertdeskError('VALIDATION_FAILED', `${description} holds no certificate.`, 'Choose a file with at least one CA certificate.');
  return { ca: ders.map((d) => toPem(d)), anchors: loadAll(ders), description, anyAnchor: false };
}

// One resolution per source: a batch passes the same source to each of its checks.
const resolved = new WeakMap<TrustSource, ResolvedTrust>();

/** Turns a trust source into what the handshake and the path builder need (once per source object). */
export function resolveTrust(source: TrustSource): ResolvedTrust {
  let r = resolved.get(source);
  if (!r) resolved.set(source, (r = withContexts(resolveOnce(source))));
  return r;
}

function withContexts(trust: Omit<ResolvedTrust, 'contextFor'>): ResolvedTrust {
  const contexts = new Map<string, tls.SecureContext>();
  return {
    ...trust,
    contextFor(opts) {
      if (opts.clientCert || opts.ca !== trust.ca) return secureContextOf(opts);
      const key = `${opts.minVersion ?? ''}|${opts.maxVersion ?? ''}|${opts.ciphers ?? ''}`;
      let ctx = contexts.get(key);
      if (!ctx) contexts.set(key, (ctx = secureContextOf(opts)));
      return ctx;
    },
  };
}

function resolveOnce(source: TrustSource): Omit<ResolvedTrust, 'contextFor'> {
  switch (source.kind) {
    case 'bundled':
      bundled ??= loadAll(tls.rootCertificates.map((p) => certificatesFrom(p)[0] ?? Buffer.alloc(0)));
      return { ca: undefined, anchors: bundled, description: `Node's bundled Mozilla roots (${tls.rootCertificates.length})`, anyAnchor: false };
    case 'system': {
      for (const file of SYSTEM_BUNDLES) {
        let text: Buffer;
        try {
          text = readFileSync(file);
        } catch {
          continue;
        }
        return fromDers(certificatesFrom(text), `the system store ${file}`);
      }
      throw new CertdeskError('VALIDATION_FAILED', 'No system certificate store was found on this computer.', "Use Node's bundled roots or give a CA file.");
    }
    case 'ca-files': {
      const ders = source.pems.flatMap((p) => certificatesFrom(p));
      return fromDers(ders, `CA file${source.pems.length === 1 ? '' : 's'} (${ders.length} certificate${ders.length === 1 ? '' : 's'})`);
    }
    case 'java': {
      const ders = source.certificates.flatMap((c) => certificatesFrom(c));
      return { ...fromDers(ders, `the Java trust store${source.label ? ` ${source.label}` : ''} (${ders.length} trusted certificate${ders.length === 1 ? '' : 's'})`), anyAnchor: true };
    }
    default: {
      const never: never = source;
      throw new Error(`unknown trust source ${JSON.stringify(never)}`);
    }
  }
}
