import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TradingState } from '@/domain/machines/trading-state';
import { findViolations } from '@/domain/risk/find-violations';
import { HARD_LIMITS, type RiskLimits } from '@/domain/risk/limits';
import { resolveLimits, riskConfigSchema } from '@/domain/risk/risk-config';
import { floorToStep } from '@/domain/risk/rounding';
import { sizePosition } from '@/domain/risk/size-position';
import { validateIntent } from '@/domain/risk/validate-intent';
import type { EntryIntent, MarketRules, RiskDecision, RuleId, Side } from '@/domain/risk/types';
import { AccountSim, type SimSymbol } from './simulation.property-support';

/*
 * Long random sequences of intents, fills, price moves (with gaps), stop and target hits,
 * exits, stop updates, day changes, safe mode, stage changes and lock resets against a
 * simulated account; every invariant of the mission's risk rules is checked after every
 * step. Thresholds pass at equality and the engine absorbs float noise with a relative
 * 1e-9 (rounding.ts), so "≤ limit" reads "≤ limit × (1 + 2e-9)"; a size may exceed the
 * request only by float noise (1e-9 of a step, or the 15th significant digit), never a step.
 */
const SLACK = 2e-9;
const atMost = (value: number, limit: number) => value <= limit + Math.abs(limit) * SLACK;
const above = (value: number, limit: number) => value > limit + Math.abs(limit) * 1e-9;
const isStepMultiple = (q: number, step: number) => { const k = q / step; return Math.abs(k - Math.round(k)) <= 1e-9 + k * 1e-14; };

function invariant(ok: boolean, message: string, details?: unknown): asserts ok {
  if (!ok) throw new Error(`${message}${details === undefined ? '' : `: ${JSON.stringify(details)}`}`);
}

const REASON = 'reviewed after the quarterly drawdown report';
const ASSETS = ['BTC', 'ETH', 'SOL'] as const;
const SYMBOLS = [['BTC/USDT', 'BTC'], ['ETH/USDT', 'ETH'], ['SOL/USDT', 'SOL'], ['BTC/USDC', 'BTC']] as const;
const STRATEGIES = ['trend', 'breakout', 'mean-revert'] as const;
const ENTRY_RULES: RuleId[] = ['safe_mode', 'trading_state', 'daily_loss', 'drawdown', 'stop.required', 'stop.side', 'reward_risk', 'leverage',
  'averaging_down', 'risk_per_trade', 'martingale', 'exposure.asset', 'exposure.total', 'sizing.minimum'];

/** Uniform over [min, max] (fc.double leans hard towards 0 and the bounds, which would leave most intents absurd). */
const real = (min: number, max: number) => fc.integer({ min: 0, max: 1 << 30 }).map((i) => min + ((max - min) * i) / (1 << 30));

// ── configurations: the defaults, risk per trade raised to the 2% maximum, and random tightenings (all through the schema)
const limitsFrom = (config: unknown): RiskLimits => resolveLimits(riskConfigSchema.parse(config));
const tightenedLimitsArb = fc.record({
  risk: real(0.001, 0.02), asset: real(0.02, 0.3), total: real(0, 1),
  leverage: real(1, 2), daily: real(0.005, 0.05), lock: real(0.03, 0.2),
  pause: real(0.3, 0.95), reduce: real(0.2, 0.9), rr: real(1.5, 4),
}).map((c) => {
  const pause = Math.min(HARD_LIMITS.drawdownPauseFraction, c.lock * c.pause);
  return limitsFrom({
    riskPerTradeFraction: c.risk, riskPerTradeReason: REASON, maxAssetExposureFraction: c.asset,
    maxTotalExposureFraction: c.asset + c.total * (HARD_LIMITS.maxTotalExposureFraction - c.asset), maxLeverage: c.leverage,
    dailyLossFraction: c.daily, drawdownLockFraction: c.lock, drawdownPauseFraction: pause,
    drawdownReduceFraction: Math.min(HARD_LIMITS.drawdownReduceFraction, pause * c.reduce), minRewardRisk: c.rr,
  });
});

