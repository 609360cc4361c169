import { X509Certificate, createHash, createHmac, randomBytes } from 'node:crypto';
import { CertdeskError } from '../errors.js';
import * as A from '../pki/asn1-build.js';
import { type DerNode, DerError, explicitOf, isUniversal, octetsOf, oidOf, parseDer, seqOf, stringOf, TAG } from '../pki/der.js';
import { OID } from '../pki/oids.js';
import { DEFAULT_ITERATIONS, DecryptError, bmpPassword, decryptPrivateKeyInfo, encryptPrivateKeyInfo, hashLength, oidForHash, pbeDecrypt, pbeEncrypt, pkcs12Kdf } from '../pki/pbe.js';
import { readPkcs12 } from '../pki/pkcs12.js';
import type { Pkcs12Contents } from '../pki/pkcs12-types.js';
import { declaredDerLength } from './detect.js';
import { corrupt } from './java-data.js';
import { lockedKey } from './key-errors.js';
import { attribute, certBag, derSequence, safeBag } from './p12-bags.js';
import type { ExtraBag, Keystore, KeystoreEntry } from './model.js';

/**
 * PKCS#12 as a Java keystore: private keys, trusted certificates and secret keys (Java's secretBag
 * holding a shrouded key info), with every other bag kept. Protected blobs that still open with the
 * password being written are written back byte for byte; the rest is protected afresh.
 */

interface Bag {
  id: string;
  der: Buffer;
  value: DerNode;
  alias?: string;
  localKeyId?: Buffer;
}

/** Secret-key algorithm names by the OID Java writes in the key info (AlgorithmId.get(name)). */
const SECRET_ALGORITHMS: Record<string, string> = {
  '2.16.840.1.101.3.4.1': 'AES',
  '1.2.840.113549.2.7': 'HmacSHA1',
  '1.2.840.113549.2.8': 'HmacSHA224',
  '1.2.840.113549.2.9': 'HmacSHA256',
  '1.2.840.113549.2.10': 'HmacSHA384',
  '1.2.840.113549.2.11': 'HmacSHA512',
  '1.2.840.113549.3.7': 'DESede',
  '1.3.14.3.2.7': 'DES',
};

/** Reads a PKCS#12 keystore: every entry Java lists, plus the bags it does not (kept aside). */
export function readP12Keystore(bytes: Buffer, storePassword: string): Keystore {
  const p12 = readChecked(bytes, storePassword);
  const bags = walkBags(bytes, storePassword);
  // PKCS#12 keeps no entry dates; Java shows the load time, and so do we.
  const now = new Date();
  const entries: KeystoreEntry[] = p12.keys.map((k) => {
    const id = k.localKeyId;
    const bag = bags.find((b) => b.id === OID.shroudedKeyBag && (id ? b.localKeyId?.equals(id) : b.alias === k.alias));
    return {
      alias: k.alias,
      kind: 'privateKey',
      created: now,
      chainDer: k.chainDer,
      keyPkcs8Der: k.keyPkcs8Der,
      ...(bag ? { sealed: { format: 'PKCS12' as const, bytes: Buffer.from(bag.value.raw) } } : {}),
      ...(id ? { localKeyId: id } : {}),
    };
  });
  // Java lists only certificates carrying its trusted-key-usage attribute as trusted entries.
  p12.certs.forEach((c, i) => {
    if (c.trusted) entries.push({ alias: c.alias ?? `cert-${i + 1}`, kind: 'trustedCert', created: now, chainDer: [c.certDer] });
  });
  let unnamed = 0;
  const unreadable: ExtraBag[] = [];
  for (const b of bags.filter((x) => x.id === OID.secretBag)) {
    const secret = readSecretBag(b, storePassword);
    if (secret) entries.push({ ...secret, alias: b.alias ?? `secret-${++unnamed}`, created: now });
    else unreadable.push({ what: `a secret bag${named(b)} of a type Certdesk cannot read`, der: Buffer.from(b.der), carriable: false });
  }
  const extraBags = [...extrasOf(bags, entries), ...unreadable];
  return extraBags.length > 0 ? { type: 'PKCS12', entries, extraBags } : { type: 'PKCS12', entries };
}

