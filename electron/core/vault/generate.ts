/** Strong random API keys and secrets, for systems that let you choose one. */
import type { RandomSource } from '../deps.js';

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * `bytes` random bytes written as base64url or hex; or, as letters and digits, enough characters for
 * at least as many bits (each character drawn without bias: bytes of 248 and over are skipped).
 */
export function generateSecret(random: RandomSource, bytes: number, encoding: 'base64url' | 'hex' | 'alphanumeric'): { value: string; bits: number } {
  if (encoding !== 'alphanumeric') return { value: random.bytes(bytes).toString(encoding), bits: bytes * 8 };
  const length = Math.ceil((bytes * 8) / Math.log2(ALPHANUMERIC.length));
  let value = '';
  while (value.length < length) {
    for (const b of random.bytes(length)) {
      if (b < 248 && value.length < length) value += ALPHANUMERIC[b % ALPHANUMERIC.length];
    }
  }
  return { value, bits: Math.floor(length * Math.log2(ALPHANUMERIC.length)) };
}