const marketArb: fc.Arbitrary<MarketRules> = fc.record({
  qtyStep: fc.constantFrom(1e-8, 1e-6, 1e-5, 1e-4, 0.001, 0.003, 0.01, 0.1),
  minQtySteps: fc.constantFrom(1, 10),
  minNotional: fc.constantFrom(0, 1, 5, 10),
  feeRate: fc.constantFrom(0, 0.00075, 0.001, 0.002),
}).map(({ minQtySteps, ...m }) => ({ ...m, minQty: m.qtyStep * minQtySteps }));

// ── steps: parameters are resolved against the account when the step runs (`pick` chooses among what exists)
const pick = fc.nat();
const entryArb = fc.record({
  kind: fc.constant('entry' as const), strategy: fc.nat({ max: 2 }), symbol: fc.nat({ max: 3 }), side: fc.constantFrom<Side>('LONG', 'SHORT'),
  // entry = mark × (1 + offset); the absurd ones give a zero, negative, NaN or infinite price
  offset: fc.oneof({ weight: 20, arbitrary: real(-0.03, 0.03) }, { weight: 1, arbitrary: fc.constantFrom(-1, -2, 5, NaN, Infinity) }),
  // stop distance as a fraction of entry, on the losing side; absurd: none, at the entry, wrong side, at/through zero, NaN, infinite
  stop: fc.oneof({ weight: 20, arbitrary: real(0.0005, 0.2) }, { weight: 1, arbitrary: fc.constantFrom(null, 0, -0.05, 1, 2, NaN, Infinity) }),
  // target at rr × the stop distance, or none, or on the wrong side
  rr: fc.oneof({ weight: 20, arbitrary: real(1, 6) }, { weight: 1, arbitrary: fc.constantFrom(null, 0, -1, NaN) }),
  size: fc.oneof(
    { weight: 4, arbitrary: fc.record({ mode: fc.constant('risk' as const), value: real(0.0005, 0.03) }) },
    { weight: 2, arbitrary: fc.record({ mode: fc.constant('notional' as const), value: real(0, 0.8) }) },
    { weight: 1, arbitrary: fc.record({ mode: fc.constant('raw' as const), value: fc.constantFrom(0, -1, NaN, Infinity, 1e12, 1e-12, Number.MAX_VALUE, Number.MIN_VALUE) }) },
  ),
  leverage: fc.oneof({ weight: 12, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(1.5, 2, 2.0000001, 3, 0.5, 0, NaN, Infinity) }),
});
const stepArb = fc.oneof(
  { weight: 6, arbitrary: entryArb },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('fill' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick }) },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('move' as const), asset: fc.nat({ max: 2 }), isGap: fc.boolean(), minutes: fc.integer({ min: 1, max: 720 }),
    change: fc.oneof({ weight: 7, arbitrary: real(-0.08, 0.08) }, { weight: 2, arbitrary: real(-0.25, 0.25) }, { weight: 1, arbitrary: real(-0.6, 0.6) }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stopHit' as const), pick, gap: fc.oneof(fc.constant(0), real(0, 0.3)) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('targetHit' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('exit' as const), pick,
    fraction: fc.oneof(fc.constant(1), real(0.05, 1), fc.constantFrom(1.5, 0, -1, NaN)) }) },
  // new stop = stop + t × (mark − stop): t in [0, 1) tightens, < 0 loosens, ≥ 1 crosses the price
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('stopUpdate' as const), pick, t: real(-0.5, 1.3) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('day' as const), offsetMinutes: fc.integer({ min: 0, max: 1439 }) }) },
  // prices unchanged for hours or days: lets a drawdown pause reach its cool-off
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('wait' as const), hours: fc.integer({ min: 1, max: 168 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('safeMode' as const), isOn: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stage' as const), capital: real(100, 1_000_000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reset' as const), hasReason: fc.boolean() }) },
);
type Step = typeof stepArb extends fc.Arbitrary<infer S> ? S : never;
type EntryStep = Extract<Step, { kind: 'entry' }>;

