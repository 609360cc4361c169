/**
 * Published vectors: RFC 7616 §3.9.1 (MD5 and SHA-256) as printed; §3.9.2 (SHA-512-256, userhash)
 * recomputed with openssl, since the RFC's printed values do not match its own inputs; AWS's SigV4
 * test suite (get-vanilla, get-vanilla-query-order-key-case, post-vanilla); and WWW-Authenticate
 * headers with quoted commas and several challenges.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { challengesFrom, explainRejection, parseChallenges } from '../../../../electron/core/auth/challenge.js';
import { digestAuthorization, pickDigestChallenge } from '../../../../electron/core/auth/digest.js';
import { hmacBody, hmacHeader } from '../../../../electron/core/auth/hmac.js';
import { signSigV4 } from '../../../../electron/core/auth/sigv4.js';

const param = (header: string, name: string): string | undefined => parseChallenges(header)[0]?.params[name];

describe('RFC 7616 §3.9.1 worked example', () => {
  const challenge = (alg: string) =>
    parseChallenges(`Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=${alg}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`)[0];
  const input = { user: 'Mufasa', password: 'Circle of Life', method: 'GET', uri: '/dir/index.html', body: Buffer.alloc(0), nc: 1, cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ' };

  it('MD5 response 8ca523f5e9506fed4657c9700eebdbec', () => {
    const a = digestAuthorization(challenge('MD5') ?? { scheme: '', params: {} }, input);
    expect(param(a.header, 'response')).toBe('8ca523f5e9506fed4657c9700eebdbec');
    expect(a.header).toContain('nc=00000001');
    expect(a.header).toContain('qop=auth,');
    expect(param(a.header, 'opaque')).toBe('FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS');
  });

  it('SHA-256 response 753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1', () => {
    const a = digestAuthorization(challenge('SHA-256') ?? { scheme: '', params: {} }, input);
    expect(param(a.header, 'response')).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
    expect(a.stringToSign).toBe(`H(A1):7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v:00000001:${input.cnonce}:auth:${a.canonical.split('H(A2) = ')[1]}`);
    expect(a.canonical).toContain('A1 = Mufasa:http-auth@example.org:****');
    expect(a.canonical).not.toContain('Circle of Life');
  });
});

describe('RFC 7616 §3.9.2 (SHA-512-256, userhash), recomputed with openssl', () => {
  const H = (text: string): string => execFileSync('openssl', ['dgst', '-sha512-256', '-r'], { input: Buffer.from(text, 'utf8') }).toString().split(' ')[0] ?? '';
  const user = 'J\u00e4s\u00f8n Doe';
  const realm = 'api@example.org';
  const nonce = '5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK';
  const cnonce = 'NTg6RKcb9boFIAS3KrFK9BGeh+iDa/sm6jUMp2wds69v';
  it('answers with the hashed user name and the response openssl computes', () => {
    const c = parseChallenges(`Digest realm="${realm}", qop="auth", algorithm=SHA-512-256, nonce="${nonce}", opaque="HRPCssKJSGjCrkzDg8OhwpzCiGPChXYjwrI2QmXDnsOS", charset=UTF-8, userhash=true`)[0];
    const a = digestAuthorization(c ?? { scheme: '', params: {} }, { user, password: 'Secret, or not?', method: 'GET', uri: '/doc/index.html', body: Buffer.alloc(0), nc: 1, cnonce });
    const ha1 = H(`${user}:${realm}:Secret, or not?`);
    const ha2 = H('GET:/doc/index.html');
    expect(param(a.header, 'username')).toBe(H(`${user}:${realm}`));
    expect(param(a.header, 'userhash')).toBe('true');
    expect(param(a.header, 'response')).toBe(H(`${ha1}:${nonce}:00000001:${cnonce}:auth:${ha2}`));
    // SHA-512-256 is its own hash: not the first half of SHA-512.
    const sha512 = execFileSync('openssl', ['dgst', '-sha512', '-r'], { input: Buffer.from(`${user}:${realm}`) }).toString().slice(0, 64);
    expect(param(a.header, 'username')).not.toBe(sha512);
  });
});

describe('WWW-Authenticate parsing', () => {
  it('reads several challenges in one header, quoted commas and escapes included', () => {
    const cs = parseChallenges('Newauth realm="apps", type=1, title="Login to \\"apps\\"", Basic realm="simple, with comma", Digest realm="d", nonce="n,1", qop="auth,auth-int", algorithm=SHA-256');
    expect(cs.map((c) => c.scheme)).toEqual(['Newauth', 'Basic', 'Digest']);
    expect(cs[0]?.params).toEqual({ realm: 'apps', type: '1', title: 'Login to "apps"' });
    expect(cs[1]?.params['realm']).toBe('simple, with comma');
    expect(cs[2]?.params).toMatchObject({ nonce: 'n,1', qop: 'auth,auth-int', algorithm: 'SHA-256' });
  });

  it('reads headers apart (as rawHeaders keeps them) and picks the first digest challenge it supports', () => {
    const cs = challengesFrom(['WWW-Authenticate', 'Negotiate', 'Content-Type', 'text/plain', 'www-authenticate', 'Digest realm="r", nonce="a", algorithm=SHA-1', 'WWW-Authenticate', 'Digest realm="r", nonce="b", algorithm=SHA-256-sess', 'WWW-Authenticate', 'Bearer abc.def==']);
    expect(cs.map((c) => c.scheme)).toEqual(['Negotiate', 'Digest', 'Digest', 'Bearer']);
    expect(cs[3]?.params['token68']).toBe('abc.def==');
    expect(pickDigestChallenge(cs)?.params['nonce']).toBe('b');
  });

  it('explains the mismatch in words', () => {
    const cs = parseChallenges('Digest realm="api", nonce="x", algorithm=SHA-256, qop="auth"');
    expect(explainRejection(cs, 'basic')).toBe('The server asks for Digest (realm "api", SHA-256, qop auth); you sent Basic. Use a credential of the scheme the server asks for.');
  });

  it('ends a malformed header without throwing, keeping what it read', () => {
    expect(parseChallenges('Basic realm="unterminated').map((c) => c.scheme)).toEqual(['Basic']);
    expect(parseChallenges('')).toEqual([]);
    expect(parseChallenges('"quoted-first"')).toEqual([]);
  });
});

describe("AWS's SigV4 test suite", () => {
  const base = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'service', date: new Date('2015-08-30T12:36:00Z'), body: Buffer.alloc(0), headers: [], contentSha256: false };
  const sig = async (method: string, url: string): Promise<string> => {
    const out = await signSigV4({ ...base, method, url: new URL(url) });
    return out.headers.find((h) => h.name === 'authorization')?.value ?? '';
  };
  it('get-vanilla', async () => {
    expect(await sig('GET', 'https://example.amazonaws.com/')).toBe('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });
  it('get-vanilla-query-order-key-case', async () => {
    expect(await sig('GET', 'https://example.amazonaws.com/?Param2=value2&Param1=value1')).toBe('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500');
  });
  it('post-vanilla', async () => {
    expect(await sig('POST', 'https://example.amazonaws.com/')).toBe('AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b');
  });
});

describe('HMAC, cross-checked with openssl dgst -sha256 -hmac', () => {
  const openssl = (key: string, text: string): string => execFileSync('openssl', ['dgst', '-sha256', '-hmac', key, '-binary'], { input: Buffer.from(text, 'utf8') }).toString('base64');
  const date = new Date('2026-03-01T10:00:00Z');
  it('hmac-header over the Date value, and over listed headers joined with ":"', () => {
    const one = hmacHeader({ token: 'tk', secret: 's3cret', headersList: 'date', separator: ':', date, headers: [] });
    expect(one.stringToSign).toBe('Sun, 01 Mar 2026 10:00:00 GMT');
    expect(one.headers.find((h) => h.name === 'Authorization')?.value).toBe(`hmac tk:${openssl('s3cret', 'Sun, 01 Mar 2026 10:00:00 GMT')}`);
    const two = hmacHeader({ token: 'tk', secret: 's3cret', headersList: 'x-custom, date', separator: '|', date, headers: [{ name: 'X-Custom', value: 'v' }] });
    expect(two.stringToSign).toBe('v:Sun, 01 Mar 2026 10:00:00 GMT');
    expect(two.headers.find((h) => h.name === 'Authorization')?.value).toBe(`hmac tk|${openssl('s3cret', 'v:Sun, 01 Mar 2026 10:00:00 GMT')}`);
  });
  it('hmac-body over METHOD, Content-MD5, Content-Type, Date and path', () => {
    const body = Buffer.from('{"a":1}');
    const md5 = execFileSync('openssl', ['dgst', '-md5', '-binary'], { input: body }).toString('base64');
    const out = hmacBody({ token: 'tk', secret: 's3cret', separator: ':', date, method: 'POST', path: '/in', contentType: 'application/json', body });
    const text = `POST\n${md5}\napplication/json\nSun, 01 Mar 2026 10:00:00 GMT\n/in`;
    expect(out.stringToSign).toBe(text);
    expect(out.headers).toEqual([
      { name: 'Date', value: 'Sun, 01 Mar 2026 10:00:00 GMT' },
      { name: 'Content-MD5', value: md5 },
      { name: 'Authorization', value: `hmac tk:${openssl('s3cret', text)}` },
    ]);
    expect(hmacBody({ token: 'tk', secret: 's3cret', separator: ':', date, method: 'GET', path: '/in', contentType: '', body: Buffer.alloc(0) }).headers.map((h) => h.name)).toEqual(['Date', 'Authorization']);
  });
});
