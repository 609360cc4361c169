/** What a TLS check points at: parsed from `host:port`, `https://…`, an IPv4 address or `[v6]:port`. */
import { isIP } from 'node:net';
import { CertdeskError } from '../errors.js';

export interface TlsTarget {
  /** Host name or IP address as given (IPv6 without brackets). */
  host: string;
  port: number;
  /** `https` when a URL was given: the check then also sends a request and reads the status. */
  scheme: 'https' | 'tls';
  /** Path and query of an https URL, `/` otherwise. */
  path: string;
}

const DEFAULT_PORTS: Record<string, number> = { https: 443, smtps: 465, imaps: 993, pop3s: 995, ldaps: 636 };

function bad(text: string): CertdeskError {
  return new CertdeskError('VALIDATION_FAILED', `"${text}" is not a target Certdesk can check.`, 'Use host:port, https://host/path, an IP address, or [IPv6]:port.');
}

function port(raw: string, text: string): number {
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1 || n > 65535) throw bad(text);
  return n;
}

/** Parses a target; VALIDATION_FAILED with a hint when it is not one. Port defaults to 443. */
export function parseTarget(input: string): TlsTarget {
  const text = input.trim();
  if (text === '' || /\s/.test(text)) throw bad(input);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== undefined) {
    if (scheme === 'http') {
      throw new CertdeskError('VALIDATION_FAILED', `"${text}" is a plain http:// address: there is no TLS to check.`, 'Use https://, or host:port of the TLS port.');
    }
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw bad(input);
    }
    const defaultPort = DEFAULT_PORTS[scheme];
    if (defaultPort === undefined) throw bad(input);
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    if (host === '') throw bad(input);
    return { host, port: url.port ? Number(url.port) : defaultPort, scheme: scheme === 'https' ? 'https' : 'tls', path: scheme === 'https' ? `${url.pathname}${url.search}` : '/' };
  }
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (v6) {
    const host = v6[1] ?? '';
    if (isIP(host) !== 6) throw bad(input);
    return { host, port: v6[2] === undefined ? 443 : port(v6[2], input), scheme: 'tls', path: '/' };
  }
  if (isIP(text) === 6) return { host: text, port: 443, scheme: 'tls', path: '/' };
  const m = /^([^:/]+)(?::(\d+))?$/.exec(text);
  if (!m) throw bad(input);
  const host = (m[1] ?? '').toLowerCase();
  if (isIP(host) === 0 && !/^[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\.?$/.test(host)) throw bad(input);
  return { host, port: m[2] === undefined ? 443 : port(m[2], input), scheme: 'tls', path: '/' };
}

/** `host:port`, with brackets around an IPv6 address. */
export function formatTarget(t: Pick<TlsTarget, 'host' | 'port'>): string {
  return isIP(t.host) === 6 ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}

export interface TargetList {
  targets: { line: number; text: string; target: TlsTarget }[];
  /** Lines that are not targets, with the reason, so a batch can show them instead of dropping them. */
  invalid: { line: number; text: string; message: string }[];
}

/** Reads a list of targets, one a line; blank lines and `#` comments (whole-line or trailing) are skipped. */
export function parseTargetList(text: string): TargetList {
  const out: TargetList = { targets: [], invalid: [] };
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (line === '') return;
    try {
      out.targets.push({ line: i + 1, text: line, target: parseTarget(line) });
    } catch (err) {
      out.invalid.push({ line: i + 1, text: line, message: err instanceof CertdeskError ? err.message : String(err) });
    }
  });
  return out;
}