const scenarioArb = (limitsArb: fc.Arbitrary<RiskLimits>) => fc.record({
  limits: limitsArb,
  capital: real(1_000, 1_000_000),
  prices: fc.tuple(real(20_000, 100_000), real(500, 5_000), real(5, 300)),
  markets: fc.tuple(marketArb, marketArb, marketArb, marketArb),
  startMs: fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2026, 0, 1) }),
  steps: fc.array(stepArb, { minLength: 20, maxLength: 60, size: 'max' }),
});
type Scenario = typeof scenarioArb extends (a: never) => fc.Arbitrary<infer S> ? S : never;

const coverage = { approved: 0, shrunk: 0, fills: 0, closedLosses: 0, locks: 0, resets: 0, halts: 0, reducedEntries: 0, martingaleCapped: 0, rebasedFromTier: 0, reducingWhileBlocked: 0, cooledOff: 0 };

function buildEntry(s: EntryStep, sim: AccountSim, sym: SimSymbol): EntryIntent {
  const mark = sim.prices[sym.asset]!;
  const entryPrice = mark * (1 + s.offset);
  const away = s.side === 'LONG' ? -1 : 1;
  // an absurd entry price still gets a plausible stop, so the other rules see it
  const stopPrice = s.stop === null ? null : (Number.isFinite(entryPrice) && entryPrice > 0 ? entryPrice : mark) * (1 + away * s.stop);
  const targetPrice = s.rr === null || stopPrice === null ? null : entryPrice - s.rr * (stopPrice - entryPrice);
  let quantity = s.size.value;
  if (s.size.mode === 'notional') quantity = (s.size.value * sim.equity) / entryPrice;
  if (s.size.mode === 'risk') {
    const sized = sizePosition({ equity: sim.equity, riskFraction: s.size.value, entryPrice, stopPrice: stopPrice ?? NaN, market: sym.market });
    quantity = sized.quantity;
    if (sized.ok && sim.equity > 0 && entryPrice > 0) {
      invariant(atMost(sized.riskAmount, sim.equity * s.size.value) && isStepMultiple(sized.quantity, sym.market.qtyStep), 'sizePosition over-sized', sized);
    }
  }
  return { kind: 'ENTRY', strategy: STRATEGIES[s.strategy]!, symbol: sym.symbol, asset: sym.asset, side: s.side, entryPrice, stopPrice, targetPrice, quantity, leverage: s.leverage };
}

