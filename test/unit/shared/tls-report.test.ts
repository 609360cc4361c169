import { describe, expect, it } from 'vitest';
import type { TlsCheckResult } from '../../../shared/contract/tls-result.js';
import { TlsCheckResult as Schema } from '../../../shared/contract/tls-result.js';
import { tlsReport } from '../../../shared/tls-report.js';

const result: TlsCheckResult = {
  target: 'api.example.com:443', ok: false, protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', chain: [], chainOrder: 'unknown',
  findings: [{ code: 'hostname-mismatch', severity: 'error', message: 'The certificate is for dns:www.example.com, not for api.example.com.', fix: 'Use one of the names it lists.' }],
  trustUsed: "Node's bundled Mozilla roots (144)", timings: { dns: 3.2, connect: 10, tls: 21.4, total: 40 }, addresses: ['192.0.2.7'],
  clientCertRequested: false, acceptableCAs: [], revocation: 'not-checked',
};

describe('tlsReport', () => {
  it('puts the verdict, findings with their fix, and the connection facts into text and Markdown', () => {
    expect(Schema.parse(result)).toEqual(result);
    const text = tlsReport(result, 'text');
    expect(text).toContain('TLS check of api.example.com:443: problems found');
    expect(text).toContain('  ERROR hostname-mismatch: The certificate is for dns:www.example.com, not for api.example.com.');
    expect(text).toContain('    Fix: Use one of the names it lists.');
    expect(text).toContain('Timings: DNS 3 ms, connect 10 ms, TLS 21 ms, first byte -, total 40 ms');
    const md = tlsReport(result, 'markdown');
    expect(md.split('\n')[0]).toBe('## TLS check of api.example.com:443: problems found');
    expect(md).toContain('- ERROR hostname-mismatch:');
    expect(md).toContain('### Connection');
  });
});