/** Writes the model as a PKCS#12 keystore (AES-256/PBES2, SHA-256 MAC), as Java 17+ reads it. */
export function writeP12Keystore(ks: Keystore, storePassword: string): Buffer {
  const refused = (ks.extraBags ?? []).find((b) => !b.carriable);
  if (refused)
    throw new CertdeskError(
      'UNSUPPORTED_FORMAT',
      `The keystore holds ${refused.what}, which Certdesk cannot write back; the change was not made so that nothing is lost.`,
      'Make this change with keytool, or remove that content with the tool that added it.',
    );
  const certBags: Buffer[] = [];
  const keyBags: Buffer[] = [];
  const written: Buffer[] = [];
  for (const e of ks.entries) {
    switch (e.kind) {
      case 'privateKey': {
        const [leaf, ...chain] = e.chainDer;
        if (!e.keyPkcs8Der) throw lockedKey(e.alias);
        const localKeyId = e.localKeyId ?? sha1(leaf ?? e.keyPkcs8Der);
        const attrs = [attribute(OID.friendlyName, A.bmp(e.alias)), attribute(OID.localKeyId, A.octets(localKeyId))];
        keyBags.push(safeBag(OID.shroudedKeyBag, protect(e, e.keyPkcs8Der, storePassword), attrs));
        if (leaf) certBags.push(certBag(leaf, attrs));
        for (const c of chain) {
          if (written.some((w) => w.equals(c))) continue;
          written.push(c);
          certBags.push(certBag(c, []));
        }
        break;
      }
      case 'trustedCert': {
        const [der] = e.chainDer;
        if (der) certBags.push(certBag(der, [attribute(OID.friendlyName, A.bmp(e.alias)), attribute(OID.javaTrustedKeyUsage, A.oid(OID.anyExtendedKeyUsage))]));
        break;
      }
      case 'secretKey': {
        if (e.sealed?.format !== 'PKCS12')
          throw new CertdeskError(
            'UNSUPPORTED_FORMAT',
            `The secret key '${e.alias}' cannot be written to PKCS#12 by Certdesk (it comes from a ${e.sealed?.format ?? 'different'} keystore, whose secret-key form differs).`,
            'Convert it with keytool -importkeystore, or delete the secret key entry first.',
          );
        const attrs = [attribute(OID.friendlyName, A.bmp(e.alias)), ...(e.localKeyId ? [attribute(OID.localKeyId, A.octets(e.localKeyId))] : [])];
        // A secret that did not open with the store password keeps its own protection, as read.
        const epki = e.secretPlain ? protect(e, e.secretPlain, storePassword) : e.sealed.bytes;
        keyBags.push(safeBag(OID.secretBag, A.toDer(A.seq([A.oid(OID.shroudedKeyBag), A.explicit(0, A.octets(epki))])), attrs));
        break;
      }
      default: {
        const never: never = e.kind;
        return never;
      }
    }
  }
  for (const b of ks.extraBags ?? []) certBags.push(b.der);
  return assemble(certBags, keyBags, storePassword);
}

/** The entry's protected blob as read when it still opens to the same content with `password`, else a fresh one. */
function protect(e: KeystoreEntry, plain: Buffer, password: string): Buffer {
  if (e.sealed?.format === 'PKCS12') {
    try {
      if (decryptPrivateKeyInfo(parseDer(e.sealed.bytes), password).equals(plain)) return e.sealed.bytes;
    } catch (err) {
      if (!(err instanceof DecryptError)) throw err;
    }
  }
  return A.toDer(encryptPrivateKeyInfo(plain, password, 'modern', DEFAULT_ITERATIONS));
}

function readSecretBag(b: Bag, password: string): Omit<KeystoreEntry, 'alias' | 'created'> | null {
  const [typeNode, valueNode] = seqOf(b.value, 'a secret bag');
  if (oidOf(typeNode) !== OID.shroudedKeyBag) return null; // kept as an uncarriable extra
  const epki = octetsOf(explicitOf(valueNode, 0, 'a secret value'));
  const entry: Omit<KeystoreEntry, 'alias' | 'created'> = {
    kind: 'secretKey',
    chainDer: [],
    sealed: { format: 'PKCS12', bytes: Buffer.from(epki) },
    ...(b.localKeyId ? { localKeyId: b.localKeyId } : {}),
  };
  let plain: Buffer;
  try {
    plain = decryptPrivateKeyInfo(parseDer(epki), password);
  } catch (err) {
    if (err instanceof DecryptError) return entry;
    throw err;
  }
  const [, algId] = seqOf(parseDer(plain), 'a secret key');
  const oid = oidOf(seqOf(algId, 'a secret key algorithm')[0]);
  return { ...entry, secretPlain: plain, secretAlgorithm: SECRET_ALGORITHMS[oid] ?? oid };
}

/** Bags that are not entries: certificates outside every entry, CRLs, and anything unknown. */
function extrasOf(bags: Bag[], entries: KeystoreEntry[]): ExtraBag[] {
  const used = entries.flatMap((e) => e.chainDer);
  const out: ExtraBag[] = [];
  for (const b of bags) {
    const der = Buffer.from(b.der);
    switch (b.id) {
      case OID.shroudedKeyBag:
      case OID.keyBag:
        break; // every key is an entry (readPkcs12 pairs them all)
      case OID.certBag: {
        const [type, value] = seqOf(b.value, 'a certificate bag');
        if (oidOf(type) !== OID.x509Certificate) {
          out.push({ what: `a non-X.509 certificate bag${named(b)}`, der, carriable: true });
          break;
        }
        const cert = octetsOf(explicitOf(value, 0, 'a certificate'));
        if (!used.some((u) => u.equals(cert))) out.push({ what: `the certificate ${subjectOf(cert)}${named(b)}, which belongs to no entry`, der, carriable: true });
        break;
      }
      case OID.crlBag:
        out.push({ what: `a certificate revocation list${named(b)}`, der, carriable: true });
        break;
      case OID.secretBag:
        break; // read by readSecretBag

      default:
        out.push({ what: `a PKCS#12 bag of unknown type ${b.id}${named(b)}`, der, carriable: false });
    }
  }
  return out;
}

