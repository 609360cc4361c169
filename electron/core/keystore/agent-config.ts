import { CertdeskError } from '../errors.js';

/**
 * Reads and edits the agent's `<service-gateway ssl="…" port="…"/>` element without an XML
 * library: a parse-and-serialize round trip would reformat the admin's file (attribute order,
 * quotes, whitespace, comments, line endings). The file is handled as latin1 so every character
 * is one byte: positions are byte offsets, and bytes outside the edited value are copied as-is
 * (UTF-8 text passes through untouched, since all markup characters are ASCII).
 */
export const GATEWAY_ELEMENT = 'service-gateway';

export interface AgentGateway {
  https: boolean;
  port: number | null;
}

export interface EnableHttpsResult {
  bytes: Buffer;
  changed: boolean;
  /** HTTPS was already on; `bytes` are the input unchanged. */
  alreadyEnabled: boolean;
}

interface Attr {
  name: string;
  value: string;
  valueStart: number;
  valueEnd: number;
  quote: string;
}
interface StartTag {
  name: string;
  nameEnd: number;
  attrs: Attr[];
}

/** Reads HTTPS and port from the service-gateway element. */
export function readAgentGateway(xml: Buffer): AgentGateway {
  const tag = findGateway(xml);
  const ssl = tag.attrs.find((a) => a.name === 'ssl');
  const port = tag.attrs.find((a) => a.name === 'port')?.value.trim();
  return { https: ssl !== undefined && parseSsl(ssl) === true, port: port && /^\d{1,5}$/.test(port) ? Number(port) : null };
}

/** Returns true when the bytes contain a (non-commented) service-gateway element. */
export function hasAgentGateway(xml: Buffer): boolean {
  try {
    return startTags(text(xml)).some((t) => isGateway(t.name));
  } catch {
    return false;
  }
}

/** Turns ssl="false" into ssl="true" in the service-gateway element only; every other byte stays. */
export function enableHttps(xml: Buffer): EnableHttpsResult {
  const s = text(xml);
  const tag = findGateway(xml);
  const ssl = tag.attrs.find((a) => a.name === 'ssl');
  if (ssl && parseSsl(ssl)) return { bytes: xml, changed: false, alreadyEnabled: true };
  const out = ssl
    ? s.slice(0, ssl.valueStart) + 'true' + s.slice(ssl.valueEnd)
    : // No attribute means the agent's default (plain HTTP): add one, in the file's quote style.
      s.slice(0, tag.nameEnd) + ` ssl=${tag.attrs[0]?.quote ?? '"'}true${tag.attrs[0]?.quote ?? '"'}` + s.slice(tag.nameEnd);
  return { bytes: Buffer.from(out, 'latin1'), changed: true, alreadyEnabled: false };
}

function findGateway(xml: Buffer): StartTag {
  const tags = startTags(text(xml)).filter((t) => isGateway(t.name));
  if (tags.length === 0)
    throw new CertdeskError('CONFIG_INVALID', `The agent configuration has no <${GATEWAY_ELEMENT}> element.`, 'Check that this is the integration agent configuration file.');
  if (tags.length > 1)
    throw new CertdeskError('CONFIG_INVALID', `The agent configuration has ${tags.length} <${GATEWAY_ELEMENT}> elements; Certdesk will not guess which one to change.`);
  return tags[0] as StartTag;
}

function parseSsl(a: Attr): boolean {
  const v = a.value.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new CertdeskError('CONFIG_INVALID', `The ${GATEWAY_ELEMENT} ssl attribute has an unexpected value '${a.value}'.`, 'It should be "true" or "false".');
}

function isGateway(name: string): boolean {
  return name === GATEWAY_ELEMENT || name.endsWith(`:${GATEWAY_ELEMENT}`);
}

function text(xml: Buffer): string {
  if ((xml[0] === 0xff && xml[1] === 0xfe) || (xml[0] === 0xfe && xml[1] === 0xff))
    throw new CertdeskError('CONFIG_INVALID', 'The agent configuration is UTF-16 encoded, which Certdesk does not edit.', 'Save it as UTF-8 and try again.');
  return xml.toString('latin1');
}

/** Every start (or empty-element) tag, skipping comments, CDATA, processing instructions and DOCTYPE. */
function startTags(s: string): StartTag[] {
  const tags: StartTag[] = [];
  let i = s.indexOf('<');
  while (i !== -1) {
    if (s.startsWith('<!--', i)) i = after(s, '-->', i + 4, 'comment');
    else if (s.startsWith('<![CDATA[', i)) i = after(s, ']]>', i + 9, 'CDATA section');
    else if (s.startsWith('<?', i)) i = after(s, '?>', i + 2, 'processing instruction');
    else if (s.startsWith('<!', i)) i = skipDeclaration(s, i);
    else if (s.startsWith('</', i)) i = after(s, '>', i + 2, 'end tag');
    else {
      const tag = parseStartTag(s, i + 1);
      tags.push(tag.tag);
      i = tag.end;
    }
    i = s.indexOf('<', i);
  }
  return tags;
}

function parseStartTag(s: string, from: number): { tag: StartTag; end: number } {
  const nameMatch = /^[^\s/>]+/.exec(s.slice(from, from + 256));
  if (!nameMatch) throw invalid('a tag without a name');
  const name = nameMatch[0];
  const nameEnd = from + name.length;
  const attrs: Attr[] = [];
  const re = /\s*(?:(\/?>)|([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)'))/y;
  re.lastIndex = nameEnd;
  for (;;) {
    const at = re.lastIndex;
    const m = re.exec(s);
    if (!m || m.index !== at) throw invalid(`a malformed attribute in <${name}>`);
    if (m[1]) return { tag: { name, nameEnd, attrs }, end: re.lastIndex };
    const value = m[3] ?? m[4] ?? '';
    const valueEnd = re.lastIndex - 1;
    attrs.push({ name: m[2] as string, value, valueStart: valueEnd - value.length, valueEnd, quote: m[3] !== undefined ? '"' : "'" });
  }
}

function skipDeclaration(s: string, i: number): number {
  // <!DOCTYPE …> may contain an internal subset in brackets holding '>' characters.
  let depth = 0;
  for (let k = i + 2; k < s.length; k++) {
    const c = s[k];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '>' && depth <= 0) return k + 1;
  }
  throw invalid('an unterminated declaration');
}

function after(s: string, end: string, from: number, what: string): number {
  const k = s.indexOf(end, from);
  if (k === -1) throw invalid(`an unterminated ${what}`);
  return k + end.length;
}

function invalid(what: string): CertdeskError {
  return new CertdeskError('CONFIG_INVALID', `The agent configuration is not well-formed XML: ${what}.`, 'Fix the file by hand or restore it from its backup.');
}
