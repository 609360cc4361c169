/** The tls.* operations: one check, a batch, saving what a server sent, exporting a batch, the agent check. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TlsScanRow, tlsOps } from '../../../shared/contract/tls.js';
import type { FileRole, WrittenFile } from '../../../shared/contract/files.js';
import type { CoreDeps } from '../deps.js';
import { CertdeskError } from '../errors.js';
import type { Handler } from '../handler.js';
import { describeCertificate } from '../pki/cert-facts.js';
import { loadCert } from '../pki/chain.js';
import { certificatesFrom, toPem } from '../pki/pem.js';
import { checkTls } from './check.js';
import { agentCheck } from './service-agent.js';
import { checkOptionsFrom, clientCertFrom } from './service-inputs.js';
import { scanTargets } from './scan.js';
import { parseTarget } from './target.js';

type TlsOpName = keyof typeof tlsOps;
export type TlsHandlers = { [N in TlsOpName]: Handler<N> };

/** The tls.* handlers, bound to the core's dependencies. */
export function tlsHandlers(deps: CoreDeps): TlsHandlers {
  return {
    'tls.check': async (input, ctx) => {
      // A bad target or option is bad input (exit 2), found before anything touches the network.
      const target = parseTarget(input.target);
      const base = await checkOptionsFrom(deps, input, ctx.signal);
      const clientCert = await clientCertFrom(deps, input.clientCert);
      ctx.progress(undefined, `Checking ${input.target}…`);
      const result = await checkTls(target, {
        ...base,
        ...(input.servername ? { servername: input.servername } : {}),
        ...(input.alpn ? { alpn: input.alpn } : {}),
        ...(clientCert ? { clientCert } : {}),
        ...(input.starttls ? { starttls: input.starttls } : {}),
        scanProtocols: input.scanProtocols,
      });
      ctx.throwIfCancelled();
      return result;
    },
    'tls.scan': async (input, ctx) => {
      const text = input.targets ?? (await deps.files.read(input.targetsPath ?? '', { kind: 'targetList', what: 'list of targets' })).toString('utf8');
      const { signal: _signal, ...options } = await checkOptionsFrom(deps, input, ctx.signal);
      return scanTargets(text, input.concurrency, options, ctx);
    },
    'tls.saveChain': async (input) => {
      // Only what parses as certificates is written, re-encoded by Certdesk: never the text as it came.
      const ders = certificatesFrom(input.chainPem);
      const certs = ders.map((der) => {
        try {
          return loadCert(der);
        } catch {
          throw new CertdeskError('VALIDATION_FAILED', 'The chain holds something that is not a certificate.', 'Run the check again and save the chain it returns.');
        }
      });
      const first = certs[0];
      if (!first) throw new CertdeskError('NO_CERTIFICATE', 'There is no certificate to save.', 'Run the check first: the chain comes from the server.');
      const chosen = input.part === 'leaf' ? [first] : certs;
      const bytes = input.format === 'der' ? first.der : Buffer.from(chosen.map((c) => toPem(c.der)).join(''));
      const write = await writeOutput(deps, input.outPath, bytes, input.overwrite, input.part === 'leaf' ? 'certificate' : 'chain');
      const now = deps.clock.now();
      return { write, certificates: chosen.map((c) => describeCertificate(c.der, now, deps.settings.expiringSoonDays)) };
    },
    'tls.exportScan': async (input) => {
      const bytes = Buffer.from(input.format === 'csv' ? scanCsv(input.rows) : `${JSON.stringify(input.rows, null, 2)}\n`);
      return { write: await writeOutput(deps, input.outPath, bytes, input.overwrite), rows: input.rows.length };
    },
    'tls.agentCheck': (input, ctx) => agentCheck(deps, input, ctx),
  };
}

/** Writes one output through the atomic writer; an existing file is replaced only when asked (its backup kept). */
async function writeOutput(deps: CoreDeps, path: string, bytes: Buffer, overwrite: boolean, role?: FileRole): Promise<WrittenFile> {
  const full = resolve(path);
  const st = await stat(full).catch(() => null);
  if (st?.isDirectory()) throw new CertdeskError('IO_ERROR', `The path is a folder: ${full}`, 'Give a file name inside the folder.');
  if (st && !overwrite) throw new CertdeskError('FILE_EXISTS', `The file already exists: ${full}`, 'Choose another name, or allow replacing it (the old file is then kept as a backup).');
  return deps.files.write(full, bytes, { ...(role ? { role } : {}), ...(overwrite ? {} : { expectedOriginal: null }), now: () => deps.clock.now() });
}

const CSV_COLUMNS = ['line', 'target', 'severity', 'code', 'message', 'fix', 'daysLeft', 'protocol', 'subject', 'notAfter', 'trustUsed'] as const;

/** A spreadsheet cell: quoted, and a leading = + - @ made inert so a server's text cannot become a formula. */
function cell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
}

/** The batch as CSV, one row per target, in the order given. */
export function scanCsv(rows: readonly TlsScanRow[]): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of rows) {
    const leaf = r.result?.chain[0];
    lines.push([r.line, r.target, r.severity, r.code, r.message, r.fix, r.daysLeft, r.result?.protocol, leaf?.subject, leaf?.notAfter, r.result?.trustUsed].map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
