/**
 * A small DER/BER reader that hands out views into the input buffer.
 *
 * Why not forge.asn1.fromDer for reading: forge re-encodes on output (it normalises INTEGERs and
 * lengths), so certificates pulled out of PKCS#7/PKCS#12 containers could change bytes and thus
 * fingerprints. Slicing the original bytes keeps them exact, and BER (indefinite lengths,
 * constructed OCTET STRINGs, as Windows writes) is handled in one place. Writing uses forge.asn1.
 */

export const UNIVERSAL = 0;
export const CONTEXT = 2;

export const TAG = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  UTF8: 12,
  SEQUENCE: 16,
  SET: 17,
  PRINTABLE: 19,
  T61: 20,
  IA5: 22,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
  VISIBLE: 26,
  UNIVERSAL_STRING: 28,
  BMP: 30,
} as const;

/** One ASN.1 element; `raw` is the whole encoding, `content` the value octets (both views, no copies). */
export interface DerNode {
  cls: number;
  tag: number;
  constructed: boolean;
  raw: Buffer;
  content: Buffer;
}

/** Thrown for malformed encodings; callers translate it into CORRUPT_FILE or UNSUPPORTED_FORMAT. */
export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DerError';
  }
}

// Deep nesting is only reachable through indefinite lengths; the cap stops stack exhaustion on hostile input.
const MAX_DEPTH = 64;

