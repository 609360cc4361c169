import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { colonHex } from '../../../../electron/core/pki/cert-extensions.js';
import { type DerNode, DerError, oidOf, stringOf, TAG } from '../../../../electron/core/pki/der.js';

// The arbitrary-precision reading oidOf used before its plain-number fast path.
function bigIntOid(content: Buffer): string {
  const arcs: bigint[] = [];
  let value = 0n;
  for (const b of content) {
    value = (value << 7n) | BigInt(b & 0x7f);
    if ((b & 0x80) === 0) {
      arcs.push(value);
      value = 0n;
    }
  }
  const first = arcs.shift() ?? 0n;
  const head = first < 80n ? [first / 40n, first % 40n] : [2n, first - 80n];
  return [...head, ...arcs].map(String).join('.');
}

const oidNode = (content: Buffer): DerNode => ({ cls: 0, tag: TAG.OID, constructed: false, raw: content, content });

describe('oidOf', () => {
  it('reads common, large-arc and UUID OIDs', () => {
    expect(oidOf(oidNode(Buffer.from('2a864886f70d01010b', 'hex')))).toBe('1.2.840.113549.1.1.11');
    expect(oidOf(oidNode(Buffer.from('550403', 'hex')))).toBe('2.5.4.3');
    expect(oidOf(oidNode(Buffer.from('8837', 'hex')))).toBe('2.999');
    // 2.25.<128-bit UUID>: far beyond a double's integers.
    const uuid = Buffer.from('6983f09da7ebcfdee0c7a1a7b2c1d6ebaeb6cdb5e7d3a6a2d1c0b5a89c8ff77f', 'hex');
    expect(oidOf(oidNode(uuid))).toBe(bigIntOid(uuid));
    expect(oidOf(oidNode(uuid)).length).toBeGreaterThan(30);
  });

  it('gives what the BigInt reading gives, for any bytes (truncated and huge arcs included)', () => {
    for (let i = 0; i < 20_000; i++) {
      const c = randomBytes(1 + (i % 24));
      if (i % 2 === 0) for (let k = 0; k < c.length; k++) if ((c[k] ?? 0) % 3 !== 0) c[k] = (c[k] ?? 0) & 0x7f;
      expect(oidOf(oidNode(c))).toBe(bigIntOid(c));
    }
  });
});

describe('colonHex', () => {
  it('is upper-case hex pairs joined by colons', () => {
    expect(colonHex(Buffer.from([0x00, 0x0a, 0xff, 0x7e]))).toBe('00:0A:FF:7E');
    expect(colonHex(Buffer.alloc(0))).toBe('');
    const any = randomBytes(64);
    expect(colonHex(any)).toBe((any.toString('hex').toUpperCase().match(/../g) ?? []).join(':'));
  });
});

describe('stringOf on damaged name strings', () => {
  const node = (tag: number, content: Buffer): DerNode => ({ cls: 0, tag, constructed: false, content, raw: Buffer.concat([Buffer.from([tag, content.length]), content]) }) as DerNode;

  it('a UniversalString with a code point beyond Unicode reads as U+FFFD, not a RangeError', () => {
    expect(stringOf(node(TAG.UNIVERSAL_STRING, Buffer.from([0x4f, 0x70, 0x00, 0x2b, 0x00, 0x00, 0x00, 0x41])))).toBe('\ufffdA');
  });

  it('a BMPString of odd length is a DerError (a typed damage report), not a RangeError', () => {
    expect(() => stringOf(node(TAG.BMP, Buffer.from([0x00, 0x41, 0x00])))).toThrow(DerError);
    expect(stringOf(node(TAG.BMP, Buffer.from([0x00, 0x41, 0x00, 0x42])))).toBe('AB');
  });
});
