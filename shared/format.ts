/**
 * Presentation helpers used by both the CLI and the renderer, so a certificate reads the same in a
 * terminal and in the window. Pure functions: no Node, no DOM. What counts as a problem is decided by
 * the core (findings); these only put facts into words.
 */

/** "RSA 2048", "EC P-256", "Ed25519". */
export function keyText(k: { keyType: string; keySize?: number | undefined; curve?: string | undefined }): string {
  if (k.keyType === 'EC') return `EC ${k.curve ?? (k.keySize ? `${k.keySize} bits` : '')}`.trim();
  return k.keySize ? `${k.keyType} ${k.keySize}` : k.keyType;
}

/** The kind of a keystore entry in words. */
export function entryKindText(kind: 'privateKey' | 'trustedCert' | 'secretKey'): string {
  switch (kind) {
    case 'privateKey':
      return 'Private key';
    case 'trustedCert':
      return 'Trusted certificate';
    case 'secretKey':
      return 'Secret key';
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/** First 8 bytes of a colon-hex fingerprint, enough to tell certificates apart at a glance. */
export function shortFingerprint(colonHex: string): string {
  const parts = colonHex.split(':');
  return parts.length > 8 ? `${parts.slice(0, 8).join(':')}…` : colonHex;
}

/**
 * Days left in words, the one rule everywhere: `daysLeft` counts started days until notAfter
 * (a certificate valid for 365 more days shows 365), negative once it has expired.
 */
export function daysLeftText(daysLeft: number): string {
  if (daysLeft < 0) return `expired ${-daysLeft} day${daysLeft === -1 ? '' : 's'} ago`;
  if (daysLeft === 0) return 'expires today';
  return `${daysLeft} day${daysLeft === 1 ? '' : 's'} left`;
}

/** An ISO timestamp as a calendar date (YYYY-MM-DD, UTC), the form both keytool users and ISO read. */
export function dateText(iso: string): string {
  return iso.length >= 10 ? iso.slice(0, 10) : iso;
}

/** An ISO timestamp as date and time to the minute, UTC (`2026-11-30 07:45 UTC`), the same on every screen. */
export function dateTimeText(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]} UTC` : iso;
}

/** A byte count for people: "512 bytes", "1.5 KiB", "16 MiB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? '' : 's'}`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)} ${units[u]}`;
}

/** A file's short name from a path (either separator). */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}
