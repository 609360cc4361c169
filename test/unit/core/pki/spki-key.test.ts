import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseDer } from '../../../../electron/core/pki/der.js';
import { publicKeyFromSpki } from '../../../../electron/core/pki/spki-key.js';

const spkiOf = (key: ReturnType<typeof generateKeyPairSync>['publicKey']) => key.export({ format: 'der', type: 'spki' });

describe('publicKeyFromSpki', () => {
  const pairs = [
    ['RSA 2048', generateKeyPairSync('rsa', { modulusLength: 2048 })],
    ['RSA 1024, exponent 3', generateKeyPairSync('rsa', { modulusLength: 1024, publicExponent: 3 })],
    ['RSA-PSS', generateKeyPairSync('rsa-pss', { modulusLength: 2048 })],
    ['P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
    ['P-384', generateKeyPairSync('ec', { namedCurve: 'P-384' })],
    ['P-521', generateKeyPairSync('ec', { namedCurve: 'P-521' })],
    ['brainpoolP256r1', generateKeyPairSync('ec', { namedCurve: 'brainpoolP256r1' })],
    ['Ed25519', generateKeyPairSync('ed25519')],
    ['Ed448', generateKeyPairSync('ed448')],
    ['DSA', generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 })],
  ] as const;

  it.each(pairs)('gives the same key as OpenSSL DER decoder for %s', (_name, pair) => {
    const der = spkiOf(pair.publicKey);
    const key = publicKeyFromSpki(parseDer(der));
    const byDecoder = createPublicKey({ key: der, format: 'der', type: 'spki' });
    expect(key.asymmetricKeyType).toBe(byDecoder.asymmetricKeyType);
    expect(key.asymmetricKeyDetails).toEqual(byDecoder.asymmetricKeyDetails);
    expect(key.equals(byDecoder)).toBe(true);
  });

  it('refuses an EC point that is not on the curve, as the DER decoder does', () => {
    const der = Buffer.from(spkiOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey));
    const last = der.length - 1;
    der[last] = (der[last] ?? 0) ^ 0x01;
    expect(() => createPublicKey({ key: der, format: 'der', type: 'spki' })).toThrow();
    expect(() => publicKeyFromSpki(parseDer(der))).toThrow();
  });
});
