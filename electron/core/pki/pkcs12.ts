/**
 * PKCS#12 (.pfx/.p12) codec for RSA and EC keys.
 *
 * forge.pkcs12 cannot hold EC keys, so the structure is read with our DER reader and written with
 * forge.asn1; keys stay PKCS#8 DER throughout and encryption is in pbe.ts (Node crypto, forge for RC2).
 * Reads what OpenSSL 1.x/3.x (default and -legacy), Java keytool and Windows write.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { CertdeskError } from '../errors.js';
import * as A from './asn1-build.js';
import { chainFrom, holdsPublicKey, IssuerIndex, loadCert } from './chain.js';
import { type DerNode, DerError, explicitOf, intOf, isUniversal, octetsOf, oidOf, parseDer, seqOf, stringOf, TAG } from './der.js';
import { publicKeyOf } from './keys.js';
import { OID } from './oids.js';
import {
  bmpCandidates, bmpPassword, checkIterations, DecryptError, DEFAULT_ITERATIONS, decryptPrivateKeyInfo, encryptPrivateKeyInfo,
  type Hash, hashForOid, hashLength, KdfBudget, kdfWork, oidForHash, pbeDecrypt, pbeEncrypt, pbeFamily, pbeName, pkcs12Kdf,
} from './pbe.js';
import type { Pkcs12CertEntry, Pkcs12Contents, Pkcs12KeyEntry, Pkcs12Profile } from './pkcs12-types.js';

interface BagAttributes { alias?: string; localKeyId?: Buffer; trusted: boolean }
interface RawKey extends BagAttributes { pkcs8: Buffer; family: 'modern' | 'legacy' | 'none' }
interface RawCert extends BagAttributes { der: Buffer }
interface Bags { keys: RawKey[]; certs: RawCert[]; certFamily?: 'modern' | 'legacy'; secretKeys: number; keyAlgs: Set<string>; certAlgs: Set<string> }

/** Cheap shape test: SEQUENCE { INTEGER 3, SEQUENCE ... }. Lets a truncated PFX be told apart from a non-PFX. */
export function looksLikePkcs12(bytes: Buffer): boolean {
  const l = bytes[1];
  if (bytes[0] !== 0x30 || l === undefined) return false;
  const pos = l & 0x80 && l !== 0x80 ? 2 + (l & 0x7f) : 2;
  return bytes[pos] === 0x02 && bytes[pos + 1] === 0x01 && bytes[pos + 2] === 0x03 && bytes[pos + 3] === 0x30;
}

/**
 * Opens a PKCS#12 file: BAD_PASSWORD (MAC checked first), CORRUPT_FILE, or UNSUPPORTED_FORMAT on
 * failure (also when the file asks for more key-derivation work than KDF_BUDGET); CANCELLED between derivations.
 */
export function readPkcs12(bytes: Buffer, password: string, opts: { signal?: AbortSignal } = {}): Pkcs12Contents {
  if (!looksLikePkcs12(bytes)) {
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'This is not a PKCS#12 (.pfx/.p12) file.', 'Check that you chose the right file.');
  }
  try {
    const { authSafe, macData } = parseOuter(bytes);
    const budget = new KdfBudget(opts.signal);
    budget.plan(plannedWork(authSafe, macData));
    const verified = macData ? verifyMac(macData, authSafe, password, budget) : undefined;
    // Without a MAC the password is proven by decryption instead, so every encoding gets a try.
    for (const bmp of verified ? [verified] : bmpCandidates(password)) {
      try {
        return group(readAuthSafe(authSafe, password, bmp, budget), macData ? macHashName(macData) : null);
      } catch (err) {
        if (!(err instanceof DecryptError)) throw err;
      }
    }
    if (verified) {
      throw new CertdeskError('BAD_PASSWORD', 'The file password is right, but an entry inside is protected by a different password.',
        'Export the file again with one password for the file and its keys.');
    }
    throw new DecryptError('no password form decrypted the file');
  } catch (err) {
    if (err instanceof DerError) throw new CertdeskError('CORRUPT_FILE', `The PKCS#12 file is damaged or truncated (${err.message}).`);
    if (err instanceof DecryptError) {
      throw wrongPfxPassword();
    }
    throw err;
  }
}

