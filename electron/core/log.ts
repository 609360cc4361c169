import { appendFileSync, chmodSync, closeSync, openSync } from 'node:fs';

/** A log line's level. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** Registers a secret value so it is masked wherever it appears later. */
  addSecret(secret: string): void;
}

const PEM_PRIVATE = /-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|$)/g;
const AUTH_HEADER = /\b(authorization|proxy-authorization|cookie|set-cookie|x-api-key)(\s*[:=]\s*)([^\r\n]+)/gi;
const SECRET_PARAM = /([?&](?:token|apikey|api_key|access_token|client_secret|password|secret)=)[^&\s#]+/gi;

/** Masks private keys, credential headers, secret query parameters and any known secret. */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let out = text
    .replace(PEM_PRIVATE, '-----BEGIN $1-----[REDACTED]-----END $1-----')
    .replace(AUTH_HEADER, '$1$2[REDACTED]')
    .replace(SECRET_PARAM, '$1[REDACTED]');
  // Longest first, so a secret containing another is masked whole.
  const known = [...secrets].filter((s) => s.length >= 4).sort((a, b) => b.length - a.length);
  for (const s of known) out = out.split(s).join('[REDACTED]');
  return out;
}

/** A logger whose every line goes through `redact` before it reaches the sink. */
export function createLogger(sink: (line: string) => void, minLevel: LogLevel = 'info'): Logger {
  const order: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
  const secrets = new Set<string>();
  const log = (level: LogLevel, message: string): void => {
    if (order[level] < order[minLevel]) return;
    sink(`${new Date().toISOString()} ${level.toUpperCase()} ${redact(message, secrets)}`);
  };
  return {
    log,
    info: (m) => log('info', m),
    warn: (m) => log('warn', m),
    error: (m) => log('error', m),
    addSecret: (s) => void secrets.add(s),
  };
}

/**
 * A sink appending lines to a log file that only its owner may read (0600, also when it existed):
 * even redacted, a log says which files and hosts the person works with.
 */
export function fileLogSink(path: string): (line: string) => void {
  let ready = false;
  return (line) => {
    try {
      if (!ready) {
        closeSync(openSync(path, 'a', 0o600));
        if (process.platform !== 'win32') chmodSync(path, 0o600);
        ready = true;
      }
      appendFileSync(path, `${line}\n`, { mode: 0o600 });
    } catch {
      // A log that cannot be written must not take the app down.
    }
  };
}
