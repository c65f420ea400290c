import { expect } from 'vitest';
import { DEFAULT_LIMITS, type RiskLimits } from '@/domain/risk/limits';
import type {
  AccountRiskState, EntryIntent, ExitIntent, MarketRules, OpenPosition, RiskDecision, RuleCheck, RuleId, StopUpdateIntent,
} from '@/domain/risk/types';
import { validateIntent } from '@/domain/risk/validate-intent';

/**
 * Builders for the risk engine's unit tests. The numbers are chosen so that thresholds
 * land on round figures: equity 10,000, BTC at 100, stop 5 below (risk 5 per unit,
 * no fees unless a test sets them), so 1% risk = 20 units and 30% exposure = 30 units.
 */
export const EQUITY = 10_000;

export function baseState(over: Partial<AccountRiskState> = {}): AccountRiskState {
  return {
    equity: EQUITY, peakEquity: EQUITY, dayStartEquity: EQUITY, tradingState: 'ACTIVE', isSafeMode: false,
    positions: [], pendingEntries: [], lastTradeByStrategy: {}, ...over,
  };
}

/** A market without fees and a fine step, so no rounding hides a threshold. */
export function market(over: Partial<MarketRules> = {}): MarketRules {
  return { qtyStep: 0.0001, minQty: 0.0001, minNotional: 1, feeRate: 0, ...over };
}

export function limits(over: Partial<RiskLimits> = {}): RiskLimits {
  return { ...DEFAULT_LIMITS, ...over };
}

/** Long 1 BTC at 100, stop 95 (risk 5/unit), target 110 (reward:risk 2). */
export function entry(over: Partial<EntryIntent> = {}): EntryIntent {
  return {
    kind: 'ENTRY', strategy: 'trend', symbol: 'BTC/USDT', asset: 'BTC', side: 'LONG',
    entryPrice: 100, stopPrice: 95, targetPrice: 110, quantity: 1, leverage: 1, ...over,
  };
}

/** Short 1 BTC at 100, stop 105 (risk 5/unit), target 90 (reward:risk 2). */
export function shortEntry(over: Partial<EntryIntent> = {}): EntryIntent {
  return entry({ side: 'SHORT', stopPrice: 105, targetPrice: 90, ...over });
}

export function position(over: Partial<OpenPosition> = {}): OpenPosition {
  return {
    id: 'p1', symbol: 'BTC/USDT', asset: 'BTC', side: 'LONG', strategy: 'trend',
    quantity: 1, entryPrice: 100, markPrice: 100, stopPrice: 95, ...over,
  };
}

export function exit(positionId: string, quantity: number): ExitIntent {
  return { kind: 'EXIT', positionId, quantity };
}

export function stopUpdate(positionId: string, newStopPrice: number): StopUpdateIntent {
  return { kind: 'STOP_UPDATE', positionId, newStopPrice };
}

export function validate(
  intent: EntryIntent | ExitIntent | StopUpdateIntent,
  state: AccountRiskState = baseState(),
  opts: { market?: MarketRules; limits?: RiskLimits } = {},
): RiskDecision {
  return validateIntent({ intent, state, market: opts.market ?? market(), limits: opts.limits ?? limits() });
}

/** The check a decision reports for `rule`; fails the test when it is missing. */
export function checkOf(d: RiskDecision, rule: RuleId): RuleCheck {
  const k = d.checks.find((c) => c.rule === rule);
  expect(k, `no ${rule} check in ${d.checks.map((c) => c.rule).join(', ')}`).toBeDefined();
  return k!;
}

/** Quantities on the step grid, within float noise. */
export function isMultipleOf(qty: number, step: number): boolean {
  const steps = qty / step;
  return Math.abs(steps - Math.round(steps)) < 1e-6;
}

/** A fixed instant (tests never read the wall clock). */
export const at = (iso: string) => new Date(iso);