/** The wrong-password error of a .pfx file; a PKCS#12 keystore's loader words it as the keystore password. */
export function wrongPfxPassword(): CertdeskError {
  return new CertdeskError('BAD_PASSWORD', 'The .pfx password is wrong.', 'Check the password of the .pfx file; it is case-sensitive.');
}

/** True for the error `wrongPfxPassword` makes (not for "an entry inside has another password"). */
export function isWrongPfxPassword(err: unknown): boolean {
  return err instanceof CertdeskError && err.code === 'BAD_PASSWORD' && err.message === wrongPfxPassword().message;
}

function parseOuter(bytes: Buffer): { authSafe: Buffer; macData: DerNode | undefined } {
  const [version, authSafeInfo, macData] = seqOf(parseDer(bytes, { allowTrailing: true }), 'a PFX structure');
  const v = intOf(version, 'the PFX version');
  if (v !== 3) throw new CertdeskError('UNSUPPORTED_FORMAT', `PKCS#12 version ${v} is not supported (only version 3 is in use).`);
  const [type, content] = seqOf(authSafeInfo, 'the authenticated safe');
  const contentType = oidOf(type);
  if (contentType === OID.signedData) {
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'This PKCS#12 file uses public-key integrity mode, which Certdesk does not support.',
      'Export it again with a password.');
  }
  if (contentType !== OID.data) throw new DerError('Unexpected authenticated safe type');
  return { authSafe: octetsOf(explicitOf(content, 0, 'the authenticated safe content')), macData };
}

/** Checks the MAC with each password form; returns the form that matched, BAD_PASSWORD if none. */
/**
 * The derivation work visible before any decryption: the MAC and every encrypted part and key bag
 * in plain safes (bags inside encrypted safes are counted as they are reached).
 */
function plannedWork(authSafe: Buffer, macData: DerNode | undefined): number {
  let work = 0;
  if (macData) {
    const iterNode = seqOf(macData, 'the MAC data')[2];
    work += iterNode ? intOf(iterNode) : 1;
  }
  for (const info of seqOf(parseDer(authSafe), 'the authenticated safe')) {
    const [type, content] = seqOf(info, 'a content info');
    const contentType = oidOf(type);
    if (contentType === OID.encryptedData) {
      const [, encInfo] = seqOf(explicitOf(content, 0, 'encrypted data'), 'encrypted data');
      const algId = seqOf(encInfo, 'encrypted content info')[1];
      if (algId) work += kdfWork(algId);
    } else if (contentType === OID.data) {
      for (const bag of seqOf(parseDer(octetsOf(explicitOf(content, 0, 'data content'))), 'safe contents')) {
        const [idNode, wrapped] = seqOf(bag, 'a safe bag');
        if (oidOf(idNode) !== OID.shroudedKeyBag) continue;
        const algId = seqOf(explicitOf(wrapped, 0, 'a bag value'), 'an encrypted key')[0];
        if (algId) work += kdfWork(algId);
      }
    }
  }
  return work;
}

