/**
 * Run `pass` again and again, one at a time, at an interval chosen after each pass (extreme
 * market mode shortens it). Each pass starts `nextIntervalMs()` after the previous one
 * started, or at once when it took longer: the rate of setInterval, without two passes ever
 * overlapping. `pass` handles its own errors: a rejection is not caught here, so it ends the
 * process loudly (Node's unhandled rejection) instead of looping on silently.
 */
export function startAdaptiveLoop(pass: () => Promise<void>, nextIntervalMs: () => number, o: { firstDelayMs: number; now?: () => number }) {
  const now = o.now ?? Date.now;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let isStopped = false;
  const run = () => {
    const startedAt = now();
    running = pass().finally(() => {
      running = null;
      if (isStopped) return;
      timer = setTimeout(run, Math.max(0, startedAt + nextIntervalMs() - now()));
    });
  };
  timer = setTimeout(run, o.firstDelayMs);
  return {
    /** No pass starts after this; resolves when the one under way (if any) has finished. */
    async stop() {
      isStopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
