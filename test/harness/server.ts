import { build } from 'esbuild';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coreContract } from '../../shared/contract/index.js';
import type { ProgressEvent } from '../../shared/contract/define.js';
import type { Services } from '../../electron/core/services.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
};

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

function readBody(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * Serves the built renderer and the real core services on 127.0.0.1 (random port, random bearer
 * token), with a window.certdesk shim injected before the app's own script. Test and dev tooling only.
 */
export async function startHarness(services: Services, rendererDir = join(root, 'dist/renderer')): Promise<Harness> {
  const token = randomBytes(24).toString('hex');
  const shim = await buildShim();
  const sse = new Set<ServerResponse>();
  const jobs = new Map<string, AbortController>();

  const authorized = (req: IncomingMessage, url: URL): boolean => {
    const given = Buffer.from(req.headers.authorization?.replace(/^Bearer /, '') ?? url.searchParams.get('token') ?? '');
    const want = Buffer.from(token);
    return given.length === want.length && timingSafeEqual(given, want);
  };
  const sendJson = (res: ServerResponse, status: number, body: unknown): void => {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  };
  const broadcast = (event: ProgressEvent): void => {
    for (const res of sse) res.write(`data: ${JSON.stringify(event)}\n\n`);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (url.pathname.startsWith('/__certdesk/') && url.pathname !== '/__certdesk/shim.js' && url.pathname !== '/__certdesk/config.js') {
        if (!authorized(req, url)) return sendJson(res, 401, { ok: false, error: { code: 'FORBIDDEN_SENDER', message: 'bad token' } });
        if (url.pathname === '/__certdesk/events') {
          res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
          res.write(': connected\n\n');
          sse.add(res);
          req.on('close', () => sse.delete(res));
          return;
        }
        if (req.method !== 'POST') return sendJson(res, 405, {});
        const body = JSON.parse((await readBody(req)) || '{}') as { input?: unknown; options?: { jobId?: string }; jobId?: string };
        if (url.pathname === '/__certdesk/cancel') {
          if (body.jobId) jobs.get(body.jobId)?.abort();
          return sendJson(res, 200, { ok: true, value: {} });
        }
        const name = decodeURIComponent(url.pathname.slice('/__certdesk/api/'.length));
        if (!Object.prototype.hasOwnProperty.call(coreContract, name))
          return sendJson(res, 404, { ok: false, error: { code: 'UNKNOWN_METHOD', message: `No operation ${name}` } });
        const jobId = body.options?.jobId;
        const controller = new AbortController();
        if (jobId) jobs.set(jobId, controller);
        const result = await services[name as keyof Services](body.input, {
          signal: controller.signal,
          progress: (fraction, message) => jobId && broadcast({ jobId, ...(fraction === undefined ? {} : { fraction }), message }),
        });
        if (jobId) jobs.delete(jobId);
        return sendJson(res, 200, result);
      }
      if (url.pathname === '/__certdesk/shim.js') {
        res.writeHead(200, { 'content-type': TYPES['.js'] }).end(shim);
        return;
      }
      if (url.pathname === '/__certdesk/config.js') {
        res.writeHead(200, { 'content-type': TYPES['.js'] }).end(`window.__CERTDESK_HARNESS__ = ${JSON.stringify({ token })};`);
        return;
      }
      const rel = url.pathname === '/' ? '/index.html' : decodeURIComponent(url.pathname);
      const file = normalize(join(rendererDir, rel));
      if (!file.startsWith(normalize(rendererDir) + sep)) return sendJson(res, 404, {});
      try {
        let content: Buffer | string = await readFile(file);
        if (rel === '/index.html') {
          // The shim must run before the app's module script; both are same-origin files, so the CSP holds.
          content = content
            .toString('utf8')
            .replace('<head>', '<head>\n    <script src="/__certdesk/config.js"></script>\n    <script src="/__certdesk/shim.js"></script>');
        }
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(content);
      } catch {
        res.writeHead(404).end('not found');
      }
    })().catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: String(err) } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of sse) res.end();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
