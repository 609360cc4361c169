import { build } from 'esbuild';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreContract } from '../../shared/contract/index.js';
import type { ProgressEvent } from '../../shared/contract/define.js';
import type { Result } from '../../shared/errors.js';
import { JobTable } from '../../electron/core/jobs.js';
import type { Services } from '../../electron/core/services.js';
import { notChosen, refusedToRenderer, writtenPaths, type RendererGrants } from '../../electron/main/renderer-grants.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};
/** Largest JSON body a call may send; inputs are paths, options and passwords, never file contents. */
export const MAX_BODY = 1024 * 1024;
/** The meta tag in the served index.html that carries the bearer token to the shim. */
export const TOKEN_META = 'certdesk-harness-token';

export interface HarnessOptions {
  /**
   * Write only where the person chose, as the app does: a path typed into the dialog prompt counts as
   * chosen. Off unless given, for pages that still take typed paths in their own fields.
   */
  grants?: RendererGrants;
}

export interface Harness {
  url: string;
  token: string;
  close(): Promise<void>;
}

async function buildShim(): Promise<string> {
  const out = await build({
    entryPoints: [join(root, 'test/harness/shim.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    logLevel: 'error',
  });
  return out.outputFiles[0]?.text ?? '';
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) return reject(new HttpError(413, 'body too large'));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new HttpError(413, 'body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Decodes a URL path; a malformed escape is the request's fault (400), not the server's. */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    throw new HttpError(400, 'malformed URL');
  }
}

function refusal(status: number, message: string): Result<never> {
  return { ok: false, error: { code: status === 400 || status === 413 || status === 415 ? 'VALIDATION_FAILED' : 'FORBIDDEN_SENDER', message } };
}

/**
 * Serves the built renderer and the real core services on 127.0.0.1 (random port, random bearer
 * token), with a window.certdesk shim loaded before the app's own script. Test and dev tooling only.
 *
 * Any web page in the developer's browser can reach 127.0.0.1, so every request must prove it comes
 * from the harness's own page: Host is exactly our address (no DNS rebinding), Origin when sent is
 * ours (and POST must send it), the token rides only in a header (only our page has it: it is in the
 * index.html, which a foreign origin cannot read), and bodies are JSON only (no form posts) and small.
 */
export async function startHarness(services: Services, rendererDir = join(root, 'dist/renderer'), options: HarnessOptions = {}): Promise<Harness> {
  const { grants } = options;
  const token = randomBytes(24).toString('hex');
  const shim = await buildShim();
  const streams = new Set<ServerResponse>();
  const jobs = new JobTable();
  let self = '';

  const authorized = (req: IncomingMessage): boolean => {
    const header = req.headers.authorization ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '');
    const want = Buffer.from(token);
    return given.length === want.length && timingSafeEqual(given, want);
  };
  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
  };
  const broadcast = (event: ProgressEvent): void => {
    for (const res of streams) res.write(`${JSON.stringify(event)}\n`);
  };

  /** Throws an HttpError unless the request is a call from our own page. */
  const checkApiCall = (req: IncomingMessage): void => {
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${self}`) throw new HttpError(403, 'foreign origin');
    if (!authorized(req)) throw new HttpError(401, 'bad token');
    if (req.method === 'POST' && origin === undefined) throw new HttpError(403, 'origin required');
  };
  const readJson = async (req: IncomingMessage): Promise<Record<string, unknown>> => {
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/json') throw new HttpError(415, 'only application/json');
    const text = await readBody(req, MAX_BODY);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new HttpError(400, 'malformed JSON');
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'body must be a JSON object');
    return body as Record<string, unknown>;
  };

  const handleApi = async (req: IncomingMessage, res: ServerResponse, path: string): Promise<void> => {
    checkApiCall(req);
    if (path === '/__certdesk/events') {
      if (req.method !== 'GET') throw new HttpError(405, 'GET only');
      // Newline-delimited JSON over a streamed fetch: unlike EventSource, fetch can send the token header.
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
      res.write('\n');
      streams.add(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method !== 'POST') throw new HttpError(405, 'POST only');
    const body = await readJson(req);
    if (path === '/__certdesk/chosen') {
      const { kind, path: chosen } = body;
      if ((kind === 'file' || kind === 'folder') && typeof chosen === 'string' && chosen !== '') grants?.choose(kind, chosen);
      return sendJson(res, 200, { ok: true, value: {} });
    }
    if (path === '/__certdesk/cancel') {
      if (typeof body['jobId'] === 'string') jobs.cancel(body['jobId']);
      return sendJson(res, 200, { ok: true, value: {} });
    }
    const name = decodePath(path.slice('/__certdesk/api/'.length));
    if (!path.startsWith('/__certdesk/api/') || !Object.prototype.hasOwnProperty.call(coreContract, name))
      return sendJson(res, 404, { ok: false, error: { code: 'UNKNOWN_METHOD', message: `No operation ${name}` } });
    const forbidden = refusedToRenderer(name);
    if (forbidden) return sendJson(res, 200, forbidden);
    const input = body['input'];
    const def = coreContract[name as keyof typeof coreContract];
    const refused = grants && writtenPaths(def, input).find((p) => !grants.mayWrite(p));
    if (refused) return sendJson(res, 200, notChosen(refused));
    const options = body['options'];
    const rawId = typeof options === 'object' && options !== null ? (options as { jobId?: unknown }).jobId : undefined;
    const jobId = typeof rawId === 'string' && rawId.length <= 100 ? rawId : undefined;
    // Events go out on the page's event stream, the answer on this connection: the answer says how many
    // events the job sent, so the shim can hand it over only after them, as ipc keeps them in order.
    let events = 0;
    const emit = (event: ProgressEvent): void => {
      events++;
      broadcast(event);
    };
    const result = await jobs.run<Result<unknown>>(jobId, jobId ? emit : undefined, (ctx) => services[name as keyof Services](input, ctx));
    res.setHeader('x-certdesk-job-events', String(events));
    return sendJson(res, 200, result);
  };

  const serveStatic = async (res: ServerResponse, pathname: string): Promise<void> => {
    const rel = pathname === '/' ? '/index.html' : decodePath(pathname);
    const file = normalize(join(rendererDir, rel));
    if (!file.startsWith(normalize(rendererDir) + sep)) return sendJson(res, 404, {});
    try {
      let content: Buffer | string = await readFile(file);
      if (rel === '/index.html') {
        // The token lives only in this page (a foreign origin cannot read it); the shim is a same-origin
        // file that must run before the app's module script, so the page's CSP (no inline script) holds.
        content = content
          .toString('utf8')
          .replace('<head>', `<head>\n    <meta name="${TOKEN_META}" content="${token}" />\n    <script src="/__certdesk/shim.js"></script>`);
      }
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(content);
    } catch {
      res.writeHead(404).end('not found');
    }
  };

  const server = createServer((req, res) => {
    void (async () => {
      // Every response: no embedding, no cross-origin reads or includes.
      res.setHeader('cross-origin-resource-policy', 'same-origin');
      res.setHeader('x-frame-options', 'DENY');
      res.setHeader('x-content-type-options', 'nosniff');
      if (req.headers.host !== self) throw new HttpError(421, 'wrong host');
      const url = new URL(req.url ?? '/', `http://${self}`);
      if (url.pathname === '/__certdesk/shim.js') {
        res.writeHead(200, { 'content-type': TYPES['.js'], 'cache-control': 'no-store' }).end(shim);
        return;
      }
      if (url.pathname.startsWith('/__certdesk/')) return handleApi(req, res, url.pathname);
      return serveStatic(res, url.pathname);
    })().catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (!res.headersSent) sendJson(res, status, status === 500 ? { ok: false, error: { code: 'INTERNAL', message } } : refusal(status, message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  self = `127.0.0.1:${port}`;
  return {
    url: `http://${self}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        jobs.cancelAll();
        for (const res of streams) res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
