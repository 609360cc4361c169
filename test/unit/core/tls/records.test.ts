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
});
