import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CertdeskError } from '../../../../electron/core/errors.js';
import { detectKeystoreType } from '../../../../electron/core/keystore/detect.js';
import { JavaDataReader, decodeModifiedUtf8, encodeModifiedUtf8 } from '../../../../electron/core/keystore/java-data.js';
import { readSerializedObject } from '../../../../electron/core/keystore/java-serial.js';
import { readJavaKeystore, writeJavaKeystore } from '../../../../electron/core/keystore/jks.js';
import { WrongKeyPassword, protectJceKey, protectJksKey, recoverJceKey, recoverJksKey } from '../../../../electron/core/keystore/key-protector.js';
import { md5Iterate } from '../../../../electron/core/keystore/md5-iterate.js';

/** The hand-written building blocks, against Java's definitions and Node's own primitives. */

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof CertdeskError) return err.code;
    if (err instanceof WrongKeyPassword) return 'WrongKeyPassword';
    throw err;
  }
  return 'no error';
}

describe("Java's modified UTF-8", () => {
  it('encodes NUL as two bytes and supplementary characters as two 3-byte surrogates', () => {
    expect(encodeModifiedUtf8('a\0')).toEqual(Buffer.from([0x61, 0xc0, 0x80]));
    expect(encodeModifiedUtf8('ü')).toEqual(Buffer.from('ü', 'utf8'));
    expect(encodeModifiedUtf8('😀')).toEqual(Buffer.from([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]));
    for (const s of ['', 'plain', 'zertifikat-ü€😀', 'a\0b', '日本語のエイリアス', '\u07ff\u0800\uffff'])
      expect(decodeModifiedUtf8(encodeModifiedUtf8(s))).toBe(s);
  });

  it('rejects malformed sequences as a damaged keystore', () => {
    expect(code(() => decodeModifiedUtf8(Buffer.from([0xc3])))).toBe('KEYSTORE_CORRUPT');
    expect(code(() => decodeModifiedUtf8(Buffer.from([0xff, 0x80])))).toBe('KEYSTORE_CORRUPT');
  });
});

describe('iterated MD5', () => {
  it('matches Node for short and multi-block inputs', () => {
    const ref = (seed: Buffer, suffix: Buffer, n: number): Buffer => {
      let h = seed;
      for (let i = 0; i < n; i++) h = createHash('md5').update(h).update(suffix).digest();
      return h;
    };
    for (const [seed, suffix, n] of [[Buffer.from([1, 2, 3, 4]), Buffer.from('changeit'), 1000], [Buffer.alloc(0), Buffer.alloc(0), 3], [Buffer.from('x'), Buffer.alloc(120, 7), 5]] as const)
      expect(md5Iterate(seed, suffix, n)).toEqual(ref(seed, suffix, n));
  });
});

describe('key protectors', () => {
  const pkcs8 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'der' });

  it('JKS and JCEKS protection round-trip and reject a wrong password', () => {
    expect(recoverJksKey(protectJksKey(pkcs8, 'pässwörd'), 'pässwörd')).toEqual(pkcs8);
    expect(code(() => recoverJksKey(protectJksKey(pkcs8, 'a'), 'b'))).toBe('WrongKeyPassword');
    const jce = protectJceKey(pkcs8, 'changeit');
    expect(recoverJceKey(jce, 'changeit')).toEqual(pkcs8);
    expect(code(() => recoverJceKey(jce, 'changeIt'))).toBe('WrongKeyPassword');
    expect(code(() => recoverJceKey(jce, 'pässwörd'))).toBe('WrongKeyPassword');
    // Java's PBEKey takes printable ASCII only, so Certdesk refuses to write anything else.
    expect(code(() => protectJceKey(pkcs8, 'pässwörd'))).toBe('VALIDATION_FAILED');
  });

  it('a JCEKS store can carry a JKS-protected key (Java reads both there)', () => {
    expect(recoverJceKey(protectJksKey(pkcs8, 'pw'), 'pw')).toEqual(pkcs8);
  });
});

