import type { TradingState } from '../machines/trading-state';
import type { RiskLimits } from './limits';

export type Side = 'LONG' | 'SHORT';

/** What DECIDE proposes; RISK VALIDATOR approves, shrinks or rejects it. Prices in quote currency. */
export type OrderIntent = EntryIntent | ExitIntent | StopUpdateIntent;

export interface EntryIntent {
  kind: 'ENTRY';
  strategy: string;
  symbol: string;
  /** base asset, the unit of exposure per asset (BTC for BTC/USDT) */
  asset: string;
  side: Side;
  entryPrice: number;
  /** null is refused: a stop is mandatory */
  stopPrice: number | null;
  targetPrice: number | null;
  /** proposed size in base units (before the engine caps it) */
  quantity: number;
  /** margin leverage for derivatives; 1 on spot */
  leverage: number;
}

/** Close all or part of a position: always allowed unless it would increase exposure. */
export interface ExitIntent {
  kind: 'EXIT';
  positionId: string;
  quantity: number;
}

/** Move a position's stop: only towards the price (tightening), never away from it. */
export interface StopUpdateIntent {
  kind: 'STOP_UPDATE';
  positionId: string;
  newStopPrice: number;
}

export interface MarketRules {
  /** amount precision: quantities are multiples of this */
  qtyStep: number;
  minQty: number;
  minNotional: number;
  /** taker fee rate, e.g. 0.001 (10 bps); counted on entry and exit */
  feeRate: number;
}

export interface OpenPosition {
  id: string;
  symbol: string;
  asset: string;
  side: Side;
  strategy: string;
  quantity: number;
  entryPrice: number;
  markPrice: number;
  /** null only in a broken state: findViolations reports it */
  stopPrice: number | null;
}

/** An entry order resting on the exchange: counts towards exposure until it fills or is cancelled. */
export interface PendingEntry {
  symbol: string;
  asset: string;
  notional: number;
}

/** The last closed trade of a strategy, for the no-martingale rule. */
export interface LastTrade {
  isLoss: boolean;
  /** the planned risk of that trade as a fraction of equity when it was entered */
  riskFraction: number;
}

export interface AccountRiskState {
  /** bot equity: stage capital + realised and unrealised P&L since the stage began */
  equity: number;
  peakEquity: number;
  /** the pause tier's high-water mark (see RiskStateSnapshot); absent means the peak */
  pauseAnchorEquity?: number;
  dayStartEquity: number;
  tradingState: TradingState;
  isSafeMode: boolean;
  /**
   * Extreme market mode's size multiplier, in (0, 1): every entry is sized at this fraction
   * of what the other rules allow. Absent (or 1) while the mode is off.
   */
  extremeSizeMultiplier?: number;
  positions: readonly OpenPosition[];
  pendingEntries: readonly PendingEntry[];
  lastTradeByStrategy: Readonly<Record<string, LastTrade | undefined>>;
}

/** Every rule the validator can name, in the order it checks them (the Journal's rule filter lists them). */
export const RULE_IDS = [
  'safe_mode', 'trading_state', 'daily_loss', 'drawdown',
  'entry_price', 'stop.required', 'stop.side', 'reward_risk', 'leverage',
  'averaging_down', 'risk_per_trade', 'martingale', 'exposure.asset', 'exposure.total', 'extreme_mode',
  'sizing.minimum', 'equity',
  'exit.position', 'exit.quantity', 'stop_update.position', 'stop_update.direction', 'stop_update.crosses_price',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

export type RuleOutcome = 'pass' | 'shrink' | 'reject';

/**
 * One rule's verdict, as numbers; words are made only when shown (explain.ts).
 * `input` and `threshold` are in the rule's own unit (a fraction of equity, a ratio,
 * a price); `added` is what the intent adds to `input` (exposure rules), else 0;
 * `maxQty` is the size the rule allows (Infinity for a yes/no rule). Every check has
 * the same shape, which keeps the validator's hot loop monomorphic.
 */
export interface RuleCheck {
  rule: RuleId;
  outcome: RuleOutcome;
  input: number;
  added: number;
  threshold: number;
  maxQty: number;
}

export type DecisionOutcome = 'APPROVED' | 'SHRUNK' | 'REJECTED';

export interface RiskDecision {
  outcome: DecisionOutcome;
  /** approved size (0 when rejected) */
  quantity: number;
  requestedQuantity: number;
  /** the rule that rejected or shrank the intent */
  rule: RuleId | null;
  /** risk of the approved size as a fraction of equity (entries) */
  riskFraction: number;
  checks: RuleCheck[];
}

export interface ValidationInput {
  intent: OrderIntent;
  state: AccountRiskState;
  market: MarketRules;
  limits: RiskLimits;
}
