/** A request as the person composed it (shared/http-request.ts) turned into bytes and headers to send. */
import { encodeForm, impliedContentType } from '../../../shared/http-command.js';
import type { RequestSpec } from '../../../shared/http-request.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import { type OutgoingRequest, setHeader } from './schemes.js';

/** Parses the URL (http and https only); VALIDATION_FAILED otherwise. */
export function parseCallUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CertdeskError('VALIDATION_FAILED', 'The URL is not valid.', 'Give a full URL such as https://api.example.com/v1/me.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CertdeskError('VALIDATION_FAILED', `Only http:// and https:// URLs can be tested, not ${url.protocol}//.`);
  if (url.username || url.password) throw new CertdeskError('VALIDATION_FAILED', 'The URL carries a user name or password: give the credential as a credential instead.', 'Remove user:password@ from the URL and use --scheme basic.');
  url.hash = '';
  return url;
}

/** The body bytes and the Content-Type it implies; a header the person set wins. */
export async function outgoingRequest(deps: Pick<CoreDeps, 'files'>, spec: RequestSpec): Promise<OutgoingRequest> {
  const url = parseCallUrl(spec.url);
  let headers = spec.headers.map((h) => ({ name: h.name, value: h.value }));
  let body: Buffer = Buffer.alloc(0);
  // The type a copied curl / PowerShell command sends too (one rule for both).
  const type = impliedContentType(spec.body);
  switch (spec.body.type) {
    case 'none':
      break;
    case 'json':
    case 'raw':
      body = Buffer.from(spec.body.text, 'utf8');
      break;
    case 'form':
      body = Buffer.from(encodeForm(spec.body.fields), 'utf8');
      break;
    case 'file':
      body = await deps.files.read(spec.body.path, { kind: 'requestBody', what: 'request body file' });
      break;
    default: {
      const never: never = spec.body;
      throw new Error(`unknown body ${JSON.stringify(never)}`);
    }
  }
  if (type && !headers.some((h) => h.name.toLowerCase() === 'content-type')) headers = setHeader(headers, 'Content-Type', type);
  return { method: spec.method, url, headers, body };
}
