/** A batch of TLS checks: bounded concurrency, one row per finished target, sorted for the person. */
import type { TlsCheckResult } from '../../../shared/contract/tls-result.js';
import type { TlsScanOutput, TlsScanRow } from '../../../shared/contract/tls.js';
import { byUrgency } from '../../../shared/tls-scan.js';
import type { JobContext } from '../jobs.js';
import { checkTls, type TlsCheckOptions } from './check.js';
import { parseTargetList, type TlsTarget } from './target.js';

/** The table row of one finished check: its worst finding and the leaf's days to expiry. */
export function scanRow(line: number, result: TlsCheckResult): TlsScanRow {
  const worst = result.findings[0];
  const row: TlsScanRow = {
    line,
    target: result.target,
    severity: worst?.severity ?? 'info',
    code: worst?.code ?? 'ok',
    message: worst?.message ?? '',
    daysLeft: result.chain[0]?.daysLeft ?? null,
    result,
  };
  if (worst?.fix) row.fix = worst.fix;
  return row;
}

/**
 * Checks every target of `text` with at most `concurrency` checks at once. Each finished row goes to
 * `ctx.item` as it ends; lines that are not targets become error rows at once. Cancelling stops the
 * running checks (each has its own signal, stopped through one listener on the job's) and throws CANCELLED.
 */
export async function scanTargets(
  text: string,
  concurrency: number,
  options: Omit<TlsCheckOptions, 'signal'>,
  ctx: JobContext,
): Promise<TlsScanOutput> {
  const list = parseTargetList(text);
  const rows: TlsScanRow[] = list.invalid.map((bad) => ({ line: bad.line, target: bad.text, severity: 'error', code: 'invalid-target', message: bad.message, fix: 'Use host:port, https://host/path, an IP address, or [IPv6]:port.', daysLeft: null }));
  for (const row of rows) ctx.item(String(row.line), row);
  const total = list.targets.length;
  let next = 0;
  let done = 0;
  ctx.progress(total ? 0 : 1, `Checking ${total} target${total === 1 ? '' : 's'}…`);
  // Each check gets its own signal (the engine's deadline listens on the one it is given, and never
  // lets go): one listener on the job's signal stops them all, however many run or have run.
  const running = new Set<AbortController>();
  const stopAll = () => running.forEach((c) => c.abort(ctx.signal.reason));
  ctx.signal.addEventListener('abort', stopAll, { once: true });
  const checkOne = async (target: TlsTarget): Promise<TlsCheckResult> => {
    const own = new AbortController();
    running.add(own);
    try {
      return await checkTls(target, { ...options, signal: own.signal });
    } finally {
      running.delete(own);
    }
  };
  const slot = async (): Promise<void> => {
    while (next < total && !ctx.signal.aborted) {
      const entry = list.targets[next++];
      if (!entry) return;
      const result = await checkOne(entry.target);
      if (ctx.signal.aborted) return;
      const row = scanRow(entry.line, result);
      rows.push(row);
      done++;
      ctx.item(String(entry.line), row);
      ctx.progress(done / total, `${done} of ${total} checked`);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, Math.max(total, 1)) }, slot));
  } finally {
    ctx.signal.removeEventListener('abort', stopAll);
  }
  ctx.throwIfCancelled();
  rows.sort(byUrgency);
  return {
    rows,
    checked: done,
    errors: rows.filter((r) => r.severity === 'error').length,
    warnings: rows.filter((r) => r.severity === 'warning').length,
  };
}
