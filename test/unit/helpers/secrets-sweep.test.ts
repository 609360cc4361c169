/**
 * The secrets sweep bites: a secret handed to Certdesk and then found in a data folder, a temp folder,
 * a file a command wrote, a log line, a child's argv or a screenshot's page text is a hit; a value
 * revealed on purpose is not. These records go to a folder of their own, apart from the real run's.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCertdesk } from '../../helpers/cli.js';
import { createTestCore } from '../../helpers/core.js';
import { readSweepRecords, recordPage, registerSecret, sweepLines, sweepVerdict, useSweepDir } from '../../helpers/secrets.js';

const dir = mkdtempSync(join(tmpdir(), 'certdesk-sweep-self-'));
useSweepDir(join(dir, 'records'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hits = () => sweepVerdict(readSweepRecords()).hits;

describe('the secrets sweep, on deliberate leaks', () => {
  it('a secret given to a core service and then written into its data folder, or into a log line', async () => {
    const core = createTestCore();
    const secret = 'Leak-core-7f3a9c21';
    // A real call registers the secret (the service refuses the missing credential; the input is what counts).
    await core.services['vault.rotate']({ name: 'nobody', secrets: { password: secret } });
    expect(hits()).toEqual([]);
    writeFileSync(join(core.dataDir, 'leaked.json'), JSON.stringify({ note: secret }));
    core.logLines.push(`debug: sent ${encodeURIComponent(secret)}`);
    core.cleanup();
    expect(hits()).toEqual([
      expect.stringMatching(/^a test core data folder: .*leaked\.json holds the secret of vault\.rotate$/),
      expect.stringMatching(/^a test core log: "debug: sent \[secret\]" holds the secret of vault\.rotate$/),
    ]);
  });

  it('a secret in a file a core service declares it writes (an export)', async () => {
    const core = createTestCore();
    const secret = 'Leak-export-94d0e1f7';
    await core.services['vault.rotate']({ name: 'nobody', secrets: { password: secret } });
    const before = hits().length;
    const out = join(dir, 'export.json');
    await core.services['vault.export']({ outPath: out });
    expect(hits().length).toBe(before);
    // The leak: what the export path holds (here left by someone else: the export refuses to overwrite it).
    writeFileSync(out, JSON.stringify({ password: secret }));
    await core.services['vault.export']({ outPath: out });
    expect(hits().slice(before)).toEqual([`a file vault.export wrote: ${out} holds the secret of vault.rotate`]);
    core.cleanup();
  });

  it('a secret given to the CLI in a variable, then found in the temp folder of a command', async () => {
    const before = hits().length;
    const tmp = join(dir, 'cli-tmp');
    const env = { TMPDIR: tmp, CERTDESK_HOME: join(dir, 'home') };
    const secret = 'Leak-cli-0b5e44d9';
    const r = await runCertdesk(['inspect', join(dir, 'missing.p12'), '--password-env', 'PW'], { env: { ...env, PW: secret } });
    expect(r.code).not.toBe(0);
    expect(hits().length).toBe(before);
    // The leak: a file left in the temp folder a command was given.
    mkdirSync(tmp, { recursive: true });
    writeFileSync(join(tmp, 'left-behind.tmp'), `password=${secret}\n`);
    await runCertdesk(['--version'], { env });
    expect(hits().slice(before)).toEqual([expect.stringMatching(/^after certdesk --version: .*left-behind\.tmp holds the secret of certdesk inspect .* \(--password-env PW\)$/)]);
  });

  it('a secret in the argv of a process', () => {
    registerSecret('Leak-argv-5d61c0aa', 'the self-test');
    const before = hits().length;
    sweepLines('argv of the processes certdesk vault run ran', ['/usr/bin/env FOO=1 printenv', 'curl -u alice:Leak-argv-5d61c0aa https://x.test']);
    expect(hits().slice(before)).toEqual(['argv of the processes certdesk vault run ran: "curl -u alice:[secret] https://x.test" holds the secret of the self-test']);
  });

  it('a secret in a screenshot page text, unless cut out where it was revealed on purpose', () => {
    registerSecret('Leak-page-a1b2c3d4', 'the self-test page');
    const before = hits().length;
    recordPage('revealed-on-purpose', 'Password [revealed] Hide', 1);
    expect(hits().length).toBe(before);
    recordPage('leaked', 'Password Leak-page-a1b2c3d4 Reveal', 0);
    expect(hits().slice(before)).toEqual(['the page text of screenshot leaked holds the secret of the self-test page']);
  });
});
