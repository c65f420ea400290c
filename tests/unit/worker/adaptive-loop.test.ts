import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { monitorIntervalMs } from '@/domain/control/monitor-interval';
import { startAdaptiveLoop } from '@/worker/adaptive-loop';

describe('monitorIntervalMs', () => {
  it('the extreme interval while extreme mode is on, never slower than normal', () => {
    expect(monitorIntervalMs(false, { normalMs: 2000, extremeMs: 500 })).toBe(2000);
    expect(monitorIntervalMs(true, { normalMs: 2000, extremeMs: 500 })).toBe(500);
    expect(monitorIntervalMs(true, { normalMs: 200, extremeMs: 500 })).toBe(200);
  });
});

describe('startAdaptiveLoop (fake clock)', () => {
  beforeEach(() => { vi.useFakeTimers(); });
  afterEach(() => { vi.useRealTimers(); });

  it('picks each next interval after the pass: extreme mode switched on speeds it up, off slows it down', async () => {
    const starts: number[] = [];
    let isExtreme = false;
    const t0 = Date.now();
    const loop = startAdaptiveLoop(async () => { starts.push(Date.now() - t0); }, () => monitorIntervalMs(isExtreme, { normalMs: 2000, extremeMs: 500 }), { firstDelayMs: 0 });
    await vi.advanceTimersByTimeAsync(4000);
    expect(starts).toEqual([0, 2000, 4000]);
    isExtreme = true; // read after the pass at 4000, which already scheduled 6000; from there on every 500 ms
    await vi.advanceTimersByTimeAsync(3000);
    expect(starts).toEqual([0, 2000, 4000, 6000, 6500, 7000]);
    isExtreme = false;
    await vi.advanceTimersByTimeAsync(3000);
    expect(starts).toEqual([0, 2000, 4000, 6000, 6500, 7000, 7500, 9500]);
    await loop.stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(starts).toHaveLength(8);
  });

  it('never overlaps passes: a pass longer than the interval is followed at once by the next', async () => {
    const starts: number[] = [];
    let active = 0;
    let maxActive = 0;
    const t0 = Date.now();
    const loop = startAdaptiveLoop(async () => {
      starts.push(Date.now() - t0);
      active += 1; maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 1500));
      active -= 1;
    }, () => 1000, { firstDelayMs: 0 });
    await vi.advanceTimersByTimeAsync(4600);
    // each pass starts as soon as the previous one ends (a zero timer fires after 1 ms)
    expect(starts).toHaveLength(4);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(1500);
    for (let i = 1; i < starts.length; i++) expect(starts[i]! - starts[i - 1]!).toBeLessThanOrEqual(1501);
    expect(maxActive).toBe(1);
    const stopped = loop.stop();
    await vi.advanceTimersByTimeAsync(2000);
    await stopped; // waits for the pass under way
    expect(active).toBe(0);
    expect(starts).toHaveLength(4);
  });
});