function verifyMac(macData: DerNode, authSafe: Buffer, password: string, budget: KdfBudget): Buffer {
  const [digestInfo, saltNode, iterNode] = seqOf(macData, 'the MAC data');
  const [algId, digestNode] = seqOf(digestInfo, 'the MAC digest');
  const algOid = oidOf(seqOf(algId, 'the MAC algorithm')[0]);
  if (algOid === OID.pbmac1) {
    throw new CertdeskError('UNSUPPORTED_FORMAT', 'This PKCS#12 file uses a PBMAC1 integrity check (OpenSSL 3.4+), which Certdesk does not read yet.',
      'Export it again without -pbmac1_pbkdf2.');
  }
  const hash: Hash | undefined = hashForOid(algOid);
  if (!hash) throw new CertdeskError('UNSUPPORTED_FORMAT', `Unsupported PKCS#12 MAC algorithm (${algOid}).`);
  const salt = octetsOf(saltNode);
  const iterations = iterNode ? checkIterations(intOf(iterNode)) : 1;
  const expected = octetsOf(digestNode);
  for (const bmp of bmpCandidates(password)) {
    budget.charge(iterations);
    const key = pkcs12Kdf(bmp, salt, 3, iterations, hashLength(hash), hash);
    const mac = createHmac(hash, key).update(authSafe).digest();
    if (mac.length === expected.length && timingSafeEqual(mac, expected)) return bmp;
  }
  throw new DecryptError('MAC mismatch');
}

function readAuthSafe(authSafe: Buffer, password: string, bmp: Buffer, budget: KdfBudget): Bags {
  const bags: Bags = { keys: [], certs: [], secretKeys: 0, keyAlgs: new Set(), certAlgs: new Set() };
  for (const info of seqOf(parseDer(authSafe), 'the authenticated safe')) {
    const [type, content] = seqOf(info, 'a content info');
    switch (oidOf(type)) {
      case OID.data:
        readSafeContents(parseDer(octetsOf(explicitOf(content, 0, 'data content'))), { password, bmp, budget }, bags, 0);
        break;
      case OID.encryptedData: {
        const [, encInfo] = seqOf(explicitOf(content, 0, 'encrypted data'), 'encrypted data');
        const [, algId, encrypted] = seqOf(encInfo, 'encrypted content info');
        if (!algId || !encrypted) break;
        bags.certFamily ??= pbeFamily(algId);
        bags.certAlgs.add(pbeName(algId));
        readSafeContents(parseDer(pbeDecrypt(algId, octetsOf(encrypted), password, bmp, budget)), { password, bmp, budget }, bags, 0);
        break;
      }
      case OID.envelopedData:
        throw new CertdeskError('UNSUPPORTED_FORMAT', 'This PKCS#12 file uses public-key privacy mode, which Certdesk does not support.');
      default:
        break;
    }
  }
  return bags;
}

interface Secret { password: string; bmp: Buffer; budget: KdfBudget }

function readSafeContents(safe: DerNode, secret: Secret, out: Bags, depth: number): void {
  if (depth > 8) throw new DerError('Safe contents are nested too deeply');
  for (const bag of seqOf(safe, 'safe contents')) {
    const [idNode, wrapped, attrNode] = seqOf(bag, 'a safe bag');
    const value = explicitOf(wrapped, 0, 'a bag value');
    const attrs = readAttributes(attrNode);
    switch (oidOf(idNode)) {
      case OID.keyBag:
        out.keys.push({ ...attrs, pkcs8: Buffer.from(value.raw), family: 'none' });
        break;
      case OID.shroudedKeyBag: {
        const [algId] = seqOf(value, 'an encrypted key');
        const family = algId ? pbeFamily(algId) : 'none';
        if (algId) out.keyAlgs.add(pbeName(algId));
        out.keys.push({ ...attrs, pkcs8: Buffer.from(decryptPrivateKeyInfo(value, secret.password, secret.bmp, secret.budget)), family });
        break;
      }
      case OID.certBag: {
        const [certType, certValue] = seqOf(value, 'a certificate bag');
        // Only X.509 certificates exist in practice; SDSI certificates are skipped.
        if (oidOf(certType) === OID.x509Certificate) {
          out.certs.push({ ...attrs, der: Buffer.from(octetsOf(explicitOf(certValue, 0, 'a certificate'))) });
        }
        break;
      }
      case OID.safeContentsBag:
        readSafeContents(value, secret, out, depth + 1);
        break;
      case OID.secretBag:
        out.secretKeys++;
        break;
      default:
        break; // CRL and secret bags carry nothing Certdesk shows.
    }
  }
}

