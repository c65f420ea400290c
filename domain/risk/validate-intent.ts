import { HARD_LIMITS } from './limits';
import { floorToStep, isAbove, isBelow } from './rounding';
import { gate } from './rules/check';
import type { EntryContext } from './rules/entry-context';
import { checkSafeMode } from './rules/safe-mode';
import { checkTradingState } from './rules/trading-state';
import { checkDailyLoss } from './rules/daily-loss';
import { checkDrawdown } from './rules/drawdown';
import { checkStopRequired, checkStopSide } from './rules/stop-loss';
import { checkRewardRisk } from './rules/reward-risk';
import { checkLeverage } from './rules/leverage';
import { checkAveragingDown } from './rules/averaging-down';
import { checkRiskPerTrade } from './rules/risk-per-trade';
import { checkMartingale } from './rules/martingale';
import { checkAssetExposure, checkTotalExposure } from './rules/exposure';
import { checkExtremeMode } from './rules/extreme-mode';
import type { EntryIntent, ExitIntent, RiskDecision, RuleCheck, StopUpdateIntent, ValidationInput } from './types';
import { lossFraction } from './loss-fraction';
import { bindingNotional, meetsMinimums } from './minimums';

/**
 * RISK VALIDATOR: the single gate every order passes. Pure: no I/O, no clock.
 * Every rule is evaluated and reported (so the journal shows all of them); the first
 * rejecting rule rejects, else the tightest size rule caps the quantity (scaled down by
 * extreme market mode while it is on), which is then rounded down to the market's step
 * and checked against its minimums.
 */
export function validateIntent(input: ValidationInput): RiskDecision {
  const { intent } = input;
  switch (intent.kind) {
    case 'ENTRY': return validateEntry(intent, input);
    case 'EXIT': return validateExit(intent, input);
    case 'STOP_UPDATE': return validateStopUpdate(intent, input);
  }
}

function rejected(rule: RuleCheck['rule'], requestedQuantity: number, checks: RuleCheck[]): RiskDecision {
  return { outcome: 'REJECTED', quantity: 0, requestedQuantity, rule, riskFraction: 0, checks };
}

function validateEntry(intent: EntryIntent, { state, market, limits }: ValidationInput): RiskDecision {
  const checks: RuleCheck[] = [];
  const equity = state.equity;
  const requested = floorToStep(intent.quantity, market.qtyStep);
  if (!(equity > 0)) {
    checks.push(gate('equity', false, equity, 0));
    return rejected('equity', intent.quantity, checks);
  }
  const { entryPrice, stopPrice } = intent;
  const hasStop = stopPrice !== null && Number.isFinite(stopPrice) && stopPrice > 0;
  const fee = market.feeRate;
  // fees on both legs, exit at the stop: the risk never rounds down
  const perUnitRisk = hasStop ? Math.abs(entryPrice - stopPrice) + (entryPrice + stopPrice) * fee : NaN;
  const drawdown = lossFraction(state.peakEquity, equity);
  const pauseDrawdown = state.pauseAnchorEquity === undefined ? drawdown : lossFraction(state.pauseAnchorEquity, equity);
  const dayLoss = lossFraction(state.dayStartEquity, equity);
  let assetExposure = 0;
  let totalExposure = 0;
  for (const p of state.positions) {
    const notional = Math.abs(p.quantity * p.markPrice);
    totalExposure += notional;
    if (p.asset === intent.asset) assetExposure += notional;
  }
  for (const o of state.pendingEntries) {
    totalExposure += o.notional;
    if (o.asset === intent.asset) assetExposure += o.notional;
  }
  const isReduced = state.tradingState === 'REDUCED' || isAbove(drawdown, limits.drawdownReduceFraction);
  const c: EntryContext = {
    intent, state, market, limits, equity, perUnitRisk, unitNotional: entryPrice, drawdown, pauseDrawdown, dayLoss, assetExposure, totalExposure,
    sizeMultiplier: isReduced ? HARD_LIMITS.reducedSizeMultiplier : 1,
  };
  // a price of 0 (or NaN) would make every exposure limit divide by zero into "unlimited"
  const hasPrice = Number.isFinite(entryPrice) && entryPrice > 0;
  checks.push(checkSafeMode(c), checkTradingState(c), checkDailyLoss(c), checkDrawdown(c),
    gate('entry_price', hasPrice, entryPrice, 0), checkStopRequired(c));
  if (!hasPrice) return rejected('entry_price', intent.quantity, checks);
  if (!hasStop) return rejected('stop.required', intent.quantity, checks);
  checks.push(checkStopSide(c), checkRewardRisk(c), checkLeverage(c), checkAveragingDown(c),
    checkRiskPerTrade(c), checkMartingale(c), checkAssetExposure(c), checkTotalExposure(c));

  let rejectRule: RuleCheck['rule'] | null = null;
  let binding = -1;
  let capQty = requested;
  for (let i = 0; i < checks.length; i++) {
    const k = checks[i]!;
    if (k.outcome === 'reject') {
      rejectRule ??= k.rule;
    } else if (k.maxQty < capQty) {
      capQty = k.maxQty;
      binding = i;
    }
  }
  // extreme market mode scales what all the other rules allow, so it is applied last
  const extreme = checkExtremeMode(state.extremeSizeMultiplier, capQty);
  if (extreme) {
    checks.push(extreme);
    if (extreme.outcome === 'reject') rejectRule ??= extreme.rule;
    else if (extreme.maxQty < capQty) { capQty = extreme.maxQty; binding = checks.length - 1; }
  }
  if (rejectRule) return rejected(rejectRule, intent.quantity, checks);

  // no rule binding: the request, already on the step grid, is the size (never rounded twice)
  const qty = binding >= 0 ? floorToStep(capQty, market.qtyStep) : requested;
  const notional = bindingNotional(qty, entryPrice, stopPrice!, market);
  // the minimums on the way in and at the stop on the way out (the stop exists: checked above)
  const meets = (q: number) => meetsMinimums(q, entryPrice, stopPrice!, market);
  const meetsMinimum = meets(qty);
  checks.push(gate('sizing.minimum', meetsMinimum, notional, market.minNotional));
  if (!meetsMinimum) {
    // the request met the minimum but a limit left too little room: that limit is the reason
    if (binding >= 0 && meets(requested)) {
      checks[binding]!.outcome = 'reject';
      return rejected(checks[binding]!.rule, intent.quantity, checks);
    }
    return rejected('sizing.minimum', intent.quantity, checks);
  }
  if (binding >= 0 && qty < requested) checks[binding]!.outcome = 'shrink';
  const isShrunk = binding >= 0 && qty < requested;
  return {
    outcome: isShrunk ? 'SHRUNK' : 'APPROVED', quantity: qty, requestedQuantity: intent.quantity,
    rule: isShrunk ? checks[binding]!.rule : null, riskFraction: (qty * perUnitRisk) / equity, checks,
  };
}

