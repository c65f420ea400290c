/**
 * A closed trade as the metrics see it. `pnl` is net of fees (quote currency): it is what the
 * trade added to equity, so the metrics agree with the equity curve; `fees` is kept apart only
 * to report the total paid. Times are ms since the epoch (UTC).
 */
export interface ClosedTrade {
  pnl: number;
  rMultiple: number;
  fees: number;
  entryTime: number;
  exitTime: number;
}

/** One equity sample; series are sorted by `t` ascending (as the backtest and paper broker write them). */
export interface EquityPoint {
  t: number;
  equity: number;
}

export interface Metrics {
  trades: number;
  /** annualised with 365 days (crypto trades every day); 0 when undefined */
  sharpe: number;
  sortino: number;
  /** peak-to-trough, as a fraction (0.25) and in percent (25) */
  maxDrawdown: number;
  maxDrawdownPct: number;
  totalReturn: number;
  totalReturnPct: number;
  /** fraction of trades with pnl > 0 */
  winRate: number;
  avgR: number;
  /** Infinity when there is no losing trade: see profitFactor */
  profitFactor: number;
  /** the same, but null instead of Infinity: JSON has no Infinity */
  profitFactorFinite: number | null;
  /** mean net pnl per trade, in quote currency */
  expectancy: number;
  /** mean pnl per trade in R (equal to avgR by definition) */
  expectancyR: number;
  /** fraction of the equity series' span with at least one position open */
  exposureTime: number;
  totalFees: number;
}