/** Every guarantee an approved (or shrunk) entry must satisfy, from the account as the validator saw it. */
function checkEntry(sim: AccountSim, intent: EntryIntent, market: MarketRules, d: RiskDecision, pre: { equity: number; state: TradingState; isSafeMode: boolean; asset: number; total: number; averagingDown: boolean }) {
  const { limits } = sim;
  const ctx = { intent, market, decision: { outcome: d.outcome, quantity: d.quantity, rule: d.rule, riskFraction: d.riskFraction }, pre, limits };
  invariant(d.outcome === 'REJECTED' || d.quantity <= intent.quantity + market.qtyStep * 1e-9 + intent.quantity * 1e-15, 'a decision grew the size', ctx);
  if (d.outcome === 'REJECTED') return;
  const { drawdown, pauseDrawdown, dayLoss } = losses(sim, pre.equity);
  invariant(pre.state === 'ACTIVE' || pre.state === 'REDUCED', `entry approved while ${pre.state}`, ctx);
  invariant(!pre.isSafeMode, 'entry approved in safe mode', ctx);
  invariant(!above(drawdown, limits.drawdownLockFraction), 'entry approved beyond the lock tier', ctx);
  invariant(!above(pauseDrawdown, limits.drawdownPauseFraction) && !above(dayLoss, limits.dailyLossFraction), 'entry approved beyond a drawdown or daily-loss limit', ctx);
  invariant(ENTRY_RULES.every((r) => d.checks.some((k) => k.rule === r)), 'not every rule was evaluated', d.checks);
  const { entryPrice: e, stopPrice: s, targetPrice: t } = intent;
  invariant(Number.isFinite(e) && e > 0, 'entry approved at a non-positive or non-finite price', ctx);
  invariant(s !== null && Number.isFinite(s) && s > 0 && (intent.side === 'LONG' ? s < e : s > e), 'entry approved without a valid stop', ctx);
  const q = d.quantity;
  invariant(q > 0 && isStepMultiple(q, market.qtyStep) && atMost(q, floorToStep(intent.quantity, market.qtyStep)), 'approved size is not a step multiple within the request', ctx);
  invariant(!above(market.minQty, q) && !above(market.minNotional, q * e), 'approved size below the market minimum', ctx);
  invariant(d.outcome === 'SHRUNK' ? d.rule !== null && q < floorToStep(intent.quantity, market.qtyStep) : q === floorToStep(intent.quantity, market.qtyStep), 'outcome does not match the size', ctx);
  const perUnitRisk = Math.abs(e - s) + (e + s) * market.feeRate;
  const risk = (q * perUnitRisk) / pre.equity;
  const isReduced = pre.state === 'REDUCED' || above(drawdown, limits.drawdownReduceFraction);
  if (isReduced) coverage.reducedEntries++;
  invariant(Math.abs(risk - d.riskFraction) <= risk * 1e-12, 'reported risk differs from the approved size', { ...ctx, risk });
  invariant(limits.riskPerTradeFraction <= HARD_LIMITS.riskPerTradeAbsoluteMax && atMost(risk, limits.riskPerTradeFraction * (isReduced ? 0.5 : 1)), 'risk per trade above the limit', { ...ctx, risk });
  invariant(limits.maxAssetExposureFraction <= 0.3 && atMost((pre.asset + q * e) / pre.equity, limits.maxAssetExposureFraction), 'asset exposure above the cap', ctx);
  invariant(limits.maxTotalExposureFraction <= 0.5 && atMost((pre.total + q * e) / pre.equity, limits.maxTotalExposureFraction), 'total exposure above the cap', ctx);
  const last = sim.lastTradeByStrategy[intent.strategy];
  if (last?.isLoss) {
    coverage.martingaleCapped++;
    invariant(atMost(risk, last.riskFraction), 'size increased after a loss', { ...ctx, risk, last });
  }
  invariant(Number.isFinite(intent.leverage) && intent.leverage >= 1 && atMost(intent.leverage, limits.maxLeverage) && limits.maxLeverage <= 2, 'leverage above the limit', ctx);
  const reward = t === null ? NaN : (intent.side === 'LONG' ? t - e : e - t) - (e + t) * market.feeRate;
  invariant(reward / perUnitRisk >= limits.minRewardRisk * (1 - 1e-9), 'reward:risk below the minimum', ctx);
  invariant(!pre.averagingDown, 'entry adds to a losing position', ctx);
}

/** Drawdown from peak and loss since the day's start; a base at or below zero (the bot lost all its capital) measures no loss from it. */
function losses(sim: AccountSim, equity: number) {
  return {
    drawdown: sim.peakEquity > 0 ? Math.max(0, (sim.peakEquity - equity) / sim.peakEquity) : 0,
    pauseDrawdown: sim.pauseAnchorEquity > 0 ? Math.max(0, (sim.pauseAnchorEquity - equity) / sim.pauseAnchorEquity) : 0,
    dayLoss: sim.dayStartEquity > 0 ? Math.max(0, (sim.dayStartEquity - equity) / sim.dayStartEquity) : 0,
  };
}

