/** Vault credentials with an expiry, and saved auth tests with their last verdict, through the ports. */
import type { Credential } from '../../../shared/contract/vault.js';
import type { GatheredItem } from './judge.js';
import type { OverviewPorts, OverviewSource, SavedAuthTest } from './ports.js';

function credentialItem(c: Credential): GatheredItem {
  const missing = c.findings.find((f) => f.code === 'secret-missing');
  const test = c.lastTest;
  const failed = missing ? { at: null, ok: false, summary: missing.message } : test && test.verdict !== 'authenticated' ? { at: test.at, ok: false, summary: test.summary } : null;
  return {
    key: `credential:${c.id}`,
    name: c.name,
    kind: 'credential',
    where: `Vault (${c.kind}${c.endpoints[0] ? `, ${c.endpoints[0]}` : ''})`,
    expires: c.expires !== null && c.daysLeft !== null ? { at: c.expires, daysLeft: c.daysLeft } : null,
    lastCheck: failed ?? (test ? { at: test.at, ok: true, summary: test.summary } : null),
    fix: { section: 'credentials', action: 'rotate-credential', label: 'Rotate the credential', target: c.name },
  };
}

function authTestItem(t: SavedAuthTest): GatheredItem {
  return {
    key: `auth-test:${t.id}`,
    name: t.name,
    kind: 'auth-test',
    where: t.url,
    expires: null,
    lastCheck: t.last ? { at: t.last.at, ok: t.last.verdict === 'authenticated', summary: t.last.summary } : null,
    fix: { section: 'auth', action: 'run-auth-test', label: 'Run the test', target: t.name },
  };
}

/** Credentials that expire, or whose secret is gone or whose last test failed. */
export function credentialsSource(ports: OverviewPorts): OverviewSource | null {
  const list = ports.credentials;
  if (!list) return null;
  return {
    name: 'vault',
    async gather(ctx) {
      if (ctx.watchId !== undefined) return [];
      return (await list()).filter((c) => c.expires !== null || c.findings.some((f) => f.code === 'secret-missing')).map(credentialItem);
    },
  };
}

export function authTestsSource(ports: OverviewPorts): OverviewSource | null {
  const list = ports.authTests;
  if (!list) return null;
  return {
    name: 'auth tests',
    async gather(ctx) {
      return ctx.watchId !== undefined ? [] : (await list()).map(authTestItem);
    },
  };
}
