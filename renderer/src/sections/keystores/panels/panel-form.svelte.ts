import type { OnClash } from '../../../../../shared/contract/keystore.js';
import type { AppError } from '../../../../../shared/errors.js';

/**
 * What a keystore panel's submit shows: busy while it runs, the error it ended with, and the
 * alias clash it asks about (replace, keep both, or choose another alias).
 */
export class PanelForm {
  busy = $state(false);
  error = $state<AppError | undefined>();
  clash = $state<string | undefined>();

  /** Starts a submit: forgets what the last one said. */
  begin(): void {
    this.error = undefined;
    this.clash = undefined;
  }

  /** Stops a submit before it runs: says why, with the focus on the field to fix. */
  refuse(error: AppError, fieldId?: string): void {
    this.error = error;
    if (fieldId !== undefined) document.getElementById(fieldId)?.focus();
  }

  /** Runs the submit's work with `busy` set. */
  async run(work: () => Promise<void>): Promise<void> {
    this.busy = true;
    try {
      await work();
    } finally {
      this.busy = false;
    }
  }

  /** Shows a failure; a taken alias becomes the clash question in panels that can ask it (`clashAlias`). */
  fail(error: AppError, clashAlias?: string): void {
    if (clashAlias !== undefined && error.code === 'ALIAS_EXISTS') this.clash = clashAlias;
    else this.error = error;
  }

  /** Acts on the answer to the clash question: submit again with it, or go back to the alias field. */
  answer(choice: OnClash | 'other', retry: (onClash: OnClash) => Promise<void>, aliasFieldId: string): void {
    if (choice === 'other') {
      this.clash = undefined;
      document.getElementById(aliasFieldId)?.focus();
    } else void retry(choice);
  }
}
