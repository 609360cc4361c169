/**
 * The parsers under fuzzing, each with seeds made at run time by the real tools (openssl, keytool):
 * every mutated input must end in a value or a typed CertdeskError, never anything else.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAgentGateway, enableHttps } from '../../electron/core/keystore/agent-config.js';
import { readJavaKeystore } from '../../electron/core/keystore/jks.js';
import { readP12Keystore } from '../../electron/core/keystore/p12-store.js';
import { inspectBytes } from '../../electron/core/pki/inspect.js';
import { parsePem } from '../../electron/core/pki/pem.js';
import { certificatesFromPkcs7 } from '../../electron/core/pki/pkcs7.js';
import { readPkcs12 } from '../../electron/core/pki/pkcs12.js';
import { parseChallenges } from '../../electron/core/auth/challenge.js';
import { TokenError } from '../../electron/core/auth/oauth/errors.js';
import { readTokenResponse } from '../../electron/core/auth/oauth/response.js';
import { decodeJwt } from '../../electron/core/vault/jwt.js';
import { parseCurl } from '../../shared/http-command.js';
import { keytool, makePki, openssl } from '../unit/core/pki/helpers.js';

export interface FuzzTarget {
  readonly name: string;
  /** Real files the mutations start from. */
  readonly seeds: readonly Buffer[];
  /** Parses one input; returns a value or throws (a typed error passes, anything else fails). */
  parse(input: Buffer): unknown;
  /** Names what a parser that answers instead of throwing made of the input ("parsed", "refused" …). */
  outcome?: (value: unknown) => string;
  /** The parser's own typed error, besides CertdeskError (the OAuth module's TokenError). */
  typed?: (err: unknown) => boolean;
}

/** The store password the seeds are made with (a fixed test value, not a secret of anyone's). */
export const FUZZ_PASSWORD = 'fuzz-pass';

/** Builds every target's seeds in `dir` (about 10 s: one PKI, two keystores). */
export function buildTargets(dir: string): FuzzTarget[] {
  const pki = makePki(dir);
  const env = { FUZZ_PW: FUZZ_PASSWORD };
  const o = (args: string[]) => openssl(dir, args, { env });
  const file = (name: string) => readFileSync(join(dir, name));
  o(['x509', '-in', pki.leafRsa, '-outform', 'DER', '-out', 'leaf.der']);
  o(['crl2pkcs7', '-nocrl', '-certfile', pki.leafRsa, '-certfile', pki.inter, '-outform', 'DER', '-out', 'chain.p7b']);
  o(['pkcs12', '-export', '-inkey', pki.leafEcKey, '-in', pki.leafEc, '-certfile', pki.inter, '-passout', 'env:FUZZ_PW', '-out', 'modern.p12']);
  o(['pkcs12', '-export', '-legacy', '-inkey', pki.leafRsaKey, '-in', pki.leafRsa, '-passout', 'env:FUZZ_PW', '-out', 'legacy.p12']);
  for (const type of ['JKS', 'JCEKS']) {
    const store = `store.${type.toLowerCase()}`;
    keytool(dir, ['-importcert', '-noprompt', '-alias', 'root', '-file', pki.root, '-keystore', store, '-storetype', type, '-storepass:env', 'FUZZ_PW'], { env });
    keytool(dir, ['-importkeystore', '-srckeystore', 'modern.p12', '-srcstoretype', 'PKCS12', '-srcstorepass:env', 'FUZZ_PW', '-destkeystore', store, '-deststoretype', type, '-deststorepass:env', 'FUZZ_PW', '-destkeypass:env', 'FUZZ_PW', '-noprompt'], { env });
  }
  const pemChain = Buffer.concat([file(pki.leafRsa), file(pki.inter), file(pki.leafRsaKey)]);
  const agentXml = Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<!-- <service-gateway ssl="true"/> -->\n<config>\n  <service-gateway ssl=\'false\' port="8081" host="0.0.0.0"/>\n  <web-server port="8082"/>\n</config>\n',
  );
  const p12s = [file('modern.p12'), file('legacy.p12')];
  const java = [file('store.jks'), file('store.jceks')];
  return [
    { name: 'pem', seeds: [pemChain, file(pki.root)], parse: (b) => parsePem(b) },
    { name: 'inspect (PEM, DER, PKCS#7, keys)', seeds: [pemChain, file('leaf.der'), file('chain.p7b')], parse: (b) => inspectBytes(b, { password: FUZZ_PASSWORD }) },
    { name: 'pkcs7', seeds: [file('chain.p7b')], parse: (b) => certificatesFromPkcs7(b) },
    { name: 'pkcs12', seeds: p12s, parse: (b) => readPkcs12(b, FUZZ_PASSWORD) },
    { name: 'pkcs12 keystore', seeds: p12s, parse: (b) => readP12Keystore(b, FUZZ_PASSWORD) },
    // Without the password the integrity check is skipped, so mutations reach every field.
    { name: 'jks/jceks (structure)', seeds: java, parse: (b) => readJavaKeystore(b, null) },
    { name: 'jks/jceks (with password)', seeds: java, parse: (b) => readJavaKeystore(b, FUZZ_PASSWORD) },
    { name: 'agent xml', seeds: [agentXml], parse: (b) => [readAgentGateway(b), enableHttps(b)] },
    { name: 'jwt', seeds: jwtSeeds(join(dir, pki.leafRsaKey)), parse: (b) => decodeJwt(b.toString('utf8'), NOW) },
    { name: 'www-authenticate', seeds: CHALLENGES.map((c) => Buffer.from(c)), parse: (b) => parseChallenges(b.toString('utf8')), outcome: (v) => ((v as unknown[]).length ? 'challenges' : 'none') },
    {
      name: 'token response',
      seeds: TOKEN_ANSWERS.map((t) => Buffer.from(t)),
      parse: (b) => readTokenResponse({ status: 200, headers: { 'content-type': 'application/json' }, body: b }, { steps: [], secrets: [], secret: () => undefined }, NOW.getTime()),
      typed: (err) => err instanceof TokenError,
    },
    { name: 'curl command', seeds: CURLS.map((c) => Buffer.from(c)), parse: (b) => parseCurl(b.toString('utf8')), outcome: (v) => ((v as { ok: boolean }).ok ? 'parsed' : 'refused') },
  ];
}

