/**
 * The private keys in a keystore a server could serve, in the order Java lists them
 * (`KeyStore.aliases()`), and which one an agent serves: the first. Java's own JKS and JCEKS
 * stores keep entries in a `java.util.Hashtable` keyed by the lower-cased alias, so their order
 * is the hash table's, not the file's; a PKCS#12 store keeps them in a LinkedHashMap, file order.
 */
import type { ServerKey } from '../../../shared/contract/agent.js';
import type { Finding } from '../../../shared/findings.js';
import { describeCertificate } from '../pki/cert-facts.js';
import type { Keystore, KeystoreType } from './model.js';

/** Java's String.hashCode (over UTF-16 code units, 32-bit overflow). */
function javaHash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}

/**
 * The enumeration order of a `new Hashtable<>()` after putting `keys` in this order: capacity 11,
 * load factor 0.75, rehash to 2n+1 when full, new entries at the head of their bucket, and keys()
 * walking the buckets from the last to the first (as OpenJDK's Hashtable does).
 */
export function hashtableOrder(keys: readonly string[]): string[] {
  let table: string[][] = Array.from({ length: 11 }, () => []);
  let threshold = Math.floor(11 * 0.75);
  let count = 0;
  const slot = (k: string, size: number) => (javaHash(k) & 0x7fffffff) % size;
  for (const key of keys) {
    if (table[slot(key, table.length)]?.includes(key)) continue;
    if (count >= threshold) {
      const size = table.length * 2 + 1;
      const next: string[][] = Array.from({ length: size }, () => []);
      for (let i = table.length - 1; i >= 0; i--) for (const k of table[i] ?? []) next[slot(k, size)]?.unshift(k);
      table = next;
      threshold = Math.floor(size * 0.75);
    }
    table[slot(key, table.length)]?.unshift(key);
    count++;
  }
  return [...table].reverse().flat();
}

/** Entries in the order Java's `KeyStore.aliases()` gives them for this store type. */
export function javaEntryOrder<E extends { alias: string }>(type: KeystoreType, entries: readonly E[]): E[] {
  switch (type) {
    case 'PKCS12':
      return [...entries];
    case 'JKS':
    case 'JCEKS': {
      const byKey = new Map(entries.map((e) => [e.alias.toLowerCase(), e]));
      return hashtableOrder(entries.map((e) => e.alias.toLowerCase())).flatMap((k) => byKey.get(k) ?? []);
    }
    default: {
      const never: never = type;
      return never;
    }
  }
}

/** The private-key entries a server could use, in Java's order, with the one it serves and what to do about none or several. */
export function serverKeysOf(ks: Keystore, now: Date): { keys: ServerKey[]; servedAlias: string | null; findings: Finding[] } {
  const keys = javaEntryOrder(ks.type, ks.entries.filter((e) => e.kind === 'privateKey')).flatMap((e): ServerKey[] => {
    const leaf = e.chainDer[0];
    if (!leaf) return [];
    const f = describeCertificate(leaf, now);
    return [{ alias: e.alias, subject: f.subject, notAfter: f.notAfter, daysLeft: f.daysLeft, san: f.san, expired: f.findings.some((x) => x.code === 'expired') }];
  });
  const servedAlias = keys[0]?.alias ?? null;
  const findings: Finding[] = [];
  if (keys.length === 0) {
    findings.push({
      code: 'no-server-key', severity: 'error',
      message: 'The keystore holds no private key a server could use, so the agent cannot serve HTTPS.',
      fix: 'Import a .pfx with the server certificate and its key, or create a self-signed certificate into this keystore.',
    });
  } else if (keys.length > 1) {
    findings.push({
      code: 'several-server-keys', severity: 'warning',
      message: `The keystore holds ${keys.length} private keys (${keys.map((k) => `'${k.alias}'`).join(', ')}); the agent serves '${servedAlias}', the first Java lists.`,
      fix: 'Keep only the key the agent should serve: delete the others from the keystore (a backup is kept).',
    });
  }
  if (keys[0]?.expired) {
    findings.push({ code: 'served-key-expired', severity: 'error', message: `The certificate the agent serves ('${keys[0].alias}') has expired.`, fix: 'Import its renewal, or create a new certificate, and delete the expired entry.' });
  }
  return { keys, servedAlias, findings };
}
