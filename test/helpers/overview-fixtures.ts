/**
 * The overview's scenario, made at test time: a PKCS#12 keystore (keytool) with one certificate ending
 * in 5 days and one valid for a year, a loopback TLS endpoint serving an expired certificate, and a
 * certificate file valid for years (the test CA's root).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keytool, tempDir, type TempDir } from '../unit/core/pki/helpers.js';
import { asnDate, issueLeaf, makeTestCa } from '../servers/tls-pki.js';
import { type Running, startNodeTls } from '../servers/tls-servers.js';

export const KEYSTORE_PASSWORD = 'overview-store-secret-4711';

export interface OverviewScenario {
  tmp: TempDir;
  keystore: string;
  rootCert: string;
  expiredEndpoint: Running;
  endpointTarget: string;
  close(): Promise<void>;
}

export async function makeOverviewScenario(): Promise<OverviewScenario> {
  const tmp = tempDir('certdesk-overview-');
  const env = { SP: KEYSTORE_PASSWORD };
  for (const [alias, days] of [['renew-me', 5], ['fine-for-a-year', 365]] as const)
    keytool(tmp.dir, ['-genkeypair', '-noprompt', '-storetype', 'PKCS12', '-keystore', 'agent.p12', '-storepass:env', 'SP', '-alias', alias,
      '-keyalg', 'EC', '-groupname', 'secp256r1', '-validity', String(days), '-dname', `CN=${alias}.example.test`], { env });
  const ca = makeTestCa(tmp.dir);
  issueLeaf(ca, 'old', { san: 'DNS:localhost', start: asnDate(-400), end: asnDate(-5) });
  const read = (f: string) => readFileSync(join(tmp.dir, f));
  const expiredEndpoint = await startNodeTls({ cert: read('old-chain.pem'), key: read('old.key') });
  return {
    tmp,
    keystore: join(tmp.dir, 'agent.p12'),
    rootCert: join(tmp.dir, ca.root),
    expiredEndpoint,
    endpointTarget: `localhost:${expiredEndpoint.port}`,
    async close() {
      await expiredEndpoint.close();
      tmp.cleanup();
    },
  };
}
