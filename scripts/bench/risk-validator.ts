import { pathToFileURL } from 'node:url';
import { explainDecision } from '@/domain/risk/explain';
import { DEFAULT_LIMITS } from '@/domain/risk/limits';
import { sizePosition } from '@/domain/risk/size-position';
import type { AccountRiskState, MarketRules, OpenPosition, PendingEntry, RiskDecision, ValidationInput } from '@/domain/risk/types';
import { validateIntent } from '@/domain/risk/validate-intent';
import type { BenchCase } from './index';
import { seeded } from '@/domain/random/seeded';

/**
 * B2 (docs/benchmarks.md): the risk validator. 1,024 realistic entry intents (seeded)
 * against one account with 10 open positions, 2 pending entries and a strategy after a
 * loss, so every entry rule runs on every call; cycled millions of times. Control: a
 * pure function with the same signature returning a constant decision, in the same
 * process and loop. p99 of one validation: each call timed with process.hrtime.bigint,
 * less the median cost of reading the timer (measured here too).
 * Run alone: `tsx scripts/bench/risk-validator.ts [--quick] [--json]`.
 */
export interface RiskValidatorResult {
  iterations: number;
  validationsPerSec: number;
  controlPerSec: number;
  latencySamples: number;
  timerOverheadNs: number;
  p50Ns: number;
  p99Ns: number;
  controlP99Ns: number;
  explanationsPerSec: number;
  outcomes: Record<RiskDecision['outcome'], number>;
  checksPerValidation: number;
}

const INTENTS = 1024;

const SYMBOLS: [asset: string, price: number, qtyStep: number][] = [
  ['BTC', 65_000, 1e-5], ['ETH', 3_200, 1e-4], ['SOL', 150, 0.001], ['BNB', 580, 0.001], ['XRP', 0.55, 1],
  ['ADA', 0.45, 0.1], ['DOGE', 0.15, 1], ['AVAX', 35, 0.01], ['LINK', 15, 0.01], ['DOT', 7, 0.01],
];
const STRATEGIES = ['trend', 'breakout', 'mean-revert'];

export function buildWorkload(): ValidationInput[] {
  const rnd = seeded(20240611);
  const equity = 100_000;
  const markets = new Map<string, MarketRules>(SYMBOLS.map(([asset, , qtyStep]) => [asset, { qtyStep, minQty: qtyStep, minNotional: 5, feeRate: 0.001 }]));
  // 10 open positions, 1.5–2.5% of equity each (≈ 20% in total); marks from 1% under to 4% over entry (3 or so in loss)
  const positions: OpenPosition[] = SYMBOLS.map(([asset, price], i) => {
    const entryPrice = price / (1 + (rnd() * 0.05 - 0.01));
    return {
      id: `p${i}`, symbol: `${asset}/USDT`, asset, side: 'LONG', strategy: STRATEGIES[i % 3]!, quantity: (equity * (0.015 + rnd() * 0.01)) / entryPrice,
      entryPrice, markPrice: price, stopPrice: entryPrice * 0.97,
    };
  });
  const pendingEntries: PendingEntry[] = [{ symbol: 'ETH/USDT', asset: 'ETH', notional: 2_500 }, { symbol: 'SOL/USDT', asset: 'SOL', notional: 1_500 }];
  const state: AccountRiskState = {
    equity, peakEquity: 104_000, dayStartEquity: 101_000, tradingState: 'ACTIVE', isSafeMode: false, positions, pendingEntries,
    lastTradeByStrategy: { trend: { isLoss: false, riskFraction: 0.01 }, breakout: { isLoss: true, riskFraction: 0.006 } },
  };
  const inputs: ValidationInput[] = [];
  for (let i = 0; i < INTENTS; i++) {
    const [asset, price] = SYMBOLS[Math.floor(rnd() * SYMBOLS.length)]!;
    const market = markets.get(asset)!;
    const side = rnd() < 0.85 ? 'LONG' : 'SHORT';
    const dir = side === 'LONG' ? 1 : -1;
    const entryPrice = price * (1 + (rnd() - 0.5) * 0.004);
    const stopPrice = entryPrice * (1 - dir * (0.02 + rnd() * 0.06));
    const targetPrice = entryPrice + dir * (1.2 + rnd() * 2.8) * Math.abs(entryPrice - stopPrice);
    const sized = sizePosition({ equity, riskFraction: 0.0025 + rnd() * 0.01, entryPrice, stopPrice, market });
    inputs.push({
      intent: { kind: 'ENTRY', strategy: STRATEGIES[Math.floor(rnd() * 3)]!, symbol: `${asset}/USDT`, asset, side, entryPrice, stopPrice, targetPrice,
        quantity: sized.ok ? sized.quantity : market.minQty * 10, leverage: 1 },
      state, market, limits: DEFAULT_LIMITS,
    });
  }
  return inputs;
}

const CONSTANT: RiskDecision = Object.freeze({ outcome: 'APPROVED', quantity: 1, requestedQuantity: 1, rule: null, riskFraction: 0.01, checks: [] }) as RiskDecision;
export function constantValidate(_input: ValidationInput): RiskDecision {
  return CONSTANT;
}

