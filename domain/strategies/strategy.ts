import type { Signal } from '../pipeline/signal';

/**
 * A strategy instance follows one symbol, one candle at a time: `onCandle` sees the
 * candle that just closed and nothing after it (no look-ahead by construction), and
 * returns an entry (with stop and target), an exit, or null.
 */
export interface Strategy {
  readonly name: string;
  onCandle(t: number, open: number, high: number, low: number, close: number, volume: number): Signal | null;
}

/**
 * Stop and target from an entry: the stop at least `minStopFraction` below (fees must not
 * eat a tiny stop distance), and the target where reward:risk is `rewardRisk` AFTER fees
 * on both legs (the risk engine's formula), so it clears the 1.5 floor by construction:
 *   target − entry − (entry + target)·f = rr · (entry − stop + (entry + stop)·f)
 */
export function bracket(close: number, rawStop: number, p: { rewardRisk: number; minStopFraction: number; feeRate: number }) {
  const stopPrice = Math.min(rawStop, close * (1 - p.minStopFraction));
  const f = p.feeRate;
  const riskAfterFees = close - stopPrice + (close + stopPrice) * f;
  return { stopPrice, targetPrice: (close * (1 + f) + p.rewardRisk * riskAfterFees) / (1 - f) };
}
