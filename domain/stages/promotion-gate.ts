import { CHECKLIST_ITEMS, type ChecklistKey } from './checklist-items';
import { isModeAllowed, type StageMode } from './default-stages';

/**
 * The promotion gate, as pure functions: the criteria to leave a stage computed from
 * measured evidence (never typed in), the checklist items the next stage needs, and the
 * trading mode. Each criterion reports its value, threshold and sample size; one that
 * lacks its minimum sample reads "insufficient", never "met"; one whose measurement
 * arrives with a later part of the product reads "not_verifiable", never "met".
 */

export type CriterionStatus = 'met' | 'not_met' | 'insufficient' | 'not_verifiable';

export interface Criterion {
  key: string;
  label: string;
  status: CriterionStatus;
  /** the measured value in words ("1.24", "6.1%", "3 restarts"), or null when there is none */
  value: string | null;
  threshold: string;
  /** what the value was measured on ("42 daily returns") */
  sample: string;
  /** where the rows behind it are: a dashboard path */
  source: { label: string; href: string };
}

/** Measured during the current stage (since it began). */
export interface StageEvidence {
  /** daily returns of the stage's equity, Sharpe and max drawdown computed by the metrics functions */
  dailyReturns: number;
  sharpe: number;
  maxDrawdown: number;
  /** closed trades in order; expectancy of the first and second half */
  trades: number;
  firstHalfExpectancy: number;
  secondHalfExpectancy: number;
  /** RiskViolation rows recorded during the stage */
  violations: number;
  /** fills of entries: slippage against the price the decision expected, in bps (positive = paid more) */
  slippageBps: readonly number[];
  /** the same figures of the paper stage, for "live matches paper" (null: no paper history) */
  paper: { dailyReturns: number; sharpe: number; expectancy: number } | null;
  expectancy: number;
  /** worker restarts and heartbeat gaps counted from the heartbeat history; SYSTEM errors from the journal */
  restarts: number;
  heartbeatGaps: number;
  systemErrors: number;
  /** days of the stage so far */
  days: number;
  /** closed trades by the regime RESEARCH labelled their entry with */
  regimes: readonly { regime: string; trades: number; expectancy: number }[];
  /** risk events handled during the stage (shrinks, halts, pauses) */
  riskEvents: number;
}

export const CRITERIA_MINIMUMS = { dailyReturns: 30, trades: 100, regimeTrades: 20, slippageFills: 20, stableDays: 7, comparisonWithin: 0.2 } as const;
export const REGIMES = ['up', 'down', 'range', 'high_volatility'] as const;
export type RegimeLabel = (typeof REGIMES)[number];
/** a volatility percentile at or above this labels the entry "high volatility", whatever the trend */
export const HIGH_VOLATILITY_PERCENTILE = 0.9;