function exposure(sim: AccountSim, asset: string) {
  let a = 0;
  let total = 0;
  for (const p of sim.positions) {
    const n = Math.abs(p.quantity * p.markPrice);
    total += n;
    if (p.asset === asset) a += n;
  }
  for (const o of sim.pending) {
    total += o.notional;
    if (o.asset === asset) a += o.notional;
  }
  return { asset: a, total };
}

function runStep(sim: AccountSim, step: Step, symbols: readonly SimSymbol[]) {
  const before = sim.tradingState;
  const { limits } = sim;
  let resetOk = false;
  const isBlocked = sim.isSafeMode || (before !== 'ACTIVE' && before !== 'REDUCED');
  const position = 'pick' in step && sim.positions.length > 0 ? sim.positions[step.pick % sim.positions.length] : undefined;
  switch (step.kind) {
    case 'entry': {
      const sym = symbols[step.symbol]!;
      const intent = buildEntry(step, sim, sym);
      const averagingDown = sim.positions.some((p) => p.symbol === intent.symbol && p.side === intent.side && (p.side === 'LONG' ? p.markPrice < p.entryPrice : p.markPrice > p.entryPrice));
      const pre = { equity: sim.equity, state: sim.tradingState, isSafeMode: sim.isSafeMode, ...exposure(sim, sym.asset), averagingDown };
      const d = sim.submitEntry(intent);
      checkEntry(sim, intent, sym.market, d, pre);
      if (d.outcome === 'APPROVED') coverage.approved++;
      if (d.outcome === 'SHRUNK') coverage.shrunk++;
      break;
    }
    case 'fill': if (sim.pending.length > 0) { sim.fill(step.pick % sim.pending.length); coverage.fills++; } break;
    case 'cancel': if (sim.pending.length > 0) sim.cancel(step.pick % sim.pending.length); break;
    case 'move': {
      const asset = ASSETS[step.asset]!;
      sim.advance(step.minutes);
      sim.setPrice(asset, sim.prices[asset]! * (1 + step.change), step.isGap);
      break;
    }
    case 'stopHit':
      if (position?.stopPrice != null) sim.setPrice(position.asset, position.stopPrice * (1 + (position.side === 'LONG' ? -step.gap : step.gap)), step.gap > 0);
      break;
    case 'targetHit': if (position?.targetPrice != null) sim.setPrice(position.asset, position.targetPrice, false); break;
    case 'exit': {
      if (!position) break;
      const held = position.quantity;
      const d = sim.exit(position, step.fraction === 1 ? held : held * step.fraction);
      // closing is risk-reducing: it passes in every state, safe mode included
      invariant(step.fraction !== 1 || (d.outcome === 'APPROVED' && d.quantity === held), `a whole exit was refused while ${before}`, d);
      invariant(d.outcome === 'REJECTED' || (d.quantity > 0 && atMost(d.quantity, held)), 'exit larger than the position', { held, decision: d });
      if (d.outcome !== 'REJECTED' && isBlocked) coverage.reducingWhileBlocked++;
      break;
    }
    case 'stopUpdate': {
      if (!position || position.stopPrice === null) break;
      const old = position.stopPrice;
      const next = old + step.t * (position.markPrice - old);
      const isLong = position.side === 'LONG';
      const d = sim.updateStop(position, next);
      const isTighter = isLong ? next >= old : next <= old;
      const isLosingSide = isLong ? next < position.markPrice : next > position.markPrice;
      invariant(d.outcome === 'REJECTED' || (atMost(isLong ? old : next, isLong ? next : old) && isLosingSide), 'a stop moved away from the price or across it', { old, next, mark: position.markPrice });
      invariant(!(isTighter && isLosingSide && next > 0) || d.outcome === 'APPROVED', `tightening a stop was refused while ${before}`, { old, next });
      if (d.outcome !== 'REJECTED' && isBlocked) coverage.reducingWhileBlocked++;
      break;
    }
    case 'day': sim.nextDay(step.offsetMinutes); break;
    case 'wait': sim.wait(step.hours); break;
    case 'safeMode': sim.setSafeMode(step.isOn); break;
    case 'stage': {
      const { rebase, evaluation } = sim.changeStage(step.capital);
      invariant(rebase.equity === step.capital && rebase.peakEquity === step.capital && rebase.dayStartEquity === step.capital
        && evaluation.drawdown === 0 && evaluation.dayLoss === 0, 'stage change did not rebase', { rebase, evaluation });
      if (before !== 'ACTIVE') coverage.rebasedFromTier++;
      const expected: TradingState[] = before === 'LOCKED' ? ['LOCKED'] : before === 'HALTED' ? ['HALTED', 'ACTIVE'] : ['ACTIVE'];
      invariant(expected.includes(evaluation.tradingState) && (before === 'HALTED' || evaluation.events.length === 0), `a stage change tripped a tier: ${before} → ${evaluation.tradingState}`, evaluation.events);
      break;
    }
    case 'reset': {
      const r = sim.resetLock(step.hasReason ? REASON : 'ok');
      resetOk = r.ok;
      invariant(r.ok === (before === 'LOCKED' && step.hasReason), 'resetLock accepted or refused the wrong request', r);
      if (r.ok) coverage.resets++;
      break;
    }
  }
  // after every step
  const after = sim.tradingState;
  invariant(before !== 'LOCKED' || after === 'LOCKED' || resetOk, `LOCKED left without a reset (${step.kind} → ${after})`);
  invariant(sim.events.every((e) => e.from !== 'LOCKED' || e.event === 'MANUAL_RESET'), 'LOCKED left by an event other than MANUAL_RESET', sim.events);
  if (after === 'LOCKED' && before !== 'LOCKED') coverage.locks++;
  if (after === 'HALTED' && before !== 'HALTED') coverage.halts++;
  sim.events = [];
  const equity = sim.equity;
  const { drawdown, pauseDrawdown, dayLoss } = losses(sim, equity);
  invariant(!above(drawdown, limits.drawdownLockFraction) || after === 'LOCKED', `drawdown ${drawdown} above the lock tier but ${after}`);
  invariant(sim.pauseAnchorEquity <= sim.peakEquity, `pause anchor ${sim.pauseAnchorEquity} above the peak ${sim.peakEquity}`);
  invariant((after === 'PAUSED') === (sim.pausedUntil !== null), `pausedUntil ${String(sim.pausedUntil)} while ${after}`);
  invariant(sim.pausedUntil === null || sim.pausedUntil.getTime() <= sim.clockMs + limits.pauseCooldownHours * 3_600_000, 'a pause longer than its cool-off');
  invariant(!above(dayLoss, limits.dailyLossFraction) || after === 'HALTED' || after === 'LOCKED', `daily loss ${dayLoss} above the limit but ${after}`);
  const tier = above(pauseDrawdown, limits.drawdownPauseFraction) ? 'PAUSED' : above(drawdown, limits.drawdownReduceFraction) ? 'REDUCED' : 'ACTIVE';
  invariant(after === 'HALTED' || after === 'LOCKED' || after === tier, `state ${after} does not match drawdown ${drawdown} (pause tier ${pauseDrawdown})`);
  if (sim.pauseAnchorEquity < sim.peakEquity) coverage.cooledOff++;
  invariant(sim.positions.every((p) => p.stopPrice !== null && Number.isFinite(p.stopPrice) && p.stopPrice > 0), 'an open position has no stop', sim.positions);
  const violations = findViolations({ equity, limits, positions: sim.positions, closedTrades: [], exchangeOrders: [] });
  invariant(!violations.some((v) => v.rule === 'stop.missing'), 'findViolations reports a missing stop', violations);
}

