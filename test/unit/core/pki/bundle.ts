/**
 * Large certificate bundles for scale tests and benchmarks, made in-process in well under a second
 * per thousand: one CA (EC P-256) signs N leaves that share one key, each with its own name and serial.
 */
import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';

function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  const len = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  return Buffer.concat([Buffer.from([tag, ...len]), body]);
}

const ECDSA_SHA256 = tlv(0x30, tlv(0x06, Buffer.from('2a8648ce3d040302', 'hex')));
const CN = Buffer.from('550403', 'hex');

function name(cn: string): Buffer {
  return tlv(0x30, tlv(0x31, tlv(0x30, tlv(0x06, CN), tlv(0x0c, Buffer.from(cn)))));
}

function utc(d: Date): Buffer {
  return tlv(0x17, Buffer.from(`${d.toISOString().slice(2, 19).replace(/[-T:]/g, '')}Z`));
}

function certificate(serial: number, issuer: string, subject: string, spki: Buffer, caKey: KeyObject, extensions: Buffer[]): Buffer {
  const now = Date.now();
  // A minimal positive INTEGER: the high nibble is set, the sign bit is not.
  const serialBytes = Buffer.alloc(4);
  serialBytes.writeUInt32BE(0x10000000 + serial);
  const tbs = tlv(0x30,
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serialBytes),
    ECDSA_SHA256,
    name(issuer),
    tlv(0x30, utc(new Date(now - 86_400_000)), utc(new Date(now + 365 * 86_400_000))),
    name(subject),
    spki,
    ...(extensions.length ? [tlv(0xa3, tlv(0x30, ...extensions))] : []));
  const sig = sign('sha256', tbs, caKey);
  return tlv(0x30, tbs, ECDSA_SHA256, tlv(0x03, Buffer.from([0]), sig));
}

/** A PEM bundle of `count` leaf certificates followed by their self-signed CA. */
export function makeBundle(count: number): string {
  const ca = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const leaf = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const caSpki = ca.publicKey.export({ type: 'spki', format: 'der' });
  const leafSpki = leaf.publicKey.export({ type: 'spki', format: 'der' });
  const caExt = tlv(0x30, tlv(0x06, Buffer.from('551d13', 'hex')), tlv(0x01, Buffer.from([0xff])), tlv(0x04, tlv(0x30, tlv(0x01, Buffer.from([0xff])))));
  const pem = (der: Buffer) => `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END CERTIFICATE-----\n`;
  const parts: string[] = [];
  for (let i = 0; i < count; i++) parts.push(pem(certificate(i + 2, 'Bundle CA', `leaf-${i}.example.com`, leafSpki, ca.privateKey, [])));
  parts.push(pem(certificate(1, 'Bundle CA', 'Bundle CA', caSpki, ca.privateKey, [caExt])));
  return parts.join('').replace(/\n\n/g, '\n');
}