/** The regime a trade entered in, from RESEARCH's context stored with its decision (null: none stored). */
export function tradeRegime(research: { regime?: string | null; volatilityPercentile?: number | null } | null): RegimeLabel | null {
  if (!research?.regime) return null;
  if ((research.volatilityPercentile ?? 0) >= HIGH_VOLATILITY_PERCENTILE) return 'high_volatility';
  return research.regime === 'up' || research.regime === 'down' || research.regime === 'range' ? research.regime : null;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const n2 = (x: number) => x.toFixed(2);

export function median(xs: readonly number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** within `tol` of the reference, relative (a reference of 0 needs the value within tol absolute) */
const within = (x: number, ref: number, tol: number) => Math.abs(x - ref) <= tol * Math.max(Math.abs(ref), 1e-9) || (ref === 0 && Math.abs(x) <= tol);

const PERF = { label: 'Performance', href: '/performance' };
const TRADES = { label: 'Closed trades', href: '/positions' };
const VIOLATIONS = { label: 'Risk history', href: '/risk' };
const FILLS = { label: 'Fill journal', href: '/journal?kind=FILL' };
const WORKERS = { label: 'Workers', href: '/' };
const DECISIONS = { label: 'Shrunk and rejected decisions', href: '/journal?kind=DECISION' };

function paperCriteria(e: StageEvidence): Criterion[] {
  const hasDays = e.dailyReturns >= CRITERIA_MINIMUMS.dailyReturns;
  const days = `${e.dailyReturns} daily returns (min ${CRITERIA_MINIMUMS.dailyReturns})`;
  const bothHalves = e.firstHalfExpectancy > 0 && e.secondHalfExpectancy > 0;
  return [
    { key: 'sharpe', label: 'Sharpe ratio', status: !hasDays ? 'insufficient' : e.sharpe > 1 ? 'met' : 'not_met', value: n2(e.sharpe), threshold: '> 1.00', sample: days, source: PERF },
    { key: 'max_drawdown', label: 'Max drawdown', status: !hasDays ? 'insufficient' : e.maxDrawdown < 0.08 ? 'met' : 'not_met', value: pct(e.maxDrawdown), threshold: '< 8.0%', sample: days, source: PERF },
    { key: 'violations', label: 'No risk-rule violations', status: e.violations === 0 ? 'met' : 'not_met', value: String(e.violations), threshold: '0', sample: 'the whole stage', source: VIOLATIONS },
    { key: 'stable_trades', label: 'Stable over 100+ trades', status: e.trades < CRITERIA_MINIMUMS.trades ? 'insufficient' : bothHalves ? 'met' : 'not_met',
      value: `${e.trades} trades; expectancy ${n2(e.firstHalfExpectancy)} then ${n2(e.secondHalfExpectancy)}`, threshold: '≥ 100 trades, both halves > 0',
      sample: `${e.trades} closed trades`, source: TRADES },
  ];
}

function stabilityCriterion(e: StageEvidence, key: string, label: string): Criterion {
  const count = e.restarts + e.heartbeatGaps + e.systemErrors;
  return {
    key, label, status: e.days < CRITERIA_MINIMUMS.stableDays ? 'insufficient' : count === 0 ? 'met' : 'not_met',
    value: `${e.restarts} restarts, ${e.heartbeatGaps} heartbeat gaps, ${e.systemErrors} errors`, threshold: '0 of each',
    sample: `${e.days} days (min ${CRITERIA_MINIMUMS.stableDays})`, source: WORKERS,
  };
}

function smallLiveCriteria(e: StageEvidence): Criterion[] {
  const slip = median(e.slippageBps.slice(-100));
  const p = e.paper;
  const hasBoth = p !== null && p.dailyReturns >= CRITERIA_MINIMUMS.dailyReturns && e.dailyReturns >= CRITERIA_MINIMUMS.dailyReturns;
  const matches = p !== null && within(e.sharpe, p.sharpe, CRITERIA_MINIMUMS.comparisonWithin) && within(e.expectancy, p.expectancy, CRITERIA_MINIMUMS.comparisonWithin);
  return [
    { key: 'matches_paper', label: 'Performance matches paper', status: !hasBoth ? 'insufficient' : matches ? 'met' : 'not_met',
      value: p ? `Sharpe ${n2(e.sharpe)} vs ${n2(p.sharpe)}; expectancy ${n2(e.expectancy)} vs ${n2(p.expectancy)}` : 'no paper history',
      threshold: 'Sharpe and expectancy within 20% of paper', sample: `${e.dailyReturns} live and ${p?.dailyReturns ?? 0} paper daily returns (min 30 each)`, source: PERF },
    { key: 'slippage', label: 'Slippage', status: e.slippageBps.length < CRITERIA_MINIMUMS.slippageFills ? 'insufficient' : slip! < 5 ? 'met' : 'not_met',
      value: slip === null ? null : `${slip.toFixed(2)} bps median`, threshold: '< 5 bps (rolling median of the last 100 fills)',
      sample: `${e.slippageBps.length} fills (min ${CRITERIA_MINIMUMS.slippageFills})`, source: FILLS },
    stabilityCriterion(e, 'no_errors', 'No system errors or crashes'),
    { key: 'risk_rules', label: 'Risk rules functioning', status: e.violations === 0 ? 'met' : 'not_met', value: `${e.violations} violations`, threshold: '0',
      sample: 'the whole stage', source: VIOLATIONS },
  ];
}

function mediumLiveCriteria(e: StageEvidence): Criterion[] {
  const byRegime = REGIMES.map((r) => e.regimes.find((x) => x.regime === r) ?? { regime: r, trades: 0, expectancy: 0 });
  const isShort = byRegime.some((r) => r.trades < CRITERIA_MINIMUMS.regimeTrades);
  const isConsistent = byRegime.every((r) => r.expectancy >= 0);
  return [
    { key: 'regimes', label: 'Consistent across market conditions', status: isShort ? 'insufficient' : isConsistent ? 'met' : 'not_met',
      value: byRegime.map((r) => `${r.regime.replace('_', ' ')} ${r.trades} trades, ${n2(r.expectancy)}`).join('; '),
      threshold: 'each regime: expectancy ≥ 0', sample: `min ${CRITERIA_MINIMUMS.regimeTrades} trades per regime`, source: TRADES },
    { key: 'stress', label: 'Risk management under stress', status: e.riskEvents === 0 ? 'insufficient' : e.violations === 0 ? 'met' : 'not_met',
      value: `${e.riskEvents} risk events handled, ${e.violations} violations`, threshold: 'at least one risk event, 0 violations', sample: 'the whole stage', source: DECISIONS },
    stabilityCriterion(e, 'stability', 'Stability'),
    ...(['metrics scraped', 'alert channels tested in the last 7 days', 'a backup younger than 7 days that restores', 'emergency procedures documented'] as const).map((what, k): Criterion => ({
      key: `monitoring_${k}`, label: `Monitoring: ${what}`, status: 'not_verifiable', value: null, threshold: 'verified by the system',
      sample: 'arrives with monitoring and alerts', source: { label: 'Alerts', href: '/alerts' },
    })),
  ];
}

/** The criteria to leave stage `ordinal` (1 paper, 2 small live, 3 medium live); the last stage has none. */
export function stageCriteria(ordinal: number, e: StageEvidence): Criterion[] {
  return ordinal === 1 ? paperCriteria(e) : ordinal === 2 ? smallLiveCriteria(e) : ordinal === 3 ? mediumLiveCriteria(e) : [];
}

export type CheckStatus = 'verified' | 'failed' | 'not_verifiable';
export interface AutoCheck { status: CheckStatus; evidence: string; checkedAt: Date }
export interface ChecklistState {
  key: ChecklistKey;
  isAutomatic: boolean;
  requiredFor: number;
  /** automatic items: the system's check */
  check?: AutoCheck;
  /** manual items: the live tick (not revoked) */
  tick?: { by: string; at: Date } | null;
}

export const isItemComplete = (i: ChecklistState) => (i.isAutomatic ? i.check?.status === 'verified' : !!i.tick);

export interface GateInput {
  current: { ordinal: number; name: string };
  next: { ordinal: number; name: string; mode: StageMode } | null;
  tradingMode: StageMode;
  criteria: readonly Criterion[];
  checklist: readonly ChecklistState[];
  /**
   * The account's active exchange key as the exchange last described it (null: no key).
   * Read from its row, never from the checklist's checks, so no stubbed or stale check can
   * let a key that may withdraw reach real money. Absent: not evaluated (pure unit tests).
   */
  exchangeKey?: ExchangeKeyState | null;
}

export interface ExchangeKeyState {
  keyLast4: string;
  /** when the exchange last accepted it (null: never verified) */
  verifiedAt: Date | null;
  /** the exchange's API-key restrictions; null: unknown (not verified, or unreadable) */
  hasWithdrawPermission: boolean | null;
}

/**
 * Stages beyond paper trade real money: the key must be known NOT to withdraw. Unknown
 * counts as "may withdraw" (fail closed): a key never verified, or whose restrictions the
 * exchange did not return, could drain the account if it leaked. Null: nothing blocks.
 */
export function withdrawalBlock(nextOrdinal: number, key: ExchangeKeyState | null): string | null {
  if (nextOrdinal < 2) return null;
  const fix = 'rotate it in Settings → Exchange keys to a key with withdrawals disabled';
  if (!key) return 'Exchange key: the account has no exchange key; enter a trade-only key in Settings → Exchange keys';
  if (key.verifiedAt && key.hasWithdrawPermission === false) return null;
  if (key.hasWithdrawPermission === true) return `Exchange key …${key.keyLast4} CAN WITHDRAW: promotion beyond paper is refused; ${fix}`;
  return `Exchange key …${key.keyLast4}: withdrawal permission unknown (${key.verifiedAt ? 'the exchange did not return its restrictions' : 'never verified'}); promotion beyond paper needs it verified as unable to withdraw (Settings → Verify, or ${fix})`;
}

export interface Gate {
  canPromote: boolean;
  /** why not, in the order an operator would fix them */
  reasons: string[];
}

/** Promotion needs every criterion met, every checklist item the next stage needs complete, and a TRADING_MODE that allows the next stage. */
export function promotionGate(g: GateInput): Gate {
  if (!g.next) return { canPromote: false, reasons: [`${g.current.name} is the last stage`] };
  const next = g.next;
  const reasons: string[] = [];
  if (!isModeAllowed(next.mode, g.tradingMode)) {
    reasons.push(`${next.name} trades ${next.mode.toLowerCase()}: the worker runs with TRADING_MODE=${g.tradingMode.toLowerCase()}`);
  }
  const keyBlock = g.exchangeKey === undefined ? null : withdrawalBlock(next.ordinal, g.exchangeKey);
  if (keyBlock) reasons.push(keyBlock);
  for (const c of g.criteria) {
    if (c.status === 'met') continue;
    const why = c.status === 'insufficient' ? `not enough data yet (${c.sample})` : c.status === 'not_verifiable' ? 'not verifiable yet' : `${c.value ?? 'no value'} (needs ${c.threshold})`;
    reasons.push(`${c.label}: ${why}`);
  }
  const titles = new Map<string, string>(CHECKLIST_ITEMS.map(([key, , title]) => [key, title]));
  for (const i of g.checklist) {
    if (i.requiredFor > next.ordinal || isItemComplete(i)) continue;
    const title = titles.get(i.key) ?? i.key;
    reasons.push(`Checklist: ${title} — ${i.isAutomatic ? (i.check?.status === 'not_verifiable' ? 'not verifiable yet' : `check failed${i.check ? `: ${i.check.evidence}` : ''}`) : 'not ticked'}`);
  }
  return { canPromote: reasons.length === 0, reasons };
}
