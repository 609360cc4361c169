/**
 * An OCSP responder on 127.0.0.1: a loopback HTTP server that hands each request to
 * `openssl ocsp -index … -reqin … -respout …` (openssl decides; the server only carries bytes), so
 * nothing listens beyond loopback.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Running } from './tls-servers.js';

export interface Responder extends Running {
  requests: number;
}

/** `index`, `cert` and `key` are file names in `dir` (the CA's index and the signing CA). */
export async function startOcspResponder(dir: string, index: string, cert: string, key: string, port = 0): Promise<Responder> {
  let n = 0;
  const state = { requests: 0 };
  const server = http.createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => {
      state.requests++;
      const id = ++n;
      const reqFile = join(dir, `ocsp-req-${id}.der`);
      const respFile = join(dir, `ocsp-resp-${id}.der`);
      writeFileSync(reqFile, Buffer.concat(parts));
      const p = spawn('openssl', ['ocsp', '-index', index, '-rsigner', cert, '-rkey', key, '-CA', cert, '-reqin', reqFile, '-respout', respFile], { cwd: dir, stdio: 'ignore' });
      p.once('exit', (code) => {
        if (code !== 0) return void res.writeHead(500).end();
        res.writeHead(200, { 'content-type': 'application/ocsp-response' }).end(readFileSync(respFile));
      });
    });
  });
  await new Promise<void>((r) => server.listen(port, '127.0.0.1', () => r()));
  return {
    port: (server.address() as AddressInfo).port,
    get requests() { return state.requests; },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** An OCSP response for `cert` fetched from the responder with `openssl ocsp` (what a server would staple). */
export function fetchOcspResponse(dir: string, issuer: string, cert: string, url: string, out: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = spawn('openssl', ['ocsp', '-issuer', issuer, '-cert', cert, '-url', url, '-respout', out, '-noverify'], { cwd: dir, stdio: 'ignore' });
    p.once('exit', (code) => (code === 0 ? resolve(readFileSync(join(dir, out))) : reject(new Error(`openssl ocsp exited ${code}`))));
  });
}