function runScenario(s: Scenario) {
  const symbols: SimSymbol[] = SYMBOLS.map(([symbol, asset], i) => ({ symbol, asset, market: s.markets[i]! }));
  const sim = new AccountSim(symbols, { BTC: s.prices[0], ETH: s.prices[1], SOL: s.prices[2] }, s.limits, s.capital, s.startMs);
  for (const step of s.steps) {
    const lossesBefore = Object.values(sim.lastTradeByStrategy).filter((t) => t?.isLoss).length;
    runStep(sim, step, symbols);
    if (Object.values(sim.lastTradeByStrategy).filter((t) => t?.isLoss).length > lossesBefore) coverage.closedLosses++;
  }
}

const FAMILIES: { name: string; runs: number; limits: fc.Arbitrary<RiskLimits> }[] = [
  { name: 'default limits', runs: 4_000, limits: fc.constant(limitsFrom({})) },
  { name: 'risk per trade raised to the 2% maximum', runs: 3_000, limits: fc.constant(limitsFrom({ riskPerTradeFraction: 0.02, riskPerTradeReason: REASON })) },
  { name: 'random tightened configurations', runs: 3_000, limits: tightenedLimitsArb },
];

describe('risk engine over random account histories (10,000 sequences)', () => {
  it.each(FAMILIES)('every invariant holds after every step: $name ($runs sequences)', ({ runs, limits }) => {
    for (const k of Object.keys(coverage) as (keyof typeof coverage)[]) coverage[k] = 0;
    // seeded, so the coverage asserted below is the same on every run (an unseeded run once missed a rare path);
    // SENTINEL_PROPERTY_SEED explores other histories. A failure shrinks for at most 45 s, then reports the smallest counterexample
    const seed = Number(process.env.SENTINEL_PROPERTY_SEED ?? 20261125);
    fc.assert(fc.property(scenarioArb(limits), runScenario), { seed, numRuns: runs, interruptAfterTimeLimit: 45_000, markInterruptAsFailure: true });
    // the sequences reach what the invariants are about, not only rejections
    expect(coverage.approved + coverage.shrunk).toBeGreaterThan(runs);
    for (const k of ['shrunk', 'fills', 'closedLosses', 'locks', 'resets', 'halts', 'reducedEntries', 'martingaleCapped', 'rebasedFromTier', 'reducingWhileBlocked', 'cooledOff'] as const) expect(coverage[k], `coverage of ${k}`).toBeGreaterThan(0);
  }, 120_000);
});

