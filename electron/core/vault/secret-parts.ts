/**
 * Long secrets in numbered parts, on every OS. Windows Credential Manager refuses a credential blob
 * over 2,560 bytes (CRED_MAX_CREDENTIAL_BLOB_SIZE); keytar hands it the secret's UTF-8 bytes, so the
 * limit is measured in UTF-8 bytes here too. A secret that fits is stored as it is under its account
 * (so one stored by another tool, such as `secret-tool store`, reads back as it is). A longer one goes
 * to `<account>#1` … `<account>#n`, each at most `partBytes` long and cut between characters, and the
 * account itself holds a header naming the count, the length and a hash of the whole: reading it back
 * finds a missing or changed part and says so (SECRET_MISSING), never returning half a secret.
 */
import { createHash } from 'node:crypto';
import { CertdeskError } from '../errors.js';
import type { Keychain } from './keychain.js';

const HEADER = /^certdesk-parts\/1 n=(\d{1,4}) bytes=(\d{1,9}) sha256=([0-9a-f]{64})$/;
/** The smallest sensible part (a header must fit in one). */
export const MIN_PART_BYTES = 128;

/** The account of part `i` (1-based) of the secret stored under `account`. */
export function partAccount(account: string, i: number): string {
  return `${account}#${i}`;
}

/** Cuts `secret` into pieces of at most `limit` UTF-8 bytes, between characters. */
export function splitUtf8(secret: string, limit: number): string[] {
  const parts: string[] = [];
  let current = '';
  let size = 0;
  for (const ch of secret) {
    const n = Buffer.byteLength(ch, 'utf8');
    if (size + n > limit && current !== '') {
      parts.push(current);
      current = '';
      size = 0;
    }
    current += ch;
    size += n;
  }
  if (current !== '') parts.push(current);
  return parts;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function damaged(account: string, what: string): CertdeskError {
  return new CertdeskError(
    'SECRET_MISSING',
    `The secret stored under ${account} is damaged: ${what}.`,
    'Enter the secret again (rotate it), or remove the credential.',
  );
}

/** The keychain with long secrets kept in numbered parts, read back whole and removed whole. */
export function withSecretParts(keychain: Keychain, partBytes: number): Keychain {
  if (!Number.isInteger(partBytes) || partBytes < MIN_PART_BYTES) throw new Error(`The keychain part limit must be a whole number of at least ${MIN_PART_BYTES} bytes.`);
  /** The part count of what `account` holds now (0: a whole secret or nothing). */
  const partsNow = async (account: string): Promise<number> => {
    const head = await keychain.get(account);
    return Number(head === null ? 0 : (HEADER.exec(head)?.[1] ?? 0));
  };
  const removeParts = async (account: string, from: number, to: number): Promise<void> => {
    for (let i = from; i <= to; i++) await keychain.delete(partAccount(account, i));
  };
  /** Writes a secret whole or in parts, leaving no stale part of what was there. */
  const store = async (account: string, secret: string): Promise<void> => {
    const before = await partsNow(account);
    const size = Buffer.byteLength(secret, 'utf8');
    // A short secret that happens to look like a header is stored as one part, so it reads back as itself.
    if (size <= partBytes && !HEADER.test(secret)) {
      await keychain.set(account, secret);
      await removeParts(account, 1, before);
      return;
    }
    const pieces = splitUtf8(secret, partBytes);
    // Parts first, the header last: the header never names a part that is not there yet.
    for (const [i, piece] of pieces.entries()) await keychain.set(partAccount(account, i + 1), piece);
    await keychain.set(account, `certdesk-parts/1 n=${pieces.length} bytes=${size} sha256=${sha256(secret)}`);
    await removeParts(account, pieces.length + 1, before);
  };
  const parts: Keychain = {
    service: keychain.service,
    backend: keychain.backend,
    probe: () => keychain.probe(),
    async get(account) {
      const head = await keychain.get(account);
      if (head === null) return null;
      const m = HEADER.exec(head);
      if (!m) return head;
      const count = Number(m[1]);
      const pieces: string[] = [];
      for (let i = 1; i <= count; i++) {
        const piece = await keychain.get(partAccount(account, i));
        if (piece === null) throw damaged(account, `part ${i} of ${count} is missing from the ${keychain.backend}`);
        pieces.push(piece);
      }
      const whole = pieces.join('');
      if (Buffer.byteLength(whole, 'utf8') !== Number(m[2]) || sha256(whole) !== m[3]) throw damaged(account, `its ${count} parts do not add up to what was stored`);
      return whole;
    },
    async set(account, secret) {
      // Read back after writing, as every Certdesk write is verified: a store that kept an older copy
      // beside the new one (seen under load) is cleared and written once more, then it must match.
      for (let attempt = 1; ; attempt++) {
        await store(account, secret);
        if ((await parts.get(account)) === secret) return;
        if (attempt === 2) throw new CertdeskError('SECRET_STORE_UNAVAILABLE', `The ${keychain.backend} did not keep the secret written under ${account}.`, 'Try again; if it persists, restart the keyring service.');
        await parts.delete(account);
      }
    },
    async delete(account) {
      const count = await partsNow(account);
      await removeParts(account, 1, count);
      return keychain.delete(account);
    },
  };
  return parts;
}
