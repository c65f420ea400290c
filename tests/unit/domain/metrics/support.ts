import type { ClosedTrade, EquityPoint } from '@/domain/metrics/types';

export const at = (iso: string): number => Date.parse(iso);
export const point = (iso: string, equity: number): EquityPoint => ({ t: at(iso), equity });
export const trade = (over: Partial<ClosedTrade> = {}): ClosedTrade =>
  ({ pnl: 0, rMultiple: 0, fees: 0, entryTime: 0, exitTime: 0, ...over });

/**
 * Hand fixture, 2024-01-01 .. 2024-01-05 (UTC):
 * day closes 10,000 (last of 3 samples), 11,000, 11,000 (no sample: carried), 9,900, 10,890
 * daily returns +0.1, 0, -0.1, +0.1
 */
export const EQUITY: EquityPoint[] = [
  point('2024-01-01T00:00:00Z', 10_000),
  point('2024-01-01T12:00:00Z', 10_500),
  point('2024-01-01T23:00:00Z', 10_000),
  point('2024-01-02T10:00:00Z', 11_000),
  point('2024-01-04T05:00:00Z', 9_900),
  point('2024-01-05T00:00:00Z', 10_890),
];

/** Five trades: two wins, two losses, one break-even; A and B overlap, E runs past the end. */
export const TRADES: ClosedTrade[] = [
  trade({ pnl: 300, rMultiple: 1.5, fees: 10, entryTime: at('2024-01-01T00:00:00Z'), exitTime: at('2024-01-01T12:00:00Z') }), // A
  trade({ pnl: -100, rMultiple: -1, fees: 8, entryTime: at('2024-01-01T06:00:00Z'), exitTime: at('2024-01-02T00:00:00Z') }), // B
  trade({ pnl: 200, rMultiple: 2, fees: 6, entryTime: at('2024-01-03T00:00:00Z'), exitTime: at('2024-01-03T12:00:00Z') }), // C
  trade({ pnl: -50, rMultiple: -0.5, fees: 4, entryTime: at('2024-01-04T00:00:00Z'), exitTime: at('2024-01-04T06:00:00Z') }), // D
  trade({ pnl: 0, rMultiple: 0, fees: 2, entryTime: at('2024-01-04T18:00:00Z'), exitTime: at('2024-01-05T06:00:00Z') }), // E
];
