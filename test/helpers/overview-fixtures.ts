/**
 * The overview's scenario, made at test time: a PKCS#12 keystore (keytool) with one certificate ending
 * in 5 days and one valid for a year, a loopback TLS endpoint serving an expired certificate, and a
 * certificate file valid for years (the test CA's root).
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
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
  /** https://localhost:PORT/me, answering 401 to everything. */
  apiUrl: string;
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
  issueLeaf(ca, 'api', { san: 'DNS:localhost' });
  const read = (f: string) => readFileSync(join(tmp.dir, f));
  const expiredEndpoint = await startNodeTls({ cert: read('old-chain.pem'), key: read('old.key') });
  const api: Server = createServer({ cert: read('api-chain.pem'), key: read('api.key') }, (_req, res) => {
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer error="invalid_token"' });
    res.end('{"error":"invalid_token"}');
  });
  await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
  return {
    tmp,
    keystore: join(tmp.dir, 'agent.p12'),
    rootCert: join(tmp.dir, ca.root),
    expiredEndpoint,
    endpointTarget: `localhost:${expiredEndpoint.port}`,
    apiUrl: `https://localhost:${(api.address() as AddressInfo).port}/me`,
    async close() {
      await expiredEndpoint.close();
      api.closeAllConnections();
      await new Promise((resolve) => api.close(resolve));
      tmp.cleanup();
    },
  };
}
