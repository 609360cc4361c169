import { describe, expect, it } from 'vitest';
import { resolveDataDir } from '../../../electron/core/data-dir.js';

describe('data dir', () => {
  it('follows CERTDESK_HOME, then each OS convention', () => {
    expect(resolveDataDir({ CERTDESK_HOME: '/tmp/x' }, 'linux', '/home/a')).toBe('/tmp/x');
    expect(resolveDataDir({}, 'linux', '/home/a')).toBe('/home/a/.config/Certdesk');
    expect(resolveDataDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/a')).toBe('/xdg/Certdesk');
    expect(resolveDataDir({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/Certdesk');
    expect(resolveDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toContain('Certdesk');
  });
});
