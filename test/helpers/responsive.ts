/**
 * Watches this process while hostile work runs in it: how long its event loop was blocked, and the
 * peak growth of the heap and of the resident set over their level when the watch started.
 *
 * A timer every 10 ms measures how late it fires. Lateness has two causes: this process running
 * something that holds the loop (what the bound is about), or the machine giving the CPU to other
 * processes (a loaded test machine, not Certdesk's doing). So each late tick counts as blocked only
 * the CPU time this process used meanwhile: `blockedMs` is max over ticks of min(lateness, CPU used).
 * The raw lateness and `monitorEventLoopDelay`'s maximum are reported alongside, for the record.
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

export interface WatchReport {
  /** The worst lateness of the 10 ms timer that this process's own CPU work accounts for, in ms. */
  blockedMs: number;
  /** The worst raw lateness of the 10 ms timer (includes time the OS gave to other processes), in ms. */
  maxLateMs: number;
  /** `monitorEventLoopDelay`'s maximum (5 ms resolution), in ms. */
  histogramMaxMs: number;
  /** Peak heap and RSS above their level at the start, in bytes. */
  heapGrowth: number;
  rssGrowth: number;
}

export interface Watch {
  /** Stops watching; the worst numbers seen. */
  stop(): WatchReport;
}

const TICK_MS = 10;
const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Starts watching (call stop() when the work is done). */
export function watchProcess(): Watch {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage.rss();
  let heapPeak = heap0;
  let rssPeak = rss0;
  let maxLate = 0;
  let blocked = 0;
  let expected = performance.now() + TICK_MS;
  let cpu = cpuMs();
  const sample = (): void => {
    const now = performance.now();
    const late = Math.max(0, now - expected);
    const used = cpuMs() - cpu;
    maxLate = Math.max(maxLate, late);
    blocked = Math.max(blocked, Math.min(late, used));
    expected = now + TICK_MS;
    cpu = cpuMs();
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
    rssPeak = Math.max(rssPeak, process.memoryUsage.rss());
  };
  histogram.enable();
  const timer = setInterval(sample, TICK_MS);
  return {
    stop() {
      // The stretch since the last tick counts too (a block just before the work ended).
      sample();
      clearInterval(timer);
      histogram.disable();
      const r1 = (n: number) => Math.round(n * 10) / 10;
      return { blockedMs: r1(blocked), maxLateMs: r1(maxLate), histogramMaxMs: r1(histogram.max / 1e6), heapGrowth: heapPeak - heap0, rssGrowth: rssPeak - rss0 };
    },
  };
}

/** Runs `work` under a watch; its value and the report. */
export async function watched<T>(work: () => Promise<T>): Promise<{ value: T; report: WatchReport }> {
  const w = watchProcess();
  try {
    const value = await work();
    return { value, report: w.stop() };
  } catch (err) {
    w.stop();
    throw err;
  }
}