// Two loops, one per function, so each call site stays monomorphic (as in the worker).
function loopValidator(inputs: ValidationInput[], n: number): number {
  let sink = 0;
  for (let i = 0; i < n; i++) sink += validateIntent(inputs[i & (INTENTS - 1)]!).quantity;
  return sink;
}
function loopControl(inputs: ValidationInput[], n: number): number {
  let sink = 0;
  for (let i = 0; i < n; i++) sink += constantValidate(inputs[i & (INTENTS - 1)]!).quantity;
  return sink;
}

function perSecond(loop: (inputs: ValidationInput[], n: number) => number, inputs: ValidationInput[], n: number) {
  const t0 = process.hrtime.bigint();
  const sink = loop(inputs, n);
  const ns = Number(process.hrtime.bigint() - t0);
  if (Number.isNaN(sink)) throw new Error('bench sink is NaN');
  return (n / ns) * 1e9;
}

const percentile = (sorted: Float64Array, p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

function latencies(fn: (input: ValidationInput) => RiskDecision, inputs: ValidationInput[], n: number): Float64Array {
  const out = new Float64Array(n);
  let sink = 0;
  for (let i = 0; i < n; i++) {
    const input = inputs[i & (INTENTS - 1)]!;
    const t0 = process.hrtime.bigint();
    sink += fn(input).quantity;
    out[i] = Number(process.hrtime.bigint() - t0);
  }
  if (Number.isNaN(sink)) throw new Error('bench sink is NaN');
  return out.sort();
}

function timerOverhead(n: number): number {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t0 = process.hrtime.bigint();
    out[i] = Number(process.hrtime.bigint() - t0);
  }
  return percentile(out.sort(), 0.5);
}

export function runRiskValidator(isQuick: boolean): RiskValidatorResult {
  const scale = isQuick ? 10 : 1;
  const iterations = 5_000_000 / scale;
  const latencySamples = 200_000 / scale;
  const inputs = buildWorkload();
  const outcomes = { APPROVED: 0, SHRUNK: 0, REJECTED: 0 };
  let checks = 0;
  for (const input of inputs) {
    const d = validateIntent(input);
    outcomes[d.outcome]++;
    checks += d.checks.length;
  }
  // warm-up: both paths reach the optimising tier before anything is timed
  loopValidator(inputs, 500_000 / scale);
  loopControl(inputs, 500_000 / scale);
  const validationsPerSec = perSecond(loopValidator, inputs, iterations);
  const controlPerSec = perSecond(loopControl, inputs, iterations);
  const overhead = timerOverhead(latencySamples);
  const lat = latencies(validateIntent, inputs, latencySamples);
  const controlLat = latencies(constantValidate, inputs, latencySamples);
  const decisions = inputs.map((x) => validateIntent(x));
  const explainN = 20_000 / scale;
  const t0 = process.hrtime.bigint();
  let chars = 0;
  for (let i = 0; i < explainN; i++) chars += explainDecision(decisions[i & (INTENTS - 1)]!).length;
  const explanationsPerSec = chars > 0 ? (explainN / Number(process.hrtime.bigint() - t0)) * 1e9 : 0;
  return {
    iterations, validationsPerSec, controlPerSec, latencySamples, timerOverheadNs: overhead,
    p50Ns: Math.max(0, percentile(lat, 0.5) - overhead), p99Ns: Math.max(0, percentile(lat, 0.99) - overhead),
    controlP99Ns: Math.max(0, percentile(controlLat, 0.99) - overhead), explanationsPerSec, outcomes, checksPerValidation: checks / INTENTS,
  };
}

const fmtRate = (r: number) => (r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(1)} k/s`);
const fmtNs = (ns: number) => `${Math.round(ns)} ns`;

export const riskValidatorCase: BenchCase<RiskValidatorResult> = {
  id: 'B2',
  script: new URL(import.meta.url).pathname,
  rows(r) {
    return [
      { case: 'B2 risk validator, validations/s (10 positions, all rules)', value: fmtRate(r.validationsPerSec), control: `${fmtRate(r.controlPerSec)} (constant fn)`,
        ratio: (r.validationsPerSec / r.controlPerSec).toFixed(4), target: '≥ 1.00 M/s', met: r.validationsPerSec >= 1_000_000 ? 'yes' : 'no' },
      { case: `B2 risk validator, p99 of one validation (p50 ${fmtNs(r.p50Ns)}; timer ${fmtNs(r.timerOverheadNs)} subtracted)`, value: fmtNs(r.p99Ns),
        control: `${fmtNs(r.controlP99Ns)} (constant fn)`, ratio: r.controlP99Ns > 0 ? (r.p99Ns / r.controlP99Ns).toFixed(1) : '—', target: 'printed', met: '—' },
      { case: 'B2 decision explained in words (on display, not in the validator)', value: fmtRate(r.explanationsPerSec), control: '—', ratio: '—', target: '—', met: '—' },
    ];
  },
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = runRiskValidator(process.argv.includes('--quick'));
  process.stdout.write(process.argv.includes('--json') ? `${JSON.stringify(result)}\n`
    : `${riskValidatorCase.rows(result).map((r) => `${r.case}: ${r.value} (control ${r.control}, ratio ${r.ratio}, target ${r.target})`).join('\n')}\n`);
}
