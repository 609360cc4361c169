import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { alertName, looksLikeTls, readServerFlight } from '../../../../electron/core/tls/records.js';

describe('readServerFlight', () => {
  it('names alerts, tells plaintext from TLS records', () => {
    expect(alertName(40)).toBe('handshake_failure');
    expect(alertName(116)).toBe('certificate_required');
    expect(alertName(250)).toBe('alert 250');
    expect(looksLikeTls(Buffer.from('HTTP/1.1 400 Bad Request\r\n'))).toBe(false);
    expect(looksLikeTls(Buffer.from('220 mail ESMTP\r\n'))).toBe(false);
    expect(looksLikeTls(Buffer.from([0x16, 0x03, 0x03]))).toBe(true);
    expect(readServerFlight(Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28])).alert).toEqual({ level: 'fatal', name: 'handshake_failure' });
  });

  it('never throws on hostile bytes that look like TLS records', () => {
    for (let i = 0; i < 3000; i++) {
      const body = randomBytes(1 + (i % 300));
      const raw = Buffer.concat([Buffer.from([0x16, 0x03, 0x03, body.length >> 8, body.length & 0xff]), body]);
      if (i % 3 === 0) raw[5] = [2, 11, 13][i % 9 === 0 ? 0 : i % 2 === 0 ? 1 : 2] ?? 11;
      expect(() => readServerFlight(raw)).not.toThrow();
    }
  });

  it('never throws on hostile encrypted records after a TLS 1.3 ServerHello, and reads nothing from them', () => {
    // ServerHello: version, random, empty session id, TLS_AES_128_GCM_SHA256, no compression, supported_versions = TLS 1.3.
    const hello = Buffer.concat([Buffer.from([0x03, 0x03]), randomBytes(32), Buffer.from([0, 0x13, 0x01, 0, 0, 6, 0, 43, 0, 2, 3, 4])]);
    const hs = Buffer.concat([Buffer.from([2, 0, 0, hello.length]), hello]);
    const record = (type: number, body: Buffer) => Buffer.concat([Buffer.from([type, 3, 3, body.length >> 8, body.length & 0xff]), body]);
    for (let i = 0; i < 500; i++) {
      const raw = Buffer.concat([record(22, hs), record(20, Buffer.from([1])), record(23, randomBytes(1 + (i % 400))), record(23, randomBytes(40))]);
      const flight = readServerFlight(raw, randomBytes(32));
      expect(flight.version).toBe('TLSv1.3');
      expect(flight.certificates).toBeNull();
      expect(flight.certificateRequested).toBe(false);
    }
  });
});
