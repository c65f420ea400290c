import { median } from '@/domain/stages/promotion-gate';

/**
 * The mission's automatic rollback triggers, as pure functions of measured evidence.
 * Each reports OK, NOT_ENOUGH_DATA (never fires on a thin sample), NOT_APPLICABLE (the
 * first stage: nothing lower to roll back to) or FIRED, with the figures behind it in
 * words and numbers, so the page and the critical alert show the same evidence.
 */

export const ROLLBACK_TRIGGERS = ['sharpe_degradation', 'drawdown_beyond_max', 'slippage_increase', 'risk_violation'] as const;
export type RollbackTriggerKey = (typeof ROLLBACK_TRIGGERS)[number];
export type RollbackTriggerStatus = 'OK' | 'NOT_ENOUGH_DATA' | 'NOT_APPLICABLE' | 'FIRED';

export const TRIGGER_LIMITS = {
  /** Sharpe below the baseline by more than this fraction of it fires */
  sharpeDegradation: 0.2,
  /** both Sharpes from at least this many daily returns */
  minDailyReturns: 30,
  /** rolling median over this many of the stage's newest entry fills */
  slippageWindow: 50,
  /** the previous stage's median needs at least this many fills to be a baseline */
  minBaselineFills: 20,
  /** fires when the rolling median is more than this multiple of the baseline… */
  slippageMultiple: 2,
  /** …and above this many bps */
  slippageFloorBps: 5,
} as const;

export interface StagePerformance {
  dailyReturns: number;
  sharpe: number;
  maxDrawdown: number;
  /** entry fills' slippage in bps, oldest first (positive = paid more than the decision expected) */
  slippageBps: readonly number[];
}

export interface TriggerInput {
  stage: { ordinal: number; name: string };
  current: StagePerformance;
  /** the stage below the current one, measured over its own period (null at the first stage) */
  previous: (StagePerformance & { name: string }) | null;
  /** worst drawdowns seen before this stage: backtests of the same strategy set and earlier stages */
  drawdownHistory: readonly { source: string; maxDrawdown: number }[];
  /** risk-rule violations recorded during this stage, newest first */
  violations: readonly { rule: string; subject: string; message: string; observedAt: Date }[];
  violationCount: number;
}

export interface TriggerResult {
  trigger: RollbackTriggerKey;
  status: RollbackTriggerStatus;
  message: string;
  evidence: Record<string, unknown>;
}

const pct = (x: number) => `${(x * 100).toFixed(2)}%`;
const n2 = (x: number) => x.toFixed(2);

function firstStage(trigger: RollbackTriggerKey, stage: TriggerInput['stage']): TriggerResult {
  return { trigger, status: 'NOT_APPLICABLE', message: `${stage.name} is the first stage: there is no lower stage to roll back to`, evidence: { stage: stage.name } };
}

export function sharpeDegradation(i: TriggerInput): TriggerResult {
  const trigger = 'sharpe_degradation';
  if (!i.previous) return firstStage(trigger, i.stage);
  const min = TRIGGER_LIMITS.minDailyReturns;
  const evidence = { sharpe: i.current.sharpe, dailyReturns: i.current.dailyReturns, baselineSharpe: i.previous.sharpe, baselineDailyReturns: i.previous.dailyReturns,
    baselineStage: i.previous.name, maxDegradation: TRIGGER_LIMITS.sharpeDegradation, minDailyReturns: min };
  if (i.current.dailyReturns < min || i.previous.dailyReturns < min) {
    return { trigger, status: 'NOT_ENOUGH_DATA', evidence,
      message: `not enough data: ${i.current.dailyReturns} daily returns in ${i.stage.name} and ${i.previous.dailyReturns} in ${i.previous.name} (${min} each needed)` };
  }
  // below the baseline by more than 20% of its size (a negative baseline is degraded by going further below it)
  const floor = i.previous.sharpe - TRIGGER_LIMITS.sharpeDegradation * Math.abs(i.previous.sharpe);
  const isDegraded = i.current.sharpe < floor;
  return { trigger, status: isDegraded ? 'FIRED' : 'OK', evidence: { ...evidence, floor },
    message: `Sharpe ${n2(i.current.sharpe)} vs ${n2(i.previous.sharpe)} in ${i.previous.name} (${isDegraded ? 'below' : 'at or above'} the floor ${n2(floor)}, 20% under it)` };
}

