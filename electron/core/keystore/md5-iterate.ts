/**
 * Iterated MD5 for Sun's PBEWithMD5AndTripleDES key derivation.
 * JCEKS uses 200,000 iterations per salt half; one createHash call per round costs about half a
 * second per key, which would stall the Electron main process. This allocation-free MD5 over a
 * fixed scratch buffer does the same work roughly ten times faster.
 */

const S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];
const K = new Int32Array(64).map((_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
const G = Array.from({ length: 64 }, (_, i) => (i < 16 ? i : i < 32 ? (5 * i + 1) % 16 : i < 48 ? (3 * i + 5) % 16 : (7 * i) % 16));

/** Computes h = MD5(h || suffix) `rounds` times, starting from `seed` (which may be any length). */
export function md5Iterate(seed: Buffer, suffix: Buffer, rounds: number): Buffer {
  let h: Buffer = Buffer.from(seed);
  if (rounds <= 0) return h;
  // Round one may have a different input length (a 4-byte salt half); do it the plain way.
  h = md5Once(Buffer.concat([h, suffix]));
  if (rounds === 1) return h;
  const msgLen = 16 + suffix.length;
  const blocks = Math.ceil((msgLen + 9) / 64);
  const buf = Buffer.alloc(blocks * 64);
  suffix.copy(buf, 16);
  buf[msgLen] = 0x80;
  buf.writeUInt32LE((msgLen * 8) >>> 0, blocks * 64 - 8);
  buf.writeUInt32LE(Math.floor((msgLen * 8) / 2 ** 32), blocks * 64 - 4);
  h.copy(buf, 0);
  const words = new Int32Array(blocks * 16);
  for (let w = 0; w < words.length; w++) words[w] = buf.readInt32LE(w * 4);
  const state = new Int32Array(4);
  // The suffix starts at word 4, so only words 0-3 (the previous digest) change between rounds.
  for (let r = 1; r < rounds; r++) {
    compress(words, blocks, state);
    words.set(state, 0);
  }
  const out = Buffer.alloc(16);
  for (let w = 0; w < 4; w++) out.writeInt32LE(words[w] as number, w * 4);
  return out;
}

function md5Once(msg: Buffer): Buffer {
  const blocks = Math.ceil((msg.length + 9) / 64);
  const buf = Buffer.alloc(blocks * 64);
  msg.copy(buf);
  buf[msg.length] = 0x80;
  buf.writeUInt32LE((msg.length * 8) >>> 0, blocks * 64 - 8);
  buf.writeUInt32LE(Math.floor((msg.length * 8) / 2 ** 32), blocks * 64 - 4);
  const words = new Int32Array(blocks * 16);
  for (let w = 0; w < words.length; w++) words[w] = buf.readInt32LE(w * 4);
  const state = new Int32Array(4);
  compress(words, blocks, state);
  const out = Buffer.alloc(16);
  for (let w = 0; w < 4; w++) out.writeInt32LE(state[w] as number, w * 4);
  return out;
}

function compress(words: Int32Array, blocks: number, state: Int32Array): void {
  let a0 = 0x67452301, b0 = 0xefcdab89 | 0, c0 = 0x98badcfe | 0, d0 = 0x10325476;
  for (let blk = 0; blk < blocks; blk++) {
    let a = a0, b = b0, c = c0, d = d0;
    const base = blk * 16;
    for (let i = 0; i < 64; i++) {
      let f: number;
      if (i < 16) f = (b & c) | (~b & d);
      else if (i < 32) f = (d & b) | (~d & c);
      else if (i < 48) f = b ^ c ^ d;
      else f = c ^ (b | ~d);
      const t = (a + f + (K[i] as number) + (words[base + (G[i] as number)] as number)) | 0;
      const s = S[i] as number;
      a = d;
      d = c;
      c = b;
      b = (b + ((t << s) | (t >>> (32 - s)))) | 0;
    }
    a0 = (a0 + a) | 0;
    b0 = (b0 + b) | 0;
    c0 = (c0 + c) | 0;
    d0 = (d0 + d) | 0;
  }
  state[0] = a0;
  state[1] = b0;
  state[2] = c0;
  state[3] = d0;
}
