import type { RiskLimits } from './limits';
import type { OpenPosition } from './types';

/**
 * Risk-rule violations: breaches observed after the fact (not rejected orders). The
 * promotion gate requires none; the automatic rollback triggers on any. The worker
 * runs this on every monitoring pass and records each one it finds.
 */
export type ViolationRule = 'exposure.asset' | 'exposure.total' | 'loss.beyond_plan' | 'stop.missing' | 'order.unapproved';

export interface Violation {
  rule: ViolationRule;
  /** what it is about: an asset, a position id, a trade id, a client order id */
  subject: string;
  value: number;
  limit: number;
}

export interface ViolationInput {
  equity: number;
  limits: RiskLimits;
  positions: readonly OpenPosition[];
  /** trades closed since the last pass: planned risk at entry and realised P&L (quote currency) */
  closedTrades: readonly { id: string; plannedRisk: number; realizedPnl: number }[];
  /** orders found on the exchange, and whether an approved decision created each */
  exchangeOrders: readonly { clientOrderId: string; hasApprovedDecision: boolean }[];
  /**
   * exposure may drift above a cap with the price after an approved entry; beyond this
   * much (absolute fraction of equity, default 2 points) it counts as a violation
   */
  exposureTolerance?: number;
  /** a realised loss above this multiple of the planned risk is a violation (slippage through the stop) */
  lossMultiple?: number;
}

export function findViolations(s: ViolationInput): Violation[] {
  const out: Violation[] = [];
  const tol = s.exposureTolerance ?? 0.02;
  const lossMultiple = s.lossMultiple ?? 1.5;
  const byAsset = new Map<string, number>();
  let total = 0;
  for (const p of s.positions) {
    const notional = Math.abs(p.quantity * p.markPrice);
    byAsset.set(p.asset, (byAsset.get(p.asset) ?? 0) + notional);
    total += notional;
    if (p.stopPrice === null || !(p.stopPrice > 0)) out.push({ rule: 'stop.missing', subject: p.id, value: 0, limit: 1 });
  }
  if (!(s.equity > 0)) {
    // equity gone with positions still open: any exposure is beyond every cap
    for (const [asset, notional] of byAsset) {
      if (notional > 0) out.push({ rule: 'exposure.asset', subject: asset, value: Infinity, limit: s.limits.maxAssetExposureFraction });
    }
    if (total > 0) out.push({ rule: 'exposure.total', subject: 'total', value: Infinity, limit: s.limits.maxTotalExposureFraction });
  } else {
    for (const [asset, notional] of byAsset) {
      const f = notional / s.equity;
      if (f > s.limits.maxAssetExposureFraction + tol) out.push({ rule: 'exposure.asset', subject: asset, value: f, limit: s.limits.maxAssetExposureFraction });
    }
    if (total / s.equity > s.limits.maxTotalExposureFraction + tol) {
      out.push({ rule: 'exposure.total', subject: 'total', value: total / s.equity, limit: s.limits.maxTotalExposureFraction });
    }
  }
  for (const t of s.closedTrades) {
    if (t.realizedPnl < 0 && -t.realizedPnl > lossMultiple * t.plannedRisk) {
      out.push({ rule: 'loss.beyond_plan', subject: t.id, value: -t.realizedPnl, limit: lossMultiple * t.plannedRisk });
    }
  }
  for (const o of s.exchangeOrders) {
    if (!o.hasApprovedDecision) out.push({ rule: 'order.unapproved', subject: o.clientOrderId, value: 1, limit: 0 });
  }
  return out;
}
