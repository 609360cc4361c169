/**
 * One deadline for a whole check. Every socket the check opens is registered here and destroyed
 * when the deadline passes or the caller cancels, so a server that trickles a byte a second cannot
 * keep the check alive (an idle timeout would never fire).
 */
import { performance } from 'node:perf_hooks';

export class CheckStopped extends Error {
  constructor(readonly why: 'timeout' | 'cancelled') {
    super(why === 'timeout' ? 'The check ran out of time.' : 'The check was cancelled.');
    this.name = 'CheckStopped';
  }
}

/** A deadline plus the sockets it must close; `signal` aborts with a CheckStopped reason. */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly started = performance.now();
  private readonly timer: NodeJS.Timeout;
  private readonly sockets = new Set<{ destroy(err?: Error): void }>();

  constructor(readonly timeoutMs: number, outer?: AbortSignal) {
    this.signal = this.controller.signal;
    this.timer = setTimeout(() => this.stop('timeout'), timeoutMs);
    if (outer?.aborted) this.stop('cancelled');
    else outer?.addEventListener('abort', () => this.stop('cancelled'), { once: true });
  }

  /** Milliseconds since the check started. */
  elapsed(): number {
    return performance.now() - this.started;
  }

  /** The stop reason, once stopped. */
  get stopped(): CheckStopped | null {
    return this.signal.aborted ? (this.signal.reason as CheckStopped) : null;
  }

  /** Registers a socket (or stream) to destroy when the deadline passes; returns it. */
  track<T extends { destroy(err?: Error): void; once(ev: 'close', fn: () => void): unknown }>(socket: T): T {
    if (this.signal.aborted) {
      socket.destroy(this.signal.reason as Error);
      return socket;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    return socket;
  }

  /** Settles with `work`, or rejects with CheckStopped when the deadline passes first. */
  race<T>(work: Promise<T>): Promise<T> {
    if (this.signal.aborted) return Promise.reject(this.signal.reason as Error);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.signal.reason as Error);
      this.signal.addEventListener('abort', onAbort, { once: true });
      work.then(
        (v) => { this.signal.removeEventListener('abort', onAbort); resolve(v); },
        (e: unknown) => { this.signal.removeEventListener('abort', onAbort); reject(e instanceof Error ? e : new Error(String(e))); },
      );
    });
  }

  /** Ends the check: closes every tracked socket. */
  stop(why: 'timeout' | 'cancelled'): void {
    if (this.signal.aborted) return;
    const reason = new CheckStopped(why);
    this.controller.abort(reason);
    for (const s of this.sockets) s.destroy(reason);
    this.sockets.clear();
    clearTimeout(this.timer);
  }

  /** Releases the timer and anything still open after a normal finish. */
  finish(): void {
    clearTimeout(this.timer);
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }
}
