import type { AuthRunRow } from '../../../../shared/contract/auth.js';
import type { Credential } from '../../../../shared/contract/vault.js';
import { api } from '../../lib/api.js';
import { handoff } from '../../lib/handoff.svelte.js';
import { Operation } from '../../lib/operation.svelte.js';

/**
 * A credential's one-click test (its row's Test button in Credentials): runs the credential's saved test;
 * the first time (no saved test yet), opens Auth tests with the credential picked and its first endpoint as the URL.
 */
export class CredentialTestRun {
  readonly op = new Operation();
  row = $state<AuthRunRow | undefined>();

  /** Runs (or, the first time, composes) the test; `onselect` goes to another section; `ondone` after a run. */
  async run(c: Pick<Credential, 'name' | 'endpoints'>, onselect: (id: string) => void, ondone: () => void): Promise<void> {
    this.row = undefined;
    const listed = await this.op.run((o) => api().auth.listTests({ credentialName: c.name }, o), { start: 'Finding its test…' });
    if (!listed.ok) return;
    const test = listed.value.tests[0];
    if (!test) {
      handoff.authRequest = { credentialName: c.name, url: c.endpoints[0] ?? '' };
      onselect('auth');
      return;
    }
    const res = await this.op.run((o) => api().auth.runAll({ names: [test.name] }, o), { start: `Testing against ${test.request.url}…` });
    if (!res.ok) return;
    this.row = res.value.rows[0];
    ondone();
  }
}
