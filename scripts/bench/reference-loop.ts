import type { CandleSeries } from '@/domain/market/candle-series';

/**
 * B1's control (b), frozen by issue 5: a minimal hand-written backtest loop over the same
 * candles. EMA(20)/EMA(50) cross entries (long only), an ATR(14) stop (2 × ATR below the
 * signal close, as ema_cross's default) and a 2R target; three risk rules on each entry —
 * risk per trade 1% of equity, per-asset exposure ≤ 30% and total exposure ≤ 50% of equity
 * (an entry over a cap is shrunk to fit, one under 5 USDT of notional is rejected). Like the
 * real engine: every pair merged by time (the smallest next open time, then each pair at
 * that time), entries queued at the signal close and filled at the next open, stops
 * checked before targets, 0.1% fee per leg, equity and drawdown marked to the closes once
 * per time step. Indicators are seeded as domain/indicators does (EMA with the SMA of the
 * first `period` closes, ATR with the mean of the first 14 true ranges, then Wilder).
 * One function over typed arrays; its only allocations are per pair, none per candle.
 * Do not tune it: it is the yardstick, kept as the issue describes it.
 */
export const REFERENCE = Object.freeze({
  fast: 20, slow: 50, atrPeriod: 14, atrStop: 2, rewardRisk: 2,
  riskPerTrade: 0.01, maxAssetExposure: 0.3, maxTotalExposure: 0.5, minNotional: 5, feeRate: 0.001, equity: 10_000,
});

export interface ReferenceResult {
  candles: number;
  trades: number;
  wins: number;
  shrunk: number;
  rejected: number;
  finalEquity: number;
  maxDrawdownPct: number;
}

