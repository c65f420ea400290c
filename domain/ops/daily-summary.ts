import { splitSymbol } from '../market/candle-series';
import { computeMetrics } from '../metrics/compute-metrics';
import type { ClosedTrade, EquityPoint } from '../metrics/types';

/**
 * The daily performance summary of one account's day, from its rows: the backtest's metric
 * functions (computeMetrics) over the day's closed trades and equity, so a day reads the
 * same as the Performance page and a backtest.
 */
export interface DayFill {
  symbol: string;
  price: number;
  fee: number;
  feeCurrency: string | null;
}

export interface DayPerformanceInput {
  quoteCurrency: string;
  /** sorted by t: the last sample at or before the day's start (its opening equity), then every one inside the day */
  equity: readonly EquityPoint[];
  tradesOpened: number;
  /** trades closed during the day */
  closed: readonly ClosedTrade[];
  /** fills during the day: the fees paid that day, whichever trade they belong to */
  fills: readonly DayFill[];
}

export interface DailyPerformance {
  quoteCurrency: string;
  equityStart: number | null;
  equityEnd: number | null;
  pnl: number | null;
  /** fraction of the opening equity (0.012 = +1.2%) */
  pnlPct: number | null;
  /** net P&L of the trades closed that day */
  realizedPnl: number;
  tradesOpened: number;
  tradesClosed: number;
  wins: number;
  losses: number;
  winRate: number;
  avgR: number;
  /** null when no closed trade lost (unbounded); 0 without trades */
  profitFactor: number | null;
  /** the deepest fall from the day's running peak (opening equity included), as a fraction */
  maxIntradayDrawdown: number;
  /** fees paid on the day's fills, in the quote currency */
  fees: number;
  equitySamples: number;
}

/** A fill's fee in the quote currency: a fee taken in the base asset is worth fee × price (as the live runner books it). */
function feeInQuote(f: DayFill): number {
  const base = splitSymbol(f.symbol)?.base;
  return f.feeCurrency !== null && base !== undefined && f.feeCurrency.toUpperCase() === base ? f.fee * f.price : f.fee;
}

export function buildPerformance(i: DayPerformanceInput): DailyPerformance {
  const m = computeMetrics(i.closed, i.equity);
  const first = i.equity[0];
  const last = i.equity[i.equity.length - 1];
  const pnl = first && last ? last.equity - first.equity : null;
  let realizedPnl = 0;
  let wins = 0;
  let losses = 0;
  for (const t of i.closed) {
    realizedPnl += t.pnl;
    if (t.pnl > 0) wins += 1;
    else if (t.pnl < 0) losses += 1;
  }
  return {
    quoteCurrency: i.quoteCurrency,
    equityStart: first?.equity ?? null,
    equityEnd: last?.equity ?? null,
    pnl,
    pnlPct: pnl !== null && first && first.equity > 0 ? pnl / first.equity : null,
    realizedPnl,
    tradesOpened: i.tradesOpened,
    tradesClosed: m.trades,
    wins,
    losses,
    winRate: m.winRate,
    avgR: m.avgR,
    profitFactor: m.profitFactorFinite,
    maxIntradayDrawdown: m.maxDrawdown,
    fees: i.fills.reduce((s, f) => s + feeInQuote(f), 0),
    equitySamples: i.equity.length,
  };
}
