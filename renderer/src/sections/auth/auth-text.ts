import type { AuthVerdict } from '../../../../shared/contract/auth.js';

/** A verdict's badge: its tone and the words a person acts on. */
export function verdictBadge(verdict: AuthVerdict): { tone: 'ok' | 'warn' | 'bad'; text: string } {
  switch (verdict) {
    case 'authenticated':
      return { tone: 'ok', text: 'authenticated' };
    case 'forbidden':
      return { tone: 'warn', text: 'forbidden' };
    case 'rejected':
      return { tone: 'bad', text: 'rejected' };
    case 'error':
      return { tone: 'bad', text: 'error' };
    default: {
      const never: never = verdict;
      return never;
    }
  }
}

/** The headline above the verdict's sentence. */
export const VERDICT_HEADLINE: Readonly<Record<AuthVerdict, string>> = {
  authenticated: 'The credential works',
  forbidden: 'Accepted, but not allowed',
  rejected: 'The credential was refused',
  error: 'No answer to judge',
};

/** host:port of a URL for the TLS check (443 when the URL names none), or undefined. */
export function tlsTargetOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'http:' ? '80' : '443')}`;
  } catch {
    return undefined;
  }
}