export function referenceLoop(seriesList: readonly CandleSeries[]): ReferenceResult {
  const P = seriesList.length;
  const { fast, slow, atrPeriod, atrStop, rewardRisk, riskPerTrade, maxAssetExposure, maxTotalExposure, minNotional, feeRate } = REFERENCE;
  const aFast = 2 / (fast + 1);
  const aSlow = 2 / (slow + 1);
  const atrKeep = (atrPeriod - 1) / atrPeriod;
  const idx = new Int32Array(P);
  const len = new Int32Array(P);
  for (let p = 0; p < P; p++) len[p] = seriesList[p]!.length;
  const seen = new Int32Array(P);
  const emaF = new Float64Array(P);
  const emaS = new Float64Array(P);
  const atr = new Float64Array(P);
  const sumF = new Float64Array(P);
  const sumS = new Float64Array(P);
  const sumTr = new Float64Array(P);
  const prevClose = new Float64Array(P);
  const prevDiff = new Float64Array(P).fill(NaN);
  const mark = new Float64Array(P);
  const qty = new Float64Array(P);
  const entry = new Float64Array(P);
  const stop = new Float64Array(P);
  const target = new Float64Array(P);
  const pendQty = new Float64Array(P);
  const pendStop = new Float64Array(P);
  const pendTarget = new Float64Array(P);
  let cash = REFERENCE.equity;
  let peak = cash;
  let maxDd = 0;
  let candles = 0;
  let trades = 0;
  let wins = 0;
  let shrunk = 0;
  let rejected = 0;

  for (;;) {
    let t = Infinity;
    for (let p = 0; p < P; p++) {
      if (idx[p]! < len[p]!) {
        const tp = seriesList[p]!.time[idx[p]!]!;
        if (tp < t) t = tp;
      }
    }
    if (t === Infinity) break;
    for (let p = 0; p < P; p++) {
      const i = idx[p]!;
      if (i >= len[p]!) continue;
      const s = seriesList[p]!;
      if (s.time[i] !== t) continue;
      idx[p] = i + 1;
      candles += 1;
      const o = s.open[i]!;
      const h = s.high[i]!;
      const l = s.low[i]!;
      const c = s.close[i]!;
      // EXECUTE the entry queued at the previous close, at this open (refused if it opened through the stop)
      if (pendQty[p]! > 0) {
        if (o > pendStop[p]!) {
          const q = pendQty[p]!;
          cash -= q * o * (1 + feeRate);
          qty[p] = q; entry[p] = o; stop[p] = pendStop[p]!; target[p] = pendTarget[p]!;
        } else {
          rejected += 1;
        }
        pendQty[p] = 0;
      }
      // MONITOR: stop first (a gap fills at the open), then target
      if (qty[p]! > 0) {
        let exit = NaN;
        if (l <= stop[p]!) exit = o < stop[p]! ? o : stop[p]!;
        else if (h >= target[p]!) exit = o > target[p]! ? o : target[p]!;
        if (exit === exit) {
          const q = qty[p]!;
          cash += q * exit * (1 - feeRate);
          if ((exit * (1 - feeRate)) > entry[p]! * (1 + feeRate)) wins += 1;
          trades += 1;
          qty[p] = 0;
        }
      }
      mark[p] = c;
      // indicators on the close
      let tr = h - l;
      const n = seen[p]!;
      if (n > 0) {
        const up = Math.abs(h - prevClose[p]!);
        const down = Math.abs(l - prevClose[p]!);
        if (up > tr) tr = up;
        if (down > tr) tr = down;
      }
      prevClose[p] = c;
      seen[p] = n + 1;
      if (n >= fast) emaF[p] = emaF[p]! + aFast * (c - emaF[p]!);
      else { sumF[p] = sumF[p]! + c; if (n + 1 === fast) emaF[p] = sumF[p]! / fast; }
      if (n >= slow) emaS[p] = emaS[p]! + aSlow * (c - emaS[p]!);
      else { sumS[p] = sumS[p]! + c; if (n + 1 === slow) emaS[p] = sumS[p]! / slow; }
      if (n >= atrPeriod) atr[p] = atr[p]! * atrKeep + tr / atrPeriod;
      else { sumTr[p] = sumTr[p]! + tr; if (n + 1 === atrPeriod) atr[p] = sumTr[p]! / atrPeriod; }
      if (n + 1 < slow) continue; // warming up: the slow EMA (the last to be ready) has no value yet
      const diff = emaF[p]! - emaS[p]!;
      const before = prevDiff[p]!;
      prevDiff[p] = diff;
      // SIGNAL: fast crosses above slow, flat and nothing queued → RISK → queue for the next open
      if (!(before <= 0 && diff > 0) || qty[p]! > 0) continue;
      const stopPx = c - atrStop * atr[p]!;
      if (!(stopPx > 0)) { rejected += 1; continue; }
      let equity = cash;
      let exposure = 0;
      for (let k = 0; k < P; k++) { const e = qty[k]! * mark[k]!; equity += e; exposure += e + pendQty[k]! * mark[k]!; }
      const want = ((equity * riskPerTrade) / (c - stopPx)) * c;
      let notional = want;
      if (notional > equity * maxAssetExposure) notional = equity * maxAssetExposure;
      if (notional > equity * maxTotalExposure - exposure) notional = equity * maxTotalExposure - exposure;
      if (notional < minNotional) { rejected += 1; continue; }
      if (notional < want) shrunk += 1;
      pendQty[p] = notional / c;
      pendStop[p] = stopPx;
      pendTarget[p] = c + rewardRisk * (c - stopPx);
    }
    let equity = cash;
    for (let k = 0; k < P; k++) equity += qty[k]! * mark[k]!;
    if (equity > peak) peak = equity;
    const dd = (peak - equity) / peak;
    if (dd > maxDd) maxDd = dd;
  }
  let finalEquity = cash;
  for (let k = 0; k < P; k++) finalEquity += qty[k]! * mark[k]! * (1 - feeRate);
  return { candles, trades, wins, shrunk, rejected, finalEquity, maxDrawdownPct: maxDd * 100 };
}
