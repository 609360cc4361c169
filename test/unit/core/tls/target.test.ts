import { describe, expect, it } from 'vitest';
import { formatTarget, parseTarget, parseTargetList } from '../../../../electron/core/tls/target.js';

describe('parseTarget', () => {
  it('reads host:port, URLs, IPv4 and bracketed IPv6', () => {
    expect(parseTarget('Example.COM:8443')).toEqual({ host: 'example.com', port: 8443, scheme: 'tls', path: '/' });
    expect(parseTarget('example.com')).toMatchObject({ host: 'example.com', port: 443 });
    expect(parseTarget('https://example.com:444/health?x=1')).toEqual({ host: 'example.com', port: 444, scheme: 'https', path: '/health?x=1' });
    expect(parseTarget('https://example.com')).toMatchObject({ port: 443, path: '/' });
    expect(parseTarget('10.1.2.3:636')).toMatchObject({ host: '10.1.2.3', port: 636 });
    expect(parseTarget('[::1]:8443')).toMatchObject({ host: '::1', port: 8443 });
    expect(parseTarget('https://[2001:db8::7]:9443/')).toMatchObject({ host: '2001:db8::7', port: 9443, scheme: 'https' });
    expect(parseTarget('2001:db8::7')).toMatchObject({ host: '2001:db8::7', port: 443 });
    expect(parseTarget('imaps://mail.example.com')).toMatchObject({ port: 993, scheme: 'tls' });
  });

  it('refuses what is not a target, with a hint', () => {
    for (const bad of ['', 'host:0', 'host:70000', 'ho st:443', '[nothex]:443', 'ftp://x', 'a/b']) {
      expect(() => parseTarget(bad), bad).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
    }
    expect(() => parseTarget('http://example.com')).toThrow(/plain http/);
  });

  it('formats IPv6 with brackets', () => {
    expect(formatTarget({ host: '::1', port: 443 })).toBe('[::1]:443');
    expect(formatTarget({ host: 'a.b', port: 1 })).toBe('a.b:1');
  });
});

describe('parseTargetList', () => {
  it('one target a line, # comments and blanks skipped, bad lines reported with their number', () => {
    const list = parseTargetList('# endpoints\nexample.com:443\n\n  https://a.test/x  # the API\nnot a target\r\n[::1]:8443\n');
    expect(list.targets.map((t) => [t.line, t.target.host, t.target.port])).toEqual([[2, 'example.com', 443], [4, 'a.test', 443], [6, '::1', 8443]]);
    expect(list.invalid).toEqual([{ line: 5, text: 'not a target', message: '"not a target" is not a target Certdesk can check.' }]);
  });
});