describe('validateIntent sizing on a fine step grid', () => {
  const market: MarketRules = { qtyStep: 1e-8, minQty: 1e-8, minNotional: 0, feeRate: 0 };
  const state = { equity: 1e12, peakEquity: 1e12, dayStartEquity: 1e12, tradingState: 'ACTIVE' as const, isSafeMode: false, positions: [], pendingEntries: [], lastTradeByStrategy: {} };

  // nothing binds (equity 1e12, 1 USDT a unit): the request, floored once to the grid, is the answer
  it('approves an intent no limit binds at its requested size floored to the step (never a step lower or higher), and never throws', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1e12 }), fc.constantFrom(0, 0.5, 0.99), (steps, fraction) => {
      const quantity = (steps + fraction) * market.qtyStep;
      const intent: EntryIntent = { kind: 'ENTRY', strategy: 's', symbol: 'X/USDT', asset: 'X', side: 'LONG', entryPrice: 1, stopPrice: 0.99, targetPrice: 1.1, quantity, leverage: 1 };
      const d = validateIntent({ intent, state, market, limits: limitsFrom({}) });
      expect({ outcome: d.outcome, quantity: d.quantity }).toEqual({ outcome: 'APPROVED', quantity: Number((steps * market.qtyStep).toPrecision(15)) });
    }), { numRuns: 2_000 });
  });
});
