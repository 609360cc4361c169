import type { WrittenFile } from '../../../../shared/contract/files.js';
import type { KeystoreListing, WritableStoreType } from '../../../../shared/contract/keystore.js';
import type { Result } from '../../../../shared/errors.js';
import { api } from '../../lib/api.js';
import { Operation } from '../../lib/operation.svelte.js';

/** What a finished change says, for the success note. */
export interface ChangeNote {
  summary: string;
  written: WrittenFile[];
  /** Things the person should know although the change worked (incomplete chain, ignored certificates). */
  warnings: string[];
  /** A keystore written elsewhere (convert) that can be opened next. */
  openPath?: string;
  /** Announce only, leaving the focus where the change put it (a delete far down the list keeps its place). */
  quiet?: boolean;
  /** Backups that still hold what the change removed (a deleted key, keys under the old password). */
  secretBackups?: string[];
  /** What those backups still hold, in words ("the deleted entry 'x'", "the keys under the old password"). */
  secretWhat?: string;
  /** The keystore the change was made to (the backups above belong to it). */
  path: string;
}

/** Every panel the keystore page can show; per-entry ones carry the alias. */
export type Panel =
  | { kind: 'importPfx' }
  | { kind: 'importKey' }
  | { kind: 'trust' }
  | { kind: 'password' }
  | { kind: 'convert' }
  | { kind: 'export'; alias: string }
  | { kind: 'rename'; alias: string }
  | { kind: 'delete'; alias: string };

/**
 * One open keystore: its path and password (kept in this page only, sent to the core with each
 * call, never shown), the listing, and the state of the change in progress.
 */
export class KeystoreSession {
  path = $state('');
  password = $state('');
  listing = $state<KeystoreListing | undefined>();
  /** The path has no keystore yet: the first import creates one of `newType`. */
  missing = $state(false);
  newType = $state<WritableStoreType>('pkcs12');
  /** The open, re-read or change running now (its progress, Cancel and error). */
  readonly op = new Operation();
  note = $state<ChangeNote | undefined>();
  panel = $state<Panel | undefined>();
  /** The alias a change just placed, highlighted in the table. */
  highlight = $state<string | undefined>();
  /** The entry to put the focus on once the table shows it (after a delete: the one beside it). */
  focusAlias = $state<string | undefined>();
  /** Told after every change that worked, with the store password now in use (an agent page keeps it). */
  onchanged: ((password: string) => void) | undefined;

  constructor(newType: WritableStoreType = 'pkcs12') {
    this.newType = newType;
  }

  get isOpen(): boolean {
    return this.listing !== undefined || this.missing;
  }

  /**
   * The keystore as every call names it: its path, and the password when one was typed — left empty, the
   * core uses the password a vault keystore-password credential keeps for this file (or says one is needed).
   */
  get store(): { path: string; storePassword?: string } {
    return this.password === '' ? { path: this.path.trim() } : { path: this.path.trim(), storePassword: this.password };
  }

  /** The store type for calls that may create the keystore. */
  get createType(): { storeType?: WritableStoreType } {
    return this.missing ? { storeType: this.newType } : {};
  }

  /** Whether a key entry may have its own key password: PKCS#12 has one password for everything, JKS keys may (keytool -keypass). */
  get ownKeyPassword(): boolean {
    return this.listing ? this.listing.type !== 'PKCS12' : this.newType === 'jks';
  }

  /** Opens (or re-reads) the keystore at `path` with `password`. */
  async open(opts: { keepNote?: boolean } = {}): Promise<void> {
    if (!opts.keepNote) {
      this.note = undefined;
      this.highlight = undefined;
    }
    const res = await this.op.run((o) => api().keystore.list(this.store, o), { start: 'Reading the keystore…' });
    if (res.ok) {
      this.listing = res.value;
      this.missing = false;
    } else if (res.error.code === 'FILE_NOT_FOUND') {
      // The path names the keystore itself: nothing there yet means the first import creates it.
      this.op.clear();
      this.listing = undefined;
      this.missing = true;
    } else {
      this.listing = undefined;
      this.missing = false;
    }
  }

  close(): void {
    this.listing = undefined;
    this.missing = false;
    this.note = undefined;
    this.panel = undefined;
    this.op.clear();
    this.password = '';
  }

  /** Runs a change with progress; on success shows the note, closes the panel and re-reads the store. */
  async change<T extends { summary: string; write: WrittenFile | null; secretBackups?: string[] }>(
    run: (options: { jobId: string }) => Promise<Result<T>>,
    after: (value: T) => { warnings?: string[]; alias?: string; openPath?: string; password?: string; focusAlias?: string; secretWhat?: string } = () => ({}),
  ): Promise<Result<T>> {
    const res = await this.op.run(run);
    if (!res.ok) return res;
    const extra = after(res.value);
    if (extra.password !== undefined) this.password = extra.password;
    this.panel = undefined;
    await this.open({ keepNote: true });
    this.note = {
      summary: res.value.summary,
      written: res.value.write ? [res.value.write] : [],
      warnings: extra.warnings ?? [],
      ...(extra.openPath ? { openPath: extra.openPath } : {}),
      ...(extra.focusAlias !== undefined ? { quiet: true } : {}),
      ...(res.value.secretBackups?.length ? { secretBackups: res.value.secretBackups } : {}),
      ...(extra.secretWhat !== undefined ? { secretWhat: extra.secretWhat } : {}),
      path: this.path.trim(),
    };
    this.onchanged?.(this.password);
    this.highlight = extra.alias;
    this.focusAlias = extra.focusAlias;
    return res;
  }
}