/** Reads the element starting at `offset`; returns it and the offset just after it. */
export function readNode(buf: Buffer, offset = 0, depth = 0): { node: DerNode; end: number } {
  if (depth > MAX_DEPTH) throw new DerError('ASN.1 nesting is too deep');
  let pos = offset;
  const first = byteAt(buf, pos++);
  const cls = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tag = first & 0x1f;
  if (tag === 0x1f) {
    tag = 0;
    for (let i = 0; ; i++) {
      if (i > 4) throw new DerError('ASN.1 tag number is too large');
      const b = byteAt(buf, pos++);
      tag = tag * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  const lenByte = byteAt(buf, pos++);
  if (lenByte === 0x80) {
    if (!constructed) throw new DerError('Indefinite length on a primitive ASN.1 value');
    const contentStart = pos;
    for (;;) {
      if (byteAt(buf, pos) === 0 && byteAt(buf, pos + 1) === 0) break;
      pos = readNode(buf, pos, depth + 1).end;
    }
    const node = { cls, tag, constructed, raw: buf.subarray(offset, pos + 2), content: buf.subarray(contentStart, pos) };
    return { node, end: pos + 2 };
  }
  let length = lenByte;
  if (lenByte & 0x80) {
    const count = lenByte & 0x7f;
    if (count > 4) throw new DerError('ASN.1 length is too large');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + byteAt(buf, pos++);
  }
  if (pos + length > buf.length) throw new DerError('The data ends before the ASN.1 value does (truncated)');
  const node = { cls, tag, constructed, raw: buf.subarray(offset, pos + length), content: buf.subarray(pos, pos + length) };
  return { node, end: pos + length };
}

/** Parses one complete element; trailing bytes are an error unless allowed. */
export function parseDer(buf: Buffer, opts: { allowTrailing?: boolean } = {}): DerNode {
  const { node, end } = readNode(buf, 0);
  if (end !== buf.length && !opts.allowTrailing) throw new DerError('Unexpected bytes after the ASN.1 value');
  return node;
}

/** The child elements of a constructed element. */
export function childrenOf(node: DerNode): DerNode[] {
  if (!node.constructed) throw new DerError('Expected a constructed ASN.1 value');
  const out: DerNode[] = [];
  let pos = 0;
  while (pos < node.content.length) {
    const { node: child, end } = readNode(node.content, pos);
    out.push(child);
    pos = end;
  }
  return out;
}

function byteAt(buf: Buffer, pos: number): number {
  const b = buf[pos];
  if (b === undefined) throw new DerError('The data ends before the ASN.1 value does (truncated)');
  return b;
}

/** True when the node is the given universal tag. */
export function isUniversal(node: DerNode | undefined, tag: number): node is DerNode {
  return node !== undefined && node.cls === UNIVERSAL && node.tag === tag;
}

/** True when the node is a context-specific [n] tag. */
export function isContext(node: DerNode | undefined, n: number): node is DerNode {
  return node !== undefined && node.cls === CONTEXT && node.tag === n;
}

/** Children of a SEQUENCE (or SET), checking the tag; `what` names it in the error. */
export function seqOf(node: DerNode | undefined, what: string, tag: number = TAG.SEQUENCE): DerNode[] {
  if (!isUniversal(node, tag) || !node.constructed) throw new DerError(`Expected ${what}`);
  return childrenOf(node);
}

/** The single element inside an EXPLICIT [n] wrapper. */
export function explicitOf(node: DerNode | undefined, n: number, what: string): DerNode {
  if (!isContext(node, n) || !node.constructed) throw new DerError(`Expected ${what}`);
  const inner = childrenOf(node)[0];
  if (!inner) throw new DerError(`Empty ${what}`);
  return inner;
}

/** Decodes an OBJECT IDENTIFIER to dotted form. */
export function oidOf(node: DerNode | undefined, what = 'an object identifier'): string {
  if (!isUniversal(node, TAG.OID) || node.content.length === 0) throw new DerError(`Expected ${what}`);
  return smallOidOf(node.content) ?? bigOidOf(node.content);
}

// Every arc below 2^46 (all but UUID-style OIDs): plain numbers, several times faster than BigInt.
function smallOidOf(content: Buffer): string | undefined {
  let out = '';
  let value = 0;
  let first = true;
  for (const b of content) {
    if (value >= 2 ** 46) return undefined;
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      out += first ? (value < 80 ? `${Math.floor(value / 40)}.${value % 40}` : `2.${value - 80}`) : `.${value}`;
      first = false;
      value = 0;
    }
  }
  // A last arc without its end (a truncated OID) is dropped, as the BigInt reading drops it.
  return first ? undefined : out;
}

function bigOidOf(content: Buffer): string {
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

/** Decodes a small non-negative INTEGER (iteration counts, versions). */
export function intOf(node: DerNode | undefined, what = 'an integer'): number {
  if (!isUniversal(node, TAG.INTEGER) || node.content.length === 0) throw new DerError(`Expected ${what}`);
  if ((node.content[0] ?? 0) & 0x80) throw new DerError(`Negative ${what}`);
  let n = 0;
  for (const b of node.content) {
    n = n * 256 + b;
    if (n > Number.MAX_SAFE_INTEGER) throw new DerError(`${what} is too large`);
  }
  return n;
}

/**
 * The bytes of an OCTET STRING (or of an IMPLICIT-tagged one). BER allows the constructed form,
 * a series of OCTET STRING chunks, which is concatenated here.
 */
export function octetsOf(node: DerNode | undefined, what = 'an octet string'): Buffer {
  if (!node) throw new DerError(`Expected ${what}`);
  if (!node.constructed) return node.content;
  return Buffer.concat(childrenOf(node).map((c) => octetsOf(c, what)));
}

/** Decodes the ASN.1 string types found in names and attributes. */
export function stringOf(node: DerNode): string | undefined {
  if (node.cls !== UNIVERSAL || node.constructed) return undefined;
  switch (node.tag) {
    case TAG.UTF8:
      return node.content.toString('utf8');
    case TAG.PRINTABLE:
    case TAG.IA5:
    case TAG.VISIBLE:
    case TAG.T61:
      return node.content.toString('latin1');
    case TAG.BMP:
      if (node.content.length % 2 !== 0) throw new DerError('A BMPString of odd length');
      return Buffer.from(node.content).swap16().toString('utf16le');
    case TAG.UNIVERSAL_STRING: {
      let s = '';
      for (let i = 0; i + 3 < node.content.length; i += 4) {
        const point = node.content.readUInt32BE(i);
        // Beyond Unicode (or a lone surrogate): the replacement character, as a UTF decoder shows it.
        s += point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff) ? '\ufffd' : String.fromCodePoint(point);
      }
      return s;
    }
    default:
      return undefined;
  }
}

/** Parses UTCTime / GeneralizedTime (the Z forms X.509 requires). */
export function timeOf(node: DerNode | undefined): Date {
  if (!node || node.constructed) throw new DerError('Expected a time');
  const s = node.content.toString('latin1');
  const m =
    node.tag === TAG.UTC_TIME
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(s)
      : node.tag === TAG.GENERALIZED_TIME
        ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(s)
        : null;
  if (!m) throw new DerError(`Unsupported time value "${s}"`);
  let year = Number(m[1]);
  // RFC 5280: UTCTime years 50-99 mean 19xx, 00-49 mean 20xx.
  if (node.tag === TAG.UTC_TIME) year += year >= 50 ? 1900 : 2000;
  return new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
}
