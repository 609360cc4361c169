import { describe, expect, it } from 'vitest';
import { agentOps, AGENT_ERROR_CODES } from '../../../shared/contract/agent.js';
import { appOps, APP_ERROR_CODES } from '../../../shared/contract/app.js';
import { contract, ERROR_CODES, OP_NAMES } from '../../../shared/contract/index.js';
import { keystoreOps, KEYSTORE_ERROR_CODES } from '../../../shared/contract/keystore.js';
import { pkiOps, PKI_ERROR_CODES } from '../../../shared/contract/pki-ops.js';
import { platformOps, PLATFORM_ERROR_CODES } from '../../../shared/contract/platform.js';
import { tlsOps, TLS_ERROR_CODES } from '../../../shared/contract/tls.js';
import { tokenOps, vaultOps, VAULT_ERROR_CODES } from '../../../shared/contract/vault.js';
import { COMMON_ERROR_CODES } from '../../../shared/errors.js';

// One module per domain, each with its operations and the error codes it adds.
const DOMAINS = [
  { ops: appOps, codes: APP_ERROR_CODES, prefixes: ['app'] },
  { ops: platformOps, codes: PLATFORM_ERROR_CODES, prefixes: ['dialog', 'shell'] },
  { ops: pkiOps, codes: PKI_ERROR_CODES, prefixes: ['pki'] },
  { ops: keystoreOps, codes: KEYSTORE_ERROR_CODES, prefixes: ['keystore'] },
  { ops: agentOps, codes: AGENT_ERROR_CODES, prefixes: ['agent'] },
  { ops: tlsOps, codes: TLS_ERROR_CODES, prefixes: ['tls'] },
  { ops: { ...vaultOps, ...tokenOps }, codes: VAULT_ERROR_CODES, prefixes: ['vault', 'token'] },
];

describe('the contract, one module per domain', () => {
  it('keeps each operation in the module of its domain', () => {
    for (const d of DOMAINS) for (const name of Object.keys(d.ops)) expect(d.prefixes).toContain(name.split('.')[0]);
    expect(DOMAINS.flatMap((d) => Object.keys(d.ops)).sort()).toEqual(Object.keys(contract).sort());
  });

  it('has the preload\'s name list equal to the contract (add a new name to shared/contract/names.ts)', () => {
    expect([...OP_NAMES].sort()).toEqual(Object.keys(contract).sort());
  });

  it('composes the error codes from the common list and the domain lists, each code declared once', () => {
    const declared = [...COMMON_ERROR_CODES, ...DOMAINS.flatMap((d) => [...d.codes])];
    expect(new Set(declared).size).toBe(declared.length);
    expect([...ERROR_CODES].sort()).toEqual(declared.sort());
  });
});
