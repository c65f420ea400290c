import { sizePosition } from '../risk/size-position';
import type { EntryIntent, MarketRules } from '../risk/types';
import type { Research } from './research';
import type { EntrySignal } from './signal';

export interface DecideConfig {
  /** the risk per trade DECIDE aims for; the validator still caps it */
  riskFraction: number;
  /** correlation with an open position above which the candidate is skipped */
  correlationSkip: number;
  /** correlation above which its size is halved */
  correlationHalve: number;
  /** long entries are skipped in a downtrend regime */
  isTrendFiltered: boolean;
}

export const DEFAULT_DECIDE: DecideConfig = { riskFraction: 0.01, correlationSkip: 0.85, correlationHalve: 0.6, isTrendFiltered: false };

export type Decision =
  | { kind: 'intent'; intent: EntryIntent; sizeFactor: number }
  | { kind: 'skip'; reason: 'correlated' | 'downtrend' | 'size'; value: number };

/**
 * DECIDE: signal + research + the strategy's learned weight → an order intent. The
 * size aims at riskFraction × weight, halved when the candidate is correlated with an
 * open position and skipped when it is nearly the same bet; RISK VALIDATOR decides.
 */
export function decide(signal: EntrySignal, r: Research, p: { equity: number; weight: number; market: MarketRules; asset: string }, cfg: DecideConfig = DEFAULT_DECIDE): Decision {
  if (r.maxCorrelation > cfg.correlationSkip) return { kind: 'skip', reason: 'correlated', value: r.maxCorrelation };
  if (cfg.isTrendFiltered && r.regime === 'down') return { kind: 'skip', reason: 'downtrend', value: 0 };
  const sizeFactor = p.weight * (r.maxCorrelation > cfg.correlationHalve ? 0.5 : 1);
  const size = sizePosition({ equity: p.equity, riskFraction: cfg.riskFraction * sizeFactor, entryPrice: signal.price, stopPrice: signal.stopPrice, market: p.market });
  if (!size.ok) return { kind: 'skip', reason: 'size', value: size.quantity };
  return {
    kind: 'intent', sizeFactor,
    intent: {
      kind: 'ENTRY', strategy: signal.strategy, symbol: signal.symbol, asset: p.asset, side: 'LONG', entryPrice: signal.price,
      stopPrice: signal.stopPrice, targetPrice: signal.targetPrice, quantity: size.quantity, leverage: 1,
    },
  };
}