describe('container codec', () => {
  it('round-trips entries and checks the integrity digest', () => {
    const bytes = writeJavaKeystore(
      { format: 'JKS', entries: [{ kind: 'trustedCert', alias: 'ü', created: new Date(1_700_000_000_123), cert: { type: 'X.509', der: Buffer.from([1, 2, 3]) } }] },
      'pw',
    );
    expect(detectKeystoreType(bytes)).toBe('JKS');
    expect(readJavaKeystore(bytes, 'pw').entries).toEqual([
      { kind: 'trustedCert', alias: 'ü', created: new Date(1_700_000_000_123), cert: { type: 'X.509', der: Buffer.from([1, 2, 3]) } },
    ]);
    expect(code(() => readJavaKeystore(bytes, 'other'))).toBe('BAD_PASSWORD');
    expect(readJavaKeystore(bytes, null).entries).toHaveLength(1); // like Java with a null password
  });

  it('rejects absurd counts and lengths as corrupt instead of allocating', () => {
    const header = Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2, 0x7f, 0xff, 0xff, 0xff, ...Buffer.alloc(30)]);
    expect(code(() => readJavaKeystore(header, 'pw'))).toBe('KEYSTORE_CORRUPT');
    const version = Buffer.from([0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 9, 0, 0, 0, 0, ...Buffer.alloc(20)]);
    expect(code(() => readJavaKeystore(version, 'pw'))).toBe('KEYSTORE_CORRUPT');
  });
});

describe('Java serialization reader', () => {
  it('reads a SecretKeySpec-shaped object with back references', () => {
    const w: number[] = [0xac, 0xed, 0x00, 0x05];
    const utf = (s: string): number[] => [0, s.length, ...Buffer.from(s)];
    // TC_OBJECT, TC_CLASSDESC "K", suid, SC_SERIALIZABLE, 2 fields: [B key, L algorithm
    w.push(0x73, 0x72, ...utf('K'), 0, 0, 0, 0, 0, 0, 0, 1, 0x02, 0, 2);
    w.push(0x5b, ...utf('key'), 0x74, ...utf('[B'));
    w.push(0x4c, ...utf('algorithm'), 0x74, ...utf('Ljava/lang/String;'));
    w.push(0x78, 0x70); // end of annotations, no superclass
    w.push(0x75, 0x72, ...utf('[B'), 0, 0, 0, 0, 0, 0, 0, 2, 0x02, 0, 0, 0x78, 0x70, 0, 0, 0, 3, 9, 8, 7);
    w.push(0x74, ...utf('AES'));
    w.push(0x99); // trailing byte that belongs to the next keystore entry
    const r = new JavaDataReader(Buffer.from(w));
    const obj = readSerializedObject(r);
    expect(r.remaining).toBe(1);
    expect(obj).toMatchObject({ kind: 'object', className: 'K' });
    const fields = (obj as { fields: Map<string, unknown> }).fields;
    expect(fields.get('algorithm')).toBe('AES');
    expect((fields.get('key') as { bytes: Buffer }).bytes).toEqual(Buffer.from([9, 8, 7]));
  });

  it('rejects streams that are not serialization or reference nothing', () => {
    expect(code(() => readSerializedObject(new JavaDataReader(Buffer.from([0x12, 0x34, 0, 5, 0x70]))))).toBe('KEYSTORE_CORRUPT');
    expect(code(() => readSerializedObject(new JavaDataReader(Buffer.from([0xac, 0xed, 0, 5, 0x71, 0, 0x7e, 0, 9]))))).toBe('KEYSTORE_CORRUPT');
    expect(code(() => readSerializedObject(new JavaDataReader(Buffer.from([0xac, 0xed, 0, 5, 0x73]))))).toBe('KEYSTORE_CORRUPT');
  });
});
