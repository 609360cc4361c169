import type { WrittenFile } from '../../../../shared/contract/files.js';
import type { TlsTrustInput } from '../../../../shared/contract/tls.js';

/** A certificate added to a trust store by the fix: where, with which password (for the re-check), and what was written. */
export interface ImportDone {
  path: string;
  password: string;
  summary: string;
  write: WrittenFile | null;
}

export type TrustKind = TlsTrustInput['kind'];

/** The trust source a form picked, kept as the person typed it; `input()` is what the core takes. */
export class TrustChoice {
  kind = $state<TrustKind>('bundled');
  caPath = $state('');
  storePath = $state('');
  storePassword = $state('');

  /** The contract's trust input for the current choice. */
  input(): TlsTrustInput {
    switch (this.kind) {
      case 'bundled':
      case 'system':
        return { kind: this.kind };
      case 'caFiles':
        return { kind: 'caFiles', paths: [this.caPath.trim()] };
      case 'javaTrustStore':
        return { kind: 'javaTrustStore', path: this.storePath.trim(), storePassword: this.storePassword };
      default: {
        const never: never = this.kind;
        return never;
      }
    }
  }

  /** Switches to a Java trust store (after importing a certificate into it). */
  useStore(path: string, password: string): void {
    this.kind = 'javaTrustStore';
    this.storePath = path;
    this.storePassword = password;
  }
}

/** The PEM blocks of a chain, in order (the core sent them; nothing here parses certificates). */
export function pemBlocks(chainPem: string): string[] {
  return chainPem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----\r?\n?/g) ?? [];
}

/** A keystore alias from a subject: its CN (or the whole name), lower case, words joined by dashes. */
export function aliasFrom(subject: string): string {
  const cn = /(?:^|,\s*)CN=([^,]+)/.exec(subject)?.[1] ?? subject;
  return cn.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'trusted-cert';
}
