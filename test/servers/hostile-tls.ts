/**
 * Hostile TLS servers beyond those in tls-servers.ts (silent, trickle, garbage, closesMidHandshake):
 * servers whose Certificate message is huge or holds a long chain, and one that floods garbage.
 * Certificates are made in process with @peculiar/x509 (EC P-256: milliseconds each).
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { type Running, startNodeTls, startTcp } from './tls-servers.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

export interface MadeChain {
  /** PEM of each certificate, leaf first, each issued by the next; the last is self-signed. */
  pems: string[];
  /** PKCS#8 PEM of the leaf's key. */
  leafKey: string;
}

const pkcs8Pem = async (key: CryptoKey) => x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key as webcrypto.CryptoKey), 'PRIVATE KEY');

/**
 * A chain of `length` certificates (leaf for 127.0.0.1 / localhost, then CAs up to a self-signed
 * root); `padBytes` adds an opaque extension of that size to each, to make the Certificate message big.
 */
export async function makeLongChain(length: number, padBytes = 0): Promise<MadeChain> {
  const keys = await Promise.all(Array.from({ length }, () => webcrypto.subtle.generateKey(EC, true, ['sign', 'verify']) as Promise<CryptoKeyPair>));
  const name = (i: number) => (i === 0 ? 'CN=localhost' : `CN=Hostile CA ${i}`);
  const pems: string[] = [];
  const notBefore = new Date(Date.now() - 86_400_000);
  const notAfter = new Date(Date.now() + 30 * 86_400_000);
  for (let i = 0; i < length; i++) {
    const own = keys[i] as CryptoKeyPair;
    const signer = (keys[i + 1] ?? own) as CryptoKeyPair;
    const extensions: x509.Extension[] = [
      new x509.BasicConstraintsExtension(i > 0, undefined, true),
      ...(i === 0 ? [new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'localhost' }, { type: 'ip', value: '127.0.0.1' }])] : []),
      ...(padBytes > 0 ? [new x509.Extension('1.3.6.1.4.1.55555.1', false, new Uint8Array(padBytes).fill(0x41))] : []),
    ];
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: (0x1000 + i).toString(16),
      subject: name(i),
      issuer: name(i + 1 < length ? i + 1 : i),
      notBefore,
      notAfter,
      signingAlgorithm: EC,
      publicKey: own.publicKey,
      signingKey: signer.privateKey,
      extensions,
    });
    pems.push(cert.toString('pem'));
  }
  return { pems, leafKey: await pkcs8Pem((keys[0] as CryptoKeyPair).privateKey) };
}

/** A TLS server presenting `chain` (leaf first) as its certificate chain; answers HTTP with 200. */
export function chainServer(chain: MadeChain, opts: { maxVersion?: 'TLSv1.2' | 'TLSv1.3' } = {}): Promise<Running> {
  return startNodeTls({ cert: chain.pems.join('\n'), key: chain.leafKey, ...(opts.maxVersion ? { maxVersion: opts.maxVersion } : {}) });
}

/**
 * A server whose Certificate message never ends: a TLS 1.2 ServerHello, then a Certificate message
 * claiming 16 MiB, sent in full records as fast as the client reads, forever.
 */
export const endlessCertificate = (): Promise<Running> => startTcp((s) => {
  s.once('data', () => {
    const random = Buffer.alloc(32, 7);
    // ServerHello: TLS 1.2, random, empty session id, ECDHE-ECDSA-AES128-GCM-SHA256, no compression, renegotiation_info.
    const hello = Buffer.concat([Buffer.from([0x03, 0x03]), random, Buffer.from([0x00, 0xc0, 0x2b, 0x00, 0x00, 0x05, 0xff, 0x01, 0x00, 0x01, 0x00])]);
    const hs = (type: number, body: Buffer) => Buffer.concat([Buffer.from([type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
    const record = (body: Buffer) => Buffer.concat([Buffer.from([0x16, 0x03, 0x03, body.length >> 8, body.length & 0xff]), body]);
    const claimed = 16 * 1024 * 1024 - 1;
    const certHeader = Buffer.from([0x0b, claimed >> 16, (claimed >> 8) & 0xff, claimed & 0xff, (claimed - 3) >> 16, ((claimed - 3) >> 8) & 0xff, (claimed - 3) & 0xff]);
    s.write(record(Buffer.concat([hs(2, hello), certHeader])));
    const filler = record(Buffer.alloc(16_384, 0x30));
    const pump = () => {
      if (!s.destroyed && s.write(filler)) setImmediate(pump);
    };
    s.on('drain', pump);
    pump();
  });
});

/** Answers the ClientHello with random bytes, as fast as the client reads, forever. */
export const garbageFlood = (): Promise<Running> => startTcp((s) => {
  s.once('data', () => {
    const junk = Buffer.from(Array.from({ length: 65_536 }, (_, i) => (i * 2_654_435_761) >>> 24));
    const pump = () => {
      if (!s.destroyed && s.write(junk)) setImmediate(pump);
    };
    s.on('drain', pump);
    pump();
  });
});
