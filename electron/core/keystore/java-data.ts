import { CertdeskError } from '../errors.js';

/**
 * Java's DataInputStream/DataOutputStream primitives, as JKS and JCEKS files use them.
 * Strings are Java's "modified UTF-8" (writeUTF): NUL is two bytes and characters outside the
 * BMP are written as two 3-byte surrogates, so Node's UTF-8 codec would corrupt them.
 */

/** Reads big-endian Java primitives from a buffer; running off the end means a damaged file. */
export class JavaDataReader {
  private pos = 0;

  constructor(private readonly buf: Buffer) {}

  /** Current offset into the buffer. */
  get offset(): number {
    return this.pos;
  }

  /** Bytes left after the current offset. */
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  /** Moves the offset forward (used after a nested parser consumed bytes). */
  skip(n: number): void {
    if (n < 0) throw corrupt('a length field is negative');
    this.need(n);
    this.pos += n;
  }

  /** Looks at the next byte without consuming it. */
  peekU8(): number {
    this.need(1);
    return this.buf[this.pos] as number;
  }

  /** Reads an unsigned byte. */
  u8(): number {
    this.need(1);
    return this.buf[this.pos++] as number;
  }

  /** Reads an unsigned 16-bit integer. */
  u16(): number {
    this.need(2);
    const v = this.buf.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }

  /** Reads a signed 32-bit integer (Java int). */
  i32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.pos);
    this.pos += 4;
    return v;
  }

  /** Reads a signed 64-bit integer (Java long) as a bigint. */
  i64(): bigint {
    this.need(8);
    const v = this.buf.readBigInt64BE(this.pos);
    this.pos += 8;
    return v;
  }

  /** Reads a Java long holding milliseconds since the epoch. */
  date(): Date {
    const ms = Number(this.i64());
    const d = new Date(ms);
    if (Number.isNaN(d.getTime())) throw corrupt('an entry date is out of range');
    return d;
  }

  /** Reads n raw bytes (a copy, so callers may keep it after the file buffer is gone). */
  bytes(n: number): Buffer {
    if (n < 0) throw corrupt('a length field is negative');
    this.need(n);
    const out = Buffer.from(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return out;
  }

  /** Reads a Java int length followed by that many bytes. */
  lengthPrefixed(): Buffer {
    return this.bytes(this.i32());
  }

  /** Reads a writeUTF string (u16 length + modified UTF-8). */
  utf(): string {
    return decodeModifiedUtf8(this.bytes(this.u16()));
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) throw corrupt('the file ends in the middle of an entry (it is truncated)');
  }
}

/** Collects big-endian Java primitives into one buffer. */
export class JavaDataWriter {
  private readonly parts: Buffer[] = [];

  /** Appends an unsigned byte. */
  u8(v: number): void {
    this.parts.push(Buffer.from([v & 0xff]));
  }

  /** Appends a Java int. */
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32BE(v);
    this.parts.push(b);
  }

  /** Appends a Java long holding a date's milliseconds. */
  date(d: Date): void {
    const b = Buffer.alloc(8);
    b.writeBigInt64BE(BigInt(d.getTime()));
    this.parts.push(b);
  }

  /** Appends raw bytes. */
  raw(b: Buffer): void {
    this.parts.push(b);
  }

  /** Appends a Java int length and the bytes. */
  lengthPrefixed(b: Buffer): void {
    this.i32(b.length);
    this.parts.push(b);
  }

  /** Appends a writeUTF string. */
  utf(s: string): void {
    const body = encodeModifiedUtf8(s);
    const len = Buffer.alloc(2);
    len.writeUInt16BE(body.length);
    this.parts.push(len, body);
  }

  /** Everything written so far. */
  toBuffer(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** Encodes a string as Java's modified UTF-8 (DataOutput.writeUTF body, without the length). */
export function encodeModifiedUtf8(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i); // UTF-16 code units on purpose: Java encodes surrogates separately
    if (c >= 0x01 && c <= 0x7f) out.push(c);
    else if (c <= 0x7ff) out.push(0xc0 | (c >> 6), 0x80 | (c & 0x3f));
    else out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
  }
  if (out.length > 0xffff)
    throw new CertdeskError('VALIDATION_FAILED', 'The alias is too long for a Java keystore (over 65535 bytes).');
  return Buffer.from(out);
}

/** Decodes Java's modified UTF-8; malformed input means a damaged file. */
export function decodeModifiedUtf8(b: Buffer): string {
  const units: number[] = [];
  let i = 0;
  const cont = (k: number): number => {
    const v = b[k];
    if (v === undefined || (v & 0xc0) !== 0x80) throw corrupt('an alias or name is not valid modified UTF-8');
    return v & 0x3f;
  };
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      units.push(c);
      i += 1;
    } else if ((c & 0xe0) === 0xc0) {
      units.push(((c & 0x1f) << 6) | cont(i + 1));
      i += 2;
    } else if ((c & 0xf0) === 0xe0) {
      units.push(((c & 0x0f) << 12) | (cont(i + 1) << 6) | cont(i + 2));
      i += 3;
    } else {
      throw corrupt('an alias or name is not valid modified UTF-8');
    }
  }
  let s = '';
  for (let k = 0; k < units.length; k += 4096) s += String.fromCharCode(...units.slice(k, k + 4096));
  return s;
}

/** Java's char[] password as bytes: each UTF-16 code unit big-endian (JKS digests and key protection). */
export function passwordUtf16Be(password: string): Buffer {
  const b = Buffer.alloc(password.length * 2);
  for (let i = 0; i < password.length; i++) b.writeUInt16BE(password.charCodeAt(i), i * 2);
  return b;
}

/** A KEYSTORE_CORRUPT error with a consistent message. */
export function corrupt(detail: string): CertdeskError {
  return new CertdeskError('KEYSTORE_CORRUPT', `The keystore file is damaged: ${detail}.`, 'Restore it from a backup (for example the .orig copy).');
}
