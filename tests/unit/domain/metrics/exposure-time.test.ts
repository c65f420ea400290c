import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exposureTime } from '@/domain/metrics/exposure-time';
import { TRADES, at, trade } from './support';

const H = 3_600_000;
const span = (entryH: number, exitH: number) => trade({ entryTime: entryH * H, exitTime: exitH * H });

describe('exposureTime', () => {
  it('merges overlaps and clips to the period', () => {
    // period 01-01 00:00 → 01-05 00:00 = 96 h
    // A 00–12 h and B 06–24 h merge to 0–24 h (24 h); C 12 h; D 6 h; E 18:00 → clipped at 01-05 00:00 (6 h)
    // (24 + 12 + 6 + 6) / 96 = 0.5
    expect(exposureTime(TRADES, at('2024-01-01T00:00:00Z'), at('2024-01-05T00:00:00Z'))).toBe(0.5);
  });

  it('a trade inside another counts once; touching trades do not double-count the joint', () => {
    // 0–10 contains 2–5: 10 h of 20
    expect(exposureTime([span(0, 10), span(2, 5)], 0, 20 * H)).toBe(0.5);
    // 0–5 and 5–10 touch: 10 h of 20
    expect(exposureTime([span(5, 10), span(0, 5)], 0, 20 * H)).toBe(0.5);
  });

  it('always in the market is 1; no trades is 0; an empty period is 0', () => {
    expect(exposureTime([span(-5, 30)], 0, 20 * H)).toBe(1);
    expect(exposureTime([], 0, 20 * H)).toBe(0);
    expect(exposureTime([span(0, 10)], 5 * H, 5 * H)).toBe(0);
  });

  it('ignores trades wholly outside the period', () => {
    expect(exposureTime([span(-10, -1), span(25, 30)], 0, 20 * H)).toBe(0);
  });

  it('law: stays in [0, 1] and never exceeds the sum of the trade lengths', () => {
    const arbTrade = fc.tuple(fc.integer({ min: -50, max: 150 }), fc.integer({ min: 0, max: 60 }))
      .map(([start, len]) => span(start, start + len));
    fc.assert(fc.property(fc.array(arbTrade, { maxLength: 20 }), (trades) => {
      const e = exposureTime(trades, 0, 100 * H);
      expect(e).toBeGreaterThanOrEqual(0);
      expect(e).toBeLessThanOrEqual(1);
      const sum = trades.reduce((s, t) => s + (t.exitTime - t.entryTime), 0);
      expect(e * 100 * H).toBeLessThanOrEqual(sum + 1e-6);
    }));
  });
});
