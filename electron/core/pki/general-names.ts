/**
 * subjectAltName reading and writing helpers.
 *
 * Read by hand rather than with @peculiar/x509 because its GeneralName throws on otherName forms it
 * does not know, which would make a whole certificate unreadable over one exotic SAN entry.
 */
import { isIP } from 'node:net';
import { CertdeskError } from '../errors.js';
import { CONTEXT, type DerNode, childrenOf, explicitOf, oidOf, parseDer } from './der.js';
import { formatName } from './x509-der.js';

/** Formats the SubjectAltName extension value as `dns:`, `ip:`, `email:`, `uri:` (and `dirname:`, `othername:`, `rid:`) strings. */
export function parseGeneralNames(value: Buffer): string[] {
  return childrenOf(parseDer(value)).map(formatGeneralName);
}

function formatGeneralName(n: DerNode): string {
  if (n.cls !== CONTEXT) return 'unknown:';
  switch (n.tag) {
    case 0:
      return `othername:${safeOid(childrenOf(n)[0])}`;
    case 1:
      return `email:${n.content.toString('latin1')}`;
    case 2:
      return `dns:${n.content.toString('latin1')}`;
    case 4:
      return `dirname:${formatName(explicitOf(n, 4, 'a directory name'))}`;
    case 6:
      return `uri:${n.content.toString('latin1')}`;
    case 7:
      return `ip:${formatIp(n.content)}`;
    case 8:
      return `rid:${safeOid({ ...n, cls: 0, tag: 6 })}`;
    default:
      return `unknown:[${n.tag}]`;
  }
}

function safeOid(node: DerNode | undefined): string {
  try {
    return oidOf(node);
  } catch {
    return '?';
  }
}

/** IPv4 dotted, IPv6 in RFC 5952 form (lower case, longest zero run compressed); anything else as hex. */
export function formatIp(bytes: Buffer): string {
  if (bytes.length === 4) return [...bytes].join('.');
  if (bytes.length !== 16) return bytes.toString('hex');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i));
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

/** A normalised SAN list for writing: CN added when absent, duplicates removed, each entry validated. */
export function normaliseSans(cn: string | undefined, sans: string[]): { type: 'dns' | 'ip' | 'email' | 'url'; value: string }[] {
  const all = [...sans];
  if (cn !== undefined) {
    // Only digits-and-dots or a colon can be an address: a host name skips isIP, whose IPv6 pattern
    // costs a few milliseconds to build on first use (a noticeable part of `cert create`).
    const cnEntry = /^[\d.]+$|:/.test(cn) && isIP(cn) ? `ip:${cn}` : `dns:${cn}`;
    if (!all.some((s) => s.toLowerCase() === cnEntry.toLowerCase())) all.unshift(cnEntry);
  }
  const seen = new Set<string>();
  const out: { type: 'dns' | 'ip' | 'email' | 'url'; value: string }[] = [];
  for (const entry of all) {
    const sep = entry.indexOf(':');
    const kind = entry.slice(0, sep).toLowerCase();
    const value = entry.slice(sep + 1).trim();
    const key = `${kind}:${value.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    switch (kind) {
      case 'dns':
        if (!/^(\*\.)?([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/.test(value)) {
          throw new CertdeskError('VALIDATION_FAILED', `"${value}" is not a valid DNS name.`, 'Use letters, digits, hyphens and dots, e.g. agent.example.com.');
        }
        out.push({ type: 'dns', value });
        break;
      case 'ip':
        if (isIP(value) === 0) throw new CertdeskError('VALIDATION_FAILED', `"${value}" is not a valid IP address.`);
        out.push({ type: 'ip', value });
        break;
      case 'email':
        out.push({ type: 'email', value });
        break;
      case 'uri':
        out.push({ type: 'url', value });
        break;
      default:
        throw new CertdeskError('VALIDATION_FAILED', `"${entry}" is not a subject alternative name.`, 'Use dns:name or ip:address.');
    }
  }
  return out;
}
