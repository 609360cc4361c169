import type { OnClash } from '../../../../../shared/contract/keystore.js';
import type { AppError } from '../../../../../shared/errors.js';
import type { Operation } from '../../../lib/operation.svelte.js';

/**
 * A keystore panel's submit over the session's one Operation: adds the steps before the call
 * (reading a .pfx) to `busy`, and turns a taken alias into the clash question (replace, keep both,
 * or choose another alias) instead of an error.
 */
export class PanelForm {
  clash = $state<string | undefined>();
  #working = $state(false);

  readonly #op: () => Operation;

  /** `op` reads the session's operation (a getter, so the panel follows the session it is given). */
  constructor(op: () => Operation) {
    this.#op = op;
  }

  private get op(): Operation {
    return this.#op();
  }

  get busy(): boolean {
    return this.#working || this.op.busy;
  }

  /** The error to show in the panel (none while the clash question stands in for it). */
  get error(): AppError | undefined {
    return this.clash === undefined ? this.op.error : undefined;
  }

  /** Starts a submit: forgets what the last one said. */
  begin(): void {
    this.op.clear();
    this.clash = undefined;
  }

  /** Stops a submit before it runs: says why, with the focus on the field to fix. */
  refuse(error: AppError, fieldId?: string): void {
    this.op.fail(error, fieldId);
  }

  /** Runs the submit's work with `busy` set. */
  async run(work: () => Promise<void>): Promise<void> {
    this.#working = true;
    try {
      await work();
    } finally {
      this.#working = false;
    }
  }

  /** Shows a failure; a taken alias becomes the clash question in panels that can ask it (`clashAlias`). */
  fail(error: AppError, clashAlias?: string): void {
    if (clashAlias !== undefined && error.code === 'ALIAS_EXISTS') this.clash = clashAlias;
    else this.op.fail(error);
  }

  /** Acts on the answer to the clash question: submit again with it, or go back to the alias field. */
  answer(choice: OnClash | 'other', retry: (onClash: OnClash) => Promise<void>, aliasFieldId: string): void {
    if (choice === 'other') {
      this.clash = undefined;
      document.getElementById(aliasFieldId)?.focus();
    } else void retry(choice);
  }
}
