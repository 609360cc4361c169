import { createHash, timingSafeEqual } from 'node:crypto';
import { CertdeskError } from '../errors.js';
import { JavaDataReader, JavaDataWriter, corrupt, passwordUtf16Be } from './java-data.js';
import { readSerializedObject } from './java-serial.js';

/**
 * The JKS / JCEKS container format (sun.security.provider.JavaKeyStore and
 * com.sun.crypto.provider.JceKeyStore), written with DataOutputStream:
 *   magic, version (1 or 2), entry count, entries, SHA-1 integrity digest.
 * Entry tags: 1 private key (alias, date, protected key, cert chain), 2 trusted certificate,
 * 3 secret key (JCEKS only: a serialized SealedObject). Version 1 files omit certificate types.
 * The digest is SHA-1(password as UTF-16BE || "Mighty Aphrodite" || everything before it).
 * This layer keeps keys protected; key-protector.ts unlocks them.
 */
export type JavaStoreFormat = 'JKS' | 'JCEKS';

export interface RawCert {
  /** Certificate type as Java names it; always "X.509" in practice. */
  type: string;
  der: Buffer;
}

export type RawEntry =
  | { kind: 'privateKey'; alias: string; created: Date; protectedKey: Buffer; chain: RawCert[] }
  | { kind: 'trustedCert'; alias: string; created: Date; cert: RawCert }
  | { kind: 'secretKey'; alias: string; created: Date; sealed: Buffer };

export interface RawJavaKeystore {
  format: JavaStoreFormat;
  entries: RawEntry[];
}

export const JKS_MAGIC = 0xfeedfeed;
export const JCEKS_MAGIC = 0xcececece;
const TAG_PRIVATE_KEY = 1;
const TAG_TRUSTED_CERT = 2;
const TAG_SECRET_KEY = 3;
const DIGEST_SALT = Buffer.from('Mighty Aphrodite', 'utf8');
const DIGEST_LEN = 20;

/**
 * Reads a JKS or JCEKS file. With a null password the integrity digest is not checked
 * (as Java does); with a password a mismatch is BAD_PASSWORD.
 */
export function readJavaKeystore(bytes: Buffer, storePassword: string | null): RawJavaKeystore {
  const r = new JavaDataReader(bytes);
  if (bytes.length < 12) throw corrupt('the file is too short to be a keystore');
  const magic = r.i32() >>> 0;
  const format: JavaStoreFormat | null = magic === JKS_MAGIC ? 'JKS' : magic === JCEKS_MAGIC ? 'JCEKS' : null;
  if (!format) throw new CertdeskError('UNSUPPORTED_FORMAT', 'This file is not a JKS or JCEKS keystore.');
  const version = r.i32();
  if (version !== 1 && version !== 2) throw corrupt(`unknown keystore version ${version}`);
  const count = r.i32();
  // Every entry takes at least 14 bytes, so a larger count cannot be genuine.
  if (count < 0 || count > r.remaining / 14) throw corrupt('the entry count does not fit the file size');
  const entries: RawEntry[] = [];
  for (let i = 0; i < count; i++) {
    const tag = r.i32();
    const alias = r.utf();
    const created = r.date();
    if (tag === TAG_PRIVATE_KEY) {
      const protectedKey = r.lengthPrefixed();
      const n = r.i32();
      if (n < 0 || n > r.remaining / 4) throw corrupt('a certificate chain length is out of range');
      const chain: RawCert[] = [];
      for (let k = 0; k < n; k++) chain.push(readCert(r, version));
      entries.push({ kind: 'privateKey', alias, created, protectedKey, chain });
    } else if (tag === TAG_TRUSTED_CERT) {
      entries.push({ kind: 'trustedCert', alias, created, cert: readCert(r, version) });
    } else if (tag === TAG_SECRET_KEY && format === 'JCEKS') {
      const start = r.offset;
      readSerializedObject(r);
      entries.push({ kind: 'secretKey', alias, created, sealed: Buffer.from(bytes.subarray(start, r.offset)) });
    } else {
      throw corrupt(`entry ${i + 1} has an unknown type (${tag})`);
    }
  }
  const bodyEnd = r.offset;
  if (r.remaining < DIGEST_LEN) throw corrupt('the integrity digest at the end is missing (the file is truncated)');
  if (storePassword !== null) {
    const expected = integrityDigest(storePassword, bytes.subarray(0, bodyEnd));
    if (!timingSafeEqual(expected, bytes.subarray(bodyEnd, bodyEnd + DIGEST_LEN)))
      throw wrongStorePassword();
  }
  return { format, entries };
}

/** The wrong-store-password error, the same for every keystore type. */
export function wrongStorePassword(): CertdeskError {
  return new CertdeskError(
    'BAD_PASSWORD',
    'The keystore password is wrong (or the file was altered).',
    'Check the store password; for an agent keystore it is set in the agent configuration.',
  );
}

/** Writes a JKS or JCEKS file (version 2) with its integrity digest. */
export function writeJavaKeystore(ks: RawJavaKeystore, storePassword: string): Buffer {
  const w = new JavaDataWriter();
  w.i32(ks.format === 'JKS' ? JKS_MAGIC | 0 : JCEKS_MAGIC | 0);
  w.i32(2);
  w.i32(ks.entries.length);
  for (const e of ks.entries) {
    switch (e.kind) {
      case 'privateKey':
        w.i32(TAG_PRIVATE_KEY);
        w.utf(e.alias);
        w.date(e.created);
        w.lengthPrefixed(e.protectedKey);
        w.i32(e.chain.length);
        for (const c of e.chain) writeCert(w, c);
        break;
      case 'trustedCert':
        w.i32(TAG_TRUSTED_CERT);
        w.utf(e.alias);
        w.date(e.created);
        writeCert(w, e.cert);
        break;
      case 'secretKey':
        if (ks.format !== 'JCEKS')
          throw new CertdeskError('UNSUPPORTED_FORMAT', `A JKS keystore cannot hold the secret key '${e.alias}'.`, 'Keep it as JCEKS.');
        w.i32(TAG_SECRET_KEY);
        w.utf(e.alias);
        w.date(e.created);
        w.raw(e.sealed); // the serialized SealedObject, kept exactly as Java wrote it
        break;
      default: {
        const never: never = e;
        return never;
      }
    }
  }
  const body = w.toBuffer();
  return Buffer.concat([body, integrityDigest(storePassword, body)]);
}

/** Reads only the header, for detection. */
export function javaKeystoreFormat(bytes: Buffer): JavaStoreFormat | null {
  if (bytes.length < 4) return null;
  const magic = bytes.readUInt32BE(0);
  return magic === JKS_MAGIC ? 'JKS' : magic === JCEKS_MAGIC ? 'JCEKS' : null;
}

function readCert(r: JavaDataReader, version: number): RawCert {
  const type = version === 2 ? r.utf() : 'X.509';
  return { type, der: r.lengthPrefixed() };
}

function writeCert(w: JavaDataWriter, c: RawCert): void {
  w.utf(c.type);
  w.lengthPrefixed(c.der);
}

function integrityDigest(password: string, body: Buffer): Buffer {
  return createHash('sha1').update(passwordUtf16Be(password)).update(DIGEST_SALT).update(body).digest();
}
