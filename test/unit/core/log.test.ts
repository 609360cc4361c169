import { describe, expect, it } from 'vitest';
import { createLogger, redact } from '../../../electron/core/log.js';

describe('log redaction', () => {
  const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----';
  it('masks private key blocks, credential headers, secret query parameters and known secrets', () => {
    const out = redact(
      `key ${key}\nAuthorization: Bearer abc.def.ghi\nCookie: s=1\nGET /x?token=t0ps3cret&y=1\nthe pass is hunter22`,
      ['hunter22'],
    );
    expect(out).not.toContain('MIIEvQ');
    expect(out).not.toContain('abc.def.ghi');
    expect(out).not.toContain('s=1');
    expect(out).not.toContain('t0ps3cret');
    expect(out).not.toContain('hunter22');
    expect(out).toContain('&y=1');
    expect(out).toContain('Authorization: [REDACTED]');
  });
  it('masks an encrypted or RSA key block and a secret registered on the logger', () => {
    const lines: string[] = [];
    const log = createLogger((l) => lines.push(l));
    log.addSecret('s3cr3t-value');
    log.info('-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY----- and s3cr3t-value');
    log.info('-----BEGIN RSA PRIVATE KEY-----\nBBBB\n-----END RSA PRIVATE KEY-----');
    expect(lines.join('\n')).not.toMatch(/AAAA|BBBB|s3cr3t-value/);
  });
});
