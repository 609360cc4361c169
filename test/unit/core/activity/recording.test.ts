import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { ActivityEntry } from '../../../../shared/contract/activity-record.js';
import type { OpDef } from '../../../../shared/contract/define.js';
import { WrittenFile } from '../../../../shared/contract/files.js';
import { coreContract } from '../../../../shared/contract/index.js';
import { tokenOps, vaultOps } from '../../../../shared/contract/vault.js';
import { CHANGES_WITHOUT_FILES, describeChange, outputCanHoldWrittenFile, writtenFilesIn } from '../../../../electron/core/activity/record.js';
import { secretsIn } from '../../../../electron/core/compose.js';

/**
 * Every change is recorded by the composition layer from the contract alone: an operation whose output
 * carries WrittenFile(s) is recorded as it is; one that changes something else declares `records`.
 * The contract is enumerated here (the vault's operations too, before they are wired into the core), so
 * an operation that writes or changes and would not be recorded fails this test, not a person's audit.
 */

const ALL: Record<string, OpDef> = { ...coreContract, ...vaultOps, ...tokenOps };
/** Verbs that change something: an operation named with one must be recorded. */
const CHANGE_VERB = /^(add|update|rotate|remove|import|repair|save|delete|rename|trust|enable|restore|create|convert|change|pfx(Create|Extract|Convert)|export)/;

function recorded(def: OpDef): { ok: boolean; why: string } {
  if (def.records === false) return { ok: false, why: 'declares records: false' };
  if (outputCanHoldWrittenFile(def.output)) return { ok: true, why: 'its output carries WrittenFile' };
  const r = def.records;
  if (!r) return { ok: false, why: 'its output carries no WrittenFile and it declares no records' };
  if (r.written || r.removed || CHANGES_WITHOUT_FILES.has(r.kind)) return { ok: true, why: 'declared' };
  return { ok: false, why: `declares kind ${r.kind} but no written or removed files, so nothing would be recorded` };
}

describe('every operation that changes something is recorded', () => {
  it('finds WrittenFile in nested, nullable and listed outputs (the schema walk is not vacuous)', () => {
    expect(outputCanHoldWrittenFile(coreContract['keystore.importPfx'].output)).toBe(true);
    expect(outputCanHoldWrittenFile(coreContract['pki.createCsr'].output)).toBe(true);
    expect(outputCanHoldWrittenFile(coreContract['tls.saveChain'].output)).toBe(true);
    expect(outputCanHoldWrittenFile(coreContract['keystore.list'].output)).toBe(false);
    expect(outputCanHoldWrittenFile(coreContract['agent.enableHttps'].output)).toBe(false);
  });

  for (const [name, def] of Object.entries(ALL)) {
    const verb = name.split('.')[1] ?? '';
    if (def.writes.length === 0 && !outputCanHoldWrittenFile(def.output) && !CHANGE_VERB.test(verb)) continue;
    it(`${name} is recorded`, () => {
      const r = recorded(def);
      expect(r.ok, `${name}: ${r.why}`).toBe(true);
    });
  }

  it('an operation that declares records: false writes nothing', () => {
    for (const [name, def] of Object.entries(ALL)) if (def.records === false) expect(def.writes, name).toEqual([]);
  });

  it('credential changes are recorded with a summary from non-secret fields only', () => {
    const input = { name: 'partner-api', kind: 'bearer', fields: {}, secrets: { token: 'tok-SECRET-value-1' } };
    const entry = describeChange('vault.add', vaultOps['vault.add'], input, { credential: {} }, { id: 'x', at: new Date(0), source: 'cli', secrets: secretsIn(input) });
    expect(entry).toMatchObject({ kind: 'credential', source: 'cli', summary: "Added the credential 'partner-api' (bearer).", files: [] });
    expect(JSON.stringify(entry)).not.toContain('tok-SECRET-value-1');
  });
});

describe('describeChange', () => {
  const file = { path: '/srv/agent/conf/.keystore', role: 'keystore', created: false, backupPath: '/srv/agent/conf/.keystore.orig', backupKind: 'orig' } as const;
  const ctx = (secrets: string[] = []) => ({ id: 'id1', at: new Date('2026-01-02T03:04:05Z'), source: 'app' as const, secrets });

  it('takes every WrittenFile of an output, at any depth, and nothing that merely looks like one', () => {
    expect(writtenFilesIn({ write: file, nested: { written: [file, { path: 'x', created: 'no', backupPath: null, backupKind: null }] } })).toEqual([file, file]);
    expect(writtenFilesIn({ write: null })).toEqual([]);
  });

  it('records a keystore change with its backup, and nothing for a change that wrote nothing', () => {
    const def = coreContract['keystore.importPfx'];
    const out = { summary: "Imported the key as 'https'.", write: file };
    expect(describeChange('keystore.importPfx', def, {}, out, ctx())).toEqual({
      id: 'id1', at: '2026-01-02T03:04:05.000Z', op: 'keystore.importPfx', kind: 'keystore', source: 'app',
      summary: "Imported the key as 'https'.", files: [file], removed: [], secretBackups: null,
    } satisfies ActivityEntry);
    expect(describeChange('keystore.importPfx', def, {}, { summary: 'Already there.', write: null }, ctx())).toBeNull();
  });

  it("an undeclared change to Certdesk's own records is filed as data, any other file as a file written", () => {
    const meta = { path: '/data/saved-tests.json', role: 'metadata', created: true, backupPath: null, backupKind: null } as const;
    const def = { summary: 'Save an auth test.', output: z.object({ write: WrittenFile }) };
    expect(describeChange('auth.save', def, {}, { write: meta }, ctx())).toMatchObject({ kind: 'data', summary: 'Save an auth test.' });
    expect(describeChange('x.export', def, {}, { write: { ...meta, role: 'certificate' } }, ctx())?.kind).toBe('file');
  });

  it('masks any secret of the input that a summary would carry', () => {
    const input = { path: '/k', storePassword: 'hunter2-store' };
    const out = { summary: 'Wrote /k with hunter2-store', write: file };
    const entry = describeChange('keystore.importPfx', coreContract['keystore.importPfx'], input, out, ctx(secretsIn(input)));
    expect(entry?.summary).not.toContain('hunter2-store');
  });

  it('the agent config switch and removed backups are recorded from their declarations', () => {
    const https = describeChange('agent.enableHttps', coreContract['agent.enableHttps'], {}, { configPath: '/a/IAConfig.xml', changed: true, alreadyEnabled: false, backupPath: '/a/IAConfig.xml.orig', backupKind: 'orig', restartRequired: true, port: 8081 }, ctx());
    expect(https).toMatchObject({ kind: 'agent-config', files: [{ path: '/a/IAConfig.xml', role: 'config', backupPath: '/a/IAConfig.xml.orig' }] });
    const removed = describeChange('keystore.removeBackups', coreContract['keystore.removeBackups'], { path: '/k', backupPaths: ['/k.orig'] }, { removed: ['/k.orig'] }, ctx());
    expect(removed).toMatchObject({ kind: 'backup', removed: ['/k.orig'] });
  });
});