function readAttributes(node: DerNode | undefined): BagAttributes {
  const out: BagAttributes = { trusted: false };
  if (!isUniversal(node, TAG.SET)) return out;
  for (const attr of seqOf(node, 'bag attributes', TAG.SET)) {
    const [type, values] = seqOf(attr, 'a bag attribute');
    const first = values ? seqOf(values, 'attribute values', TAG.SET)[0] : undefined;
    switch (oidOf(type)) {
      case OID.friendlyName:
        if (first) out.alias = stringOf(first);
        break;
      case OID.localKeyId:
        if (first) out.localKeyId = Buffer.from(octetsOf(first));
        break;
      case OID.javaTrustedKeyUsage:
        out.trusted = true;
        break;
      default:
        break;
    }
  }
  return out;
}

/** Pairs keys with their certificates (localKeyId, else public key), builds chains, keeps the rest as cert entries. */
function group(bags: Bags, mac: string | null): Pkcs12Contents {
  const loaded = bags.certs.map((c) => loadCert(c.der));
  const index = new IssuerIndex(loaded);
  const inChains = new Set<number>();
  let unnamed = 0;
  const keys: Pkcs12KeyEntry[] = bags.keys.map((k) => {
    const id = k.localKeyId;
    let leaf = id ? bags.certs.findIndex((c) => c.localKeyId?.equals(id)) : -1;
    if (leaf < 0) {
      const pub = publicKeyOf(k.pkcs8);
      leaf = loaded.findIndex((l) => holdsPublicKey(l, pub));
    } else {
      publicKeyOf(k.pkcs8); // validates the decrypted key
    }
    const order = leaf >= 0 ? chainFrom(leaf, loaded, index).order : [];
    order.forEach((i) => inChains.add(i));
    // Java names unnamed entries "1", "2", ...; doing the same keeps aliases consistent with keytool.
    const alias = k.alias ?? bags.certs[leaf]?.alias ?? String(++unnamed);
    const entry: Pkcs12KeyEntry = { alias, keyPkcs8Der: k.pkcs8, chainDer: order.map((i) => bags.certs[i]?.der ?? Buffer.alloc(0)) };
    entry.encrypted = k.family !== 'none';
    if (id) entry.localKeyId = id;
    return entry;
  });
  const chainDers = [...inChains].map((i) => bags.certs[i]?.der);
  const certs: Pkcs12CertEntry[] = bags.certs
    .filter((c, i) => c.trusted || (!inChains.has(i) && !chainDers.some((d) => d?.equals(c.der))))
    .map((c) => ({ alias: c.alias, certDer: c.der, trusted: c.trusted }));
  // Modern as soon as any part uses PBES2 (systems without it refuse the whole file); legacy when
  // every encrypted part uses the PKCS#12 PBEs; unknown when nothing is encrypted.
  const families = [...bags.keys.map((k) => k.family), bags.certFamily ?? 'none'];
  const profile: Pkcs12Contents['profile'] = families.includes('modern') ? 'modern' : families.includes('legacy') ? 'legacy' : 'unknown';
  const contents: Pkcs12Contents = { keys, certs, profile, encryption: { keys: [...bags.keyAlgs], certificates: [...bags.certAlgs], mac } };
  if (bags.secretKeys > 0) contents.secretKeys = bags.secretKeys;
  return contents;
}