/** Closing all or part of a position reduces risk: allowed in every state, unless it would flip the position. */
function validateExit(intent: ExitIntent, { state, market }: ValidationInput): RiskDecision {
  const p = state.positions.find((x) => x.id === intent.positionId);
  const checks = [gate('exit.position', p !== undefined, p ? 1 : 0, 1)];
  if (!p) return rejected('exit.position', intent.quantity, checks);
  const isNumber = Number.isFinite(intent.quantity) && intent.quantity > 0;
  const isWhole = isNumber && !isBelow(intent.quantity, p.quantity) && !isAbove(intent.quantity, p.quantity);
  const qty = isWhole ? p.quantity : floorToStep(intent.quantity, market.qtyStep);
  const isOk = isNumber && qty > 0 && !isAbove(qty, p.quantity);
  checks.push(gate('exit.quantity', isOk, intent.quantity, p.quantity));
  if (!isOk) return rejected('exit.quantity', intent.quantity, checks);
  return { outcome: 'APPROVED', quantity: qty, requestedQuantity: intent.quantity, rule: null, riskFraction: 0, checks };
}

/** A stop may only move towards the price (tighten), and not past it. */
function validateStopUpdate(intent: StopUpdateIntent, { state }: ValidationInput): RiskDecision {
  const p = state.positions.find((x) => x.id === intent.positionId);
  const checks = [gate('stop_update.position', p !== undefined, p ? 1 : 0, 1)];
  if (!p) return rejected('stop_update.position', 0, checks);
  const next = intent.newStopPrice;
  const isLong = p.side === 'LONG';
  const isValid = Number.isFinite(next) && next > 0;
  const isTighter = isValid && (p.stopPrice === null || (isLong ? !isBelow(next, p.stopPrice) : !isAbove(next, p.stopPrice)));
  checks.push(gate('stop_update.direction', isTighter, next, p.stopPrice ?? (isLong ? 0 : Infinity)));
  const isOnLosingSide = isValid && (isLong ? next < p.markPrice : next > p.markPrice);
  checks.push(gate('stop_update.crosses_price', isOnLosingSide, next, p.markPrice));
  const rule = !isTighter ? 'stop_update.direction' : !isOnLosingSide ? 'stop_update.crosses_price' : null;
  if (rule) return rejected(rule, 0, checks);
  return { outcome: 'APPROVED', quantity: p.quantity, requestedQuantity: p.quantity, rule: null, riskFraction: 0, checks };
}
