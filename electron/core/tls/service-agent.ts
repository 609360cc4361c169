/**
 * The agent check: does the agent's live HTTPS endpoint serve the certificate now in its keystore?
 * After a certificate change the usual answer is "not yet: restart the agent".
 */
import { resolve } from 'node:path';
import type { TlsAgentCheckOutput } from '../../../shared/contract/tls.js';
import { readAgents } from '../agent-profiles/store.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { CoreInput } from '../handler.js';
import type { JobContext } from '../jobs.js';
import { findAgentProfile } from '../keystore/agent.js';
import { loadKeystore } from '../keystore/keystore.js';
import { describeCertificate } from '../pki/cert-facts.js';
import { checkTls } from './check.js';
import { compareServedCertificate } from './served-vs-expected.js';
import { parseTarget } from './target.js';
import { javaTrust } from './trust.js';

/** Where the agent lives and which endpoint it serves, from a saved profile or a home folder. */
async function locate(deps: CoreDeps, input: CoreInput<'tls.agentCheck'>): Promise<{ home: string; endpoint: string | undefined }> {
  if (input.agentId === undefined) return { home: resolve(input.home ?? ''), endpoint: input.endpoint };
  const profile = (await readAgents(deps)).find((a) => a.id === input.agentId);
  if (!profile) throw new CertdeskError('VALIDATION_FAILED', 'That agent profile no longer exists.', 'Reload the list of agents.');
  return { home: profile.home, endpoint: input.endpoint ?? profile.endpoint };
}

/** Checks the agent's endpoint and compares the served leaf with the keystore's key entries. */
export async function agentCheck(deps: CoreDeps, input: CoreInput<'tls.agentCheck'>, ctx: JobContext): Promise<TlsAgentCheckOutput> {
  const where = await locate(deps, input);
  const status = await findAgentProfile(where.home);
  const endpoint = where.endpoint ?? (status.port !== null ? `localhost:${status.port}` : undefined);
  if (!endpoint) throw new CertdeskError('VALIDATION_FAILED', 'The agent has no HTTPS endpoint to check.', "Add the endpoint to the agent's profile (e.g. https://agent.example.com:8081).");
  const target = parseTarget(endpoint.replace(/^http:\/\//i, 'https://'));
  const bytes = await deps.files.read(status.keystorePath, { kind: 'keystore', what: "agent's keystore" });
  const store = loadKeystore(bytes, input.storePassword, { lockedKeys: 'keep' });
  const expectedDers = store.entries.flatMap((e) => (e.kind === 'privateKey' ? e.chainDer.slice(0, 1) : []));
  if (expectedDers.length === 0) throw new CertdeskError('NO_CERTIFICATE', `The agent's keystore holds no key entry: ${status.keystorePath}`, 'Import the server certificate and key into the keystore first.');
  ctx.progress(undefined, `Checking ${endpoint}…`);
  // The agent's own keystore is the trust a Java caller that trusts this agent would have.
  const check = await checkTls(target, {
    trust: javaTrust(bytes, input.storePassword, "(the agent's keystore)"),
    timeoutMs: input.timeoutMs,
    env: deps.env,
    expiringSoonDays: deps.settings.expiringSoonDays,
    signal: ctx.signal,
    now: deps.clock.now(),
  });
  ctx.throwIfCancelled();
  const comparisons = expectedDers.map((der) => compareServedCertificate(check, der, "the agent's keystore"));
  const verdict =
    comparisons.find((c) => c?.code === 'serves-expected-certificate') ??
    comparisons.find((c) => c !== null) ??
    check.findings[0] ?? { code: 'network-error', severity: 'error' as const, message: `${check.target} served no certificate.` };
  const now = deps.clock.now();
  return {
    endpoint: check.target,
    keystorePath: status.keystorePath,
    verdict,
    expected: expectedDers.map((der) => describeCertificate(der, now, deps.settings.expiringSoonDays)),
    check,
  };
}