/** Builds a PKCS#12 file: key bags, certificate bags (with friendlyName/localKeyId/Java trust), MAC. */
export function writePkcs12(
  input: { keys: Pkcs12KeyEntry[]; certs: Pkcs12CertEntry[] },
  password: string,
  opts: { profile: Pkcs12Profile; iterations?: number },
): Buffer {
  const iterations = checkIterations(opts.iterations ?? DEFAULT_ITERATIONS);
  const certBags: A.Asn1[] = [];
  const keyBags: A.Asn1[] = [];
  const written: Buffer[] = input.certs.map((c) => c.certDer);
  for (const entry of input.keys) {
    const [leaf, ...chain] = entry.chainDer;
    const pub = publicKeyOf(entry.keyPkcs8Der);
    if (leaf && !holdsPublicKey(loadCert(leaf), pub)) {
      throw new CertdeskError('KEY_CERT_MISMATCH', `The private key for "${entry.alias}" does not belong to its certificate.`);
    }
    // OpenSSL's convention: localKeyId = SHA-1 of the certificate (of the public key when there is none).
    const localKeyId = entry.localKeyId ?? sha1(leaf ?? pub.export({ type: 'spki', format: 'der' }));
    const attrs = [attribute(OID.friendlyName, A.bmp(entry.alias)), attribute(OID.localKeyId, A.octets(localKeyId))];
    keyBags.push(safeBag(OID.shroudedKeyBag, encryptPrivateKeyInfo(entry.keyPkcs8Der, password, opts.profile, iterations), attrs));
    if (leaf) certBags.push(certBag(leaf, attrs));
    for (const c of chain) {
      if (written.some((w) => w.equals(c))) continue;
      written.push(c);
      certBags.push(certBag(c, []));
    }
  }
  for (const c of input.certs) {
    const attrs: A.Asn1[] = [];
    if (c.alias !== undefined) attrs.push(attribute(OID.friendlyName, A.bmp(c.alias)));
    if (c.trusted) attrs.push(attribute(OID.javaTrustedKeyUsage, A.oid(OID.anyExtendedKeyUsage)));
    certBags.push(certBag(c.certDer, attrs));
  }
  const contents: A.Asn1[] = [];
  if (certBags.length > 0) {
    const { algId, ciphertext } = pbeEncrypt(A.toDer(A.seq(certBags)), password, opts.profile, iterations);
    const encryptedData = A.seq([A.int(0), A.seq([A.oid(OID.data), algId, A.implicitOctets(0, ciphertext)])]);
    contents.push(A.seq([A.oid(OID.encryptedData), A.explicit(0, encryptedData)]));
  }
  if (keyBags.length > 0) contents.push(A.seq([A.oid(OID.data), A.explicit(0, A.octets(A.toDer(A.seq(keyBags))))]));
  const authSafe = A.toDer(A.seq(contents));
  const hash: Hash = opts.profile === 'modern' ? 'sha256' : 'sha1';
  const salt = randomBytes(8);
  const macKey = pkcs12Kdf(bmpPassword(password), salt, 3, iterations, hashLength(hash), hash);
  const mac = createHmac(hash, macKey).update(authSafe).digest();
  return A.toDer(A.seq([
    A.int(3),
    A.seq([A.oid(OID.data), A.explicit(0, A.octets(authSafe))]),
    A.seq([A.seq([A.seq([A.oid(oidForHash(hash)), A.nul()]), A.octets(mac)]), A.octets(salt), A.int(iterations)]),
  ]));
}

function sha1(data: Buffer): Buffer {
  return createHash('sha1').update(data).digest();
}

function attribute(type: string, value: A.Asn1): A.Asn1 {
  return A.seq([A.oid(type), A.set([value])]);
}

function safeBag(type: string, value: A.Asn1, attrs: A.Asn1[]): A.Asn1 {
  const parts = [A.oid(type), A.explicit(0, value)];
  if (attrs.length > 0) parts.push(A.set(attrs));
  return A.seq(parts);
}

function certBag(der: Buffer, attrs: A.Asn1[]): A.Asn1 {
  return safeBag(OID.certBag, A.seq([A.oid(OID.x509Certificate), A.explicit(0, A.octets(der))]), attrs);
}

/** The MAC's hash as OpenSSL names it (SHA-1, SHA-256 …); called after verifyMac accepted it. */
function macHashName(macData: DerNode): string {
  const [digestInfo] = seqOf(macData, 'the MAC data');
  const [algId] = seqOf(digestInfo, 'the MAC digest');
  const hash = hashForOid(oidOf(seqOf(algId, 'the MAC algorithm')[0]));
  return hash ? hash.toUpperCase().replace(/^SHA/, 'SHA-') : 'unknown';
}
