import type { Output } from '../../../../shared/contract/index.js';
import type { Credential, VaultDrift } from '../../../../shared/contract/vault.js';
import type { CredentialKind } from '../../../../shared/credential-kinds.js';
import { api } from '../../lib/api.js';
import { Operation } from '../../lib/operation.svelte.js';

/** What opens under the list or a credential's row. */
export type Panel =
  | { kind: 'add' }
  | { kind: 'edit'; name: string }
  | { kind: 'rotate'; name: string; /** Only these fields (after an import: the missing ones). */ fields?: readonly string[] }
  | { kind: 'delete'; name: string };

type Listing = Output<'vault.list'>;

/** A change that worked, said once above the list. */
export interface VaultNote {
  text: string;
  name?: string;
}

/**
 * The Credentials section's one state: the listing (filtered by the core), the keychain state and
 * drift, the open panel, and the last change. Every tab reloads through `reload()`.
 */
export class VaultState {
  query = $state('');
  kind = $state<'' | CredentialKind>('');
  listing = $state<Listing | undefined>();
  /** The count with no filter, so "2 of 7" can be said. */
  total = $state(0);
  panel = $state<Panel | undefined>();
  note = $state<VaultNote | undefined>();
  readonly op = new Operation<Listing>();
  #seq = 0;

  get credentials(): Credential[] {
    return this.listing?.credentials ?? [];
  }

  get drift(): VaultDrift {
    return this.listing?.drift ?? { missingSecrets: [], orphanAccounts: [] };
  }

  get filtered(): boolean {
    return this.query.trim() !== '' || this.kind !== '';
  }

  /** Lists again with the current filter; an answer overtaken by a newer request is dropped. */
  async reload(): Promise<void> {
    const seq = ++this.#seq;
    const query = this.query.trim();
    const res = await this.op.run((o) => api().vault.list({ ...(query ? { query } : {}), ...(this.kind ? { kind: this.kind } : {}) }, o), { start: 'Reading the vault…' });
    if (seq !== this.#seq || !res.ok) return;
    this.listing = res.value;
    if (!this.filtered) this.total = res.value.credentials.length;
    else if (res.value.credentials.length > this.total) this.total = res.value.credentials.length;
  }

  /** After a change: close the panel, list again, then say what happened (so the note and the list agree). */
  async changed(note: VaultNote): Promise<void> {
    this.panel = undefined;
    this.note = undefined;
    if (this.filtered) {
      // The total is counted without a filter.
      const all = await api().vault.list({});
      if (all.ok) this.total = all.value.credentials.length;
    }
    await this.reload();
    this.note = note;
  }

  /** The credential with this name in the listing. */
  find(name: string): Credential | undefined {
    return this.credentials.find((c) => c.name === name);
  }
}