export function drawdownBeyondMax(i: TriggerInput): TriggerResult {
  const trigger = 'drawdown_beyond_max';
  if (!i.previous) return firstStage(trigger, i.stage);
  if (!i.drawdownHistory.length) {
    return { trigger, status: 'NOT_ENOUGH_DATA', message: 'not enough data: no backtest of this strategy set and no earlier stage with an equity history', evidence: { drawdown: i.current.maxDrawdown } };
  }
  const worst = i.drawdownHistory.reduce((a, b) => (b.maxDrawdown > a.maxDrawdown ? b : a));
  const isBeyond = i.current.maxDrawdown > worst.maxDrawdown;
  return { trigger, status: isBeyond ? 'FIRED' : 'OK',
    evidence: { drawdown: i.current.maxDrawdown, historicalMax: worst.maxDrawdown, historicalMaxSource: worst.source, history: i.drawdownHistory },
    message: `drawdown ${pct(i.current.maxDrawdown)} in ${i.stage.name} vs the historical maximum ${pct(worst.maxDrawdown)} (${worst.source})` };
}

export function slippageIncrease(i: TriggerInput): TriggerResult {
  const trigger = 'slippage_increase';
  if (!i.previous) return firstStage(trigger, i.stage);
  const w = TRIGGER_LIMITS.slippageWindow;
  const recent = i.current.slippageBps.slice(-w);
  const baseline = i.previous.slippageBps.slice(-w);
  const evidence = { fills: i.current.slippageBps.length, baselineFills: i.previous.slippageBps.length, window: w, baselineStage: i.previous.name };
  if (recent.length < w || baseline.length < TRIGGER_LIMITS.minBaselineFills) {
    return { trigger, status: 'NOT_ENOUGH_DATA', evidence,
      message: `not enough data: ${recent.length} entry fills in ${i.stage.name} (${w} needed) and ${baseline.length} in ${i.previous.name} (${TRIGGER_LIMITS.minBaselineFills} needed)` };
  }
  const med = median(recent)!;
  const base = median(baseline)!;
  const isUp = med > TRIGGER_LIMITS.slippageMultiple * base && med > TRIGGER_LIMITS.slippageFloorBps;
  return { trigger, status: isUp ? 'FIRED' : 'OK', evidence: { ...evidence, medianBps: med, baselineMedianBps: base },
    message: `median slippage ${n2(med)} bps over the last ${w} fills vs ${n2(base)} bps in ${i.previous.name} (fires above ${TRIGGER_LIMITS.slippageMultiple}× and ${TRIGGER_LIMITS.slippageFloorBps} bps)` };
}

export function riskViolation(i: TriggerInput): TriggerResult {
  const trigger = 'risk_violation';
  if (!i.previous) return firstStage(trigger, i.stage);
  if (!i.violationCount) return { trigger, status: 'OK', message: `no risk-rule violation in ${i.stage.name}`, evidence: { violations: 0 } };
  const newest = i.violations[0]!;
  return { trigger, status: 'FIRED', evidence: { violations: i.violationCount, newest: i.violations.slice(0, 5).map((v) => ({ ...v, observedAt: v.observedAt.toISOString() })) },
    message: `${i.violationCount} risk-rule violation(s) in ${i.stage.name}, newest: ${newest.rule} ${newest.subject}: ${newest.message}` };
}

/** Every trigger, in a fixed order. */
export function evaluateRollbackTriggers(i: TriggerInput): TriggerResult[] {
  return [sharpeDegradation(i), drawdownBeyondMax(i), slippageIncrease(i), riskViolation(i)];
}