const NOW = new Date('2026-11-30T12:00:00Z');

/** JWTs as issuers make them: RS256 signed with a key openssl made, and an unsecured one. */
function jwtSeeds(keyPath: string): Buffer[] {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const claims = { iss: 'https://issuer.example.com/', sub: 'integration-user', aud: ['api://matrix42', 'api://other'], iat: 1764500000, nbf: 1764500000, exp: 1767092000, scope: 'read write', nested: { roles: ['a', 'b'], n: 1.5 } };
  const input = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64(claims)}`;
  const signature = sign('sha256', Buffer.from(input), createPrivateKey(readFileSync(keyPath))).toString('base64url');
  return [Buffer.from(`${input}.${signature}`), Buffer.from(`${b64({ alg: 'none' })}.${b64({ sub: 'x', exp: 1 })}.`)];
}

/** Challenges as Apache, nginx, IIS and OAuth resource servers send them (RFC 7616 §3.9.1's among them). */
const CHALLENGES = [
  'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
  'Digest realm="api", nonce="abc,def", algorithm=MD5-sess, qop="auth", stale=true, userhash=true, charset=UTF-8',
  'Basic realm="Restricted, with comma", charset="UTF-8", Bearer error="invalid_token", error_description="The access token expired"',
  'Negotiate, NTLM, AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request',
  'Bearer realm="example", scope="openid profile", error="insufficient_scope" , Newauth realm="apps", type=1, title="Login to \\"apps\\""',
];

/** Token endpoint answers as servers write them. */
const TOKEN_ANSWERS = [
  '{"access_token":"2YotnFZFEjr1zCsicMWpAA","token_type":"Bearer","expires_in":3600,"refresh_token":"tGzv3JOkF0XG5Qx2TlKWIA","scope":"openid reports:read"}',
  '{"access_token":"eyJhbGciOiJSUzI1NiJ9.eyJleHAiOjE3NjcwOTIwMDB9.c2ln","token_type":"bearer","expires_in":"7200"}',
  '{"access_token":"x","token_type":"mac","expires_in":1e21,"extra":{"deep":[[[[[]]]]]}}',
];

/** curl commands as people paste them (browser "Copy as cURL" included). */
const CURLS = [
  `curl 'https://api.example.com/v1/items?page=2&token=abc' -X POST -H 'Content-Type: application/json' -H $'X-Note: it\\'s' --data-raw '{"a":[1,2,{"b":"c"}]}' --compressed`,
  'curl -sSL -u "alice:s3cret" --digest "https://digest.example.com/path?q=a%20b" \\\n  -H "Accept: */*" --max-time 10 -k',
  `curl --aws-sigv4 "aws:amz:eu-central-1:execute-api" --user "AKID:SECRET" -G --data-urlencode 'q=x y' https://abc.execute-api.eu-central-1.amazonaws.com/prod/items`,
  `curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig' --oauth2-bearer tok -F 'file=@./a.txt' https://x.example/upload`,
];
