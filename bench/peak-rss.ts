import { readFileSync } from 'node:fs';

/**
 * Polls a child process's peak resident set (VmHWM in /proc) every `everyMs`; `stop()` ends the
 * polling and returns the peak in KiB (0 where /proc is not available).
 */
export function watchPeakRss(pid: number | undefined, everyMs: number): { stop(): number } {
  let peakKb = 0;
  const status = `/proc/${pid}/status`;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(status, 'utf8'));
      if (m) peakKb = Math.max(peakKb, Number(m[1]));
    } catch {
      // exited between polls
    }
  }, everyMs);
  return {
    stop() {
      clearInterval(poll);
      return peakKb;
    },
  };
}
