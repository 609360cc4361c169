/**
 * Mutations of real files for fuzzing the parsers: bit flips, truncation, inserted and duplicated
 * bytes, inflated DER length fields, deep nesting and huge counts. Each is a fast-check arbitrary, so a
 * failing case shrinks to a small one and a seed replays it.
 */
import fc from 'fast-check';

export type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'duplicate'; at: number; length: number }
  | { op: 'inflate-length'; at: number; width: 1 | 2 | 4 }
  | { op: 'nest'; depth: number }
  | { op: 'huge-count'; at: number }
  | { op: 'set-byte'; at: number; value: number };

/** A relative position, turned into an index once the input's size is known. */
const position = fc.noBias(fc.integer({ min: 0, max: 999_999 })).map((n) => n / 1_000_000);

const idx = (p: number, n: number): number => Math.min(n - 1, Math.max(0, Math.floor(p * n)));

/** One mutation, positions relative (0..1) so any seed fits. */
export const mutationArb: fc.Arbitrary<{ kind: Mutation['op']; p: number; q: number; bytes: Uint8Array; n: number }> = fc.record({
  // Weighted towards small changes that keep the outer structure, so cases reach the deep fields.
  kind: fc.oneof(
    { arbitrary: fc.constant<Mutation['op']>('flip'), weight: 8 },
    { arbitrary: fc.constant<Mutation['op']>('set-byte'), weight: 4 },
    { arbitrary: fc.constant<Mutation['op']>('inflate-length'), weight: 3 },
    { arbitrary: fc.constant<Mutation['op']>('huge-count'), weight: 2 },
    { arbitrary: fc.constant<Mutation['op']>('insert'), weight: 1 },
    { arbitrary: fc.constant<Mutation['op']>('duplicate'), weight: 1 },
    { arbitrary: fc.constant<Mutation['op']>('truncate'), weight: 1 },
    { arbitrary: fc.constant<Mutation['op']>('nest'), weight: 1 },
  ),
  p: position,
  q: position,
  bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }),
  n: fc.integer({ min: 0, max: 255 }),
});

type RawMutation = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

/** Offsets of plausible DER length bytes: a constructed tag followed by a long-form length. */
function derHeaders(b: Buffer): number[] {
  const found: number[] = [];
  for (let i = 0; i + 1 < b.length && found.length < 4096; i++) {
    const tag = b[i] ?? 0;
    const len = b[i + 1] ?? 0;
    if ((tag === 0x30 || tag === 0x31 || tag === 0x04 || tag === 0xa0 || tag === 0x02) && (len < 0x80 || len === 0x81 || len === 0x82 || len === 0x84)) found.push(i + 1);
  }
  return found;
}

/** Applies one mutation to a copy of `seed`. */
export function applyMutation(seed: Buffer, m: RawMutation): Buffer {
  const b = Buffer.from(seed);
  if (b.length === 0) return Buffer.from(m.bytes);
  switch (m.kind) {
    case 'flip': {
      const at = idx(m.p, b.length);
      b[at] = (b[at] ?? 0) ^ (1 << (m.n % 8));
      return b;
    }
    case 'set-byte': {
      b[idx(m.p, b.length)] = m.n;
      return b;
    }
    case 'truncate':
      return b.subarray(0, idx(m.p, b.length));
    case 'insert': {
      const at = idx(m.p, b.length + 1);
      return Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
    }
    case 'duplicate': {
      const at = idx(m.p, b.length);
      const len = Math.max(1, Math.floor(m.q * Math.min(4096, b.length - at)));
      const slice = b.subarray(at, at + len);
      const times = 1 + (m.n % 64);
      return Buffer.concat([b.subarray(0, at + len), ...Array.from({ length: times }, () => slice), b.subarray(at + len)]);
    }
    case 'inflate-length': {
      const headers = derHeaders(b);
      if (headers.length === 0) return b;
      const at = headers[idx(m.p, headers.length)] ?? 0;
      const first = b[at] ?? 0;
      if (first === 0x84 && at + 4 < b.length) b.writeUInt32BE(0xffffffff - m.n, at + 1);
      else if (first === 0x82 && at + 2 < b.length) b.writeUInt16BE(0xffff - m.n, at + 1);
      else if (first === 0x81 && at + 1 < b.length) b[at + 1] = 0xff;
      else b[at] = 0x7f;
      return b;
    }
    case 'nest': {
      // Indefinite-length SEQUENCEs wrapped around the input: deep nesting for recursive readers.
      const depth = 1 + Math.floor(m.q * 5000);
      return Buffer.concat([Buffer.alloc(depth * 2, Buffer.from([0x30, 0x80])), b]);
    }
    case 'huge-count': {
      // A 32-bit count or length field set to its largest value (JKS entry counts, string lengths).
      const at = idx(m.p, Math.max(1, b.length - 3));
      if (at + 4 <= b.length) b.writeUInt32BE(0x7fffffff - m.n, at);
      return b;
    }
  }
}

/** A mutated input: a seed with one to three mutations applied in turn. */
export function mutatedInput(seeds: readonly Buffer[]): fc.Arbitrary<Buffer> {
  return fc
    .record({ seed: fc.integer({ min: 0, max: seeds.length - 1 }), steps: fc.array(mutationArb, { minLength: 1, maxLength: 3 }) })
    .map(({ seed, steps }) => steps.reduce((b, m) => applyMutation(b, m), seeds[seed] ?? Buffer.alloc(0)));
}