function named(b: Bag): string {
  return b.alias !== undefined ? ` ('${b.alias}')` : '';
}

function subjectOf(der: Buffer): string {
  try {
    return new X509Certificate(der).subject.replace(/\n/g, ', ');
  } catch {
    return '(unreadable)';
  }
}

function readChecked(bytes: Buffer, storePassword: string): Pkcs12Contents {
  // Tell a cut-off file apart from a foreign one before the PKCS#12 reader looks at it.
  const declared = declaredDerLength(bytes);
  if (declared !== null && declared !== Infinity && declared > bytes.length) throw corrupt('the file is truncated');
  try {
    return readPkcs12(bytes, storePassword);
  } catch (err) {
    // In a keystore context a damaged PKCS#12 is a damaged keystore.
    if (err instanceof CertdeskError && err.code === 'CORRUPT_FILE') throw new CertdeskError('KEYSTORE_CORRUPT', err.message, err.hint);
    throw err;
  }
}

/** Every SafeBag in the file, with its attributes (readPkcs12 has already checked the MAC and password). */
function walkBags(bytes: Buffer, password: string): Bag[] {
  const out: Bag[] = [];
  try {
    const [, authSafeInfo] = seqOf(parseDer(bytes, { allowTrailing: true }), 'a PFX structure');
    const [, content] = seqOf(authSafeInfo, 'the authenticated safe');
    const authSafe = octetsOf(explicitOf(content, 0, 'the authenticated safe content'));
    for (const info of seqOf(parseDer(authSafe), 'the authenticated safe')) {
      const [type, body] = seqOf(info, 'a content info');
      const t = oidOf(type);
      if (t === OID.data) collect(parseDer(octetsOf(explicitOf(body, 0, 'data content'))), out, 0);
      else if (t === OID.encryptedData) {
        const [, encInfo] = seqOf(explicitOf(body, 0, 'encrypted data'), 'encrypted data');
        const [, algId, encrypted] = seqOf(encInfo, 'encrypted content info');
        if (algId && encrypted) collect(parseDer(pbeDecrypt(algId, octetsOf(encrypted), password, bmpPassword(password))), out, 0);
      }
    }
  } catch (err) {
    if (err instanceof DerError || err instanceof DecryptError) throw corrupt(`a PKCS#12 bag could not be read (${err.message})`);
    throw err;
  }
  return out;
}

function collect(safe: DerNode, out: Bag[], depth: number): void {
  if (depth > 8) throw new DerError('Safe contents are nested too deeply');
  for (const node of seqOf(safe, 'safe contents')) {
    const [idNode, wrapped, attrNode] = seqOf(node, 'a safe bag');
    const id = oidOf(idNode);
    const value = explicitOf(wrapped, 0, 'a bag value');
    if (id === OID.safeContentsBag) {
      collect(value, out, depth + 1);
      continue;
    }
    const bag: Bag = { id, der: node.raw, value };
    if (isUniversal(attrNode, TAG.SET)) {
      for (const attr of seqOf(attrNode, 'bag attributes', TAG.SET)) {
        const [type, values] = seqOf(attr, 'a bag attribute');
        const first = values ? seqOf(values, 'attribute values', TAG.SET)[0] : undefined;
        const attrId = oidOf(type);
        if (attrId === OID.friendlyName && first) {
          const alias = stringOf(first);
          if (alias !== undefined) bag.alias = alias;
        } else if (attrId === OID.localKeyId && first) bag.localKeyId = Buffer.from(octetsOf(first));
      }
    }
    out.push(bag);
  }
}

function assemble(certBags: Buffer[], keyBags: Buffer[], password: string): Buffer {
  const contents: A.Asn1[] = [];
  if (certBags.length > 0) {
    const { algId, ciphertext } = pbeEncrypt(derSequence(certBags), password, 'modern', DEFAULT_ITERATIONS);
    const encryptedData = A.seq([A.int(0), A.seq([A.oid(OID.data), algId, A.implicitOctets(0, ciphertext)])]);
    contents.push(A.seq([A.oid(OID.encryptedData), A.explicit(0, encryptedData)]));
  }
  if (keyBags.length > 0) contents.push(A.seq([A.oid(OID.data), A.explicit(0, A.octets(derSequence(keyBags)))]));
  const authSafe = A.toDer(A.seq(contents));
  const salt = randomBytes(8);
  const macKey = pkcs12Kdf(bmpPassword(password), salt, 3, DEFAULT_ITERATIONS, hashLength('sha256'), 'sha256');
  const mac = createHmac('sha256', macKey).update(authSafe).digest();
  return A.toDer(
    A.seq([
      A.int(3),
      A.seq([A.oid(OID.data), A.explicit(0, A.octets(authSafe))]),
      A.seq([A.seq([A.seq([A.oid(oidForHash('sha256')), A.nul()]), A.octets(mac)]), A.octets(salt), A.int(DEFAULT_ITERATIONS)]),
    ]),
  );
}

function sha1(data: Buffer): Buffer {
  return createHash('sha1').update(data).digest();
}
