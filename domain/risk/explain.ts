import { TRADING_STATE_BY_CODE } from './rules/check';
import { isAbove } from './rounding';
import type { RiskDecision, RuleCheck } from './types';

/**
 * Words for a decision, made only when shown (journal page, logs): the validator keeps
 * numbers, which is what keeps it under a microsecond.
 * e.g. "exposure.asset: BTC 27.4% + 6.1% > 30% → shrunk to 0.0123"
 */
const pct = (f: number) => `${(f * 100).toFixed(f !== 0 && Math.abs(f) < 0.001 ? 3 : 1)}%`;
const num = (n: number) => (Number.isFinite(n) ? Number(n.toPrecision(6)).toString() : String(n));

/** '>' when the requested size is over the rule's limit, else '≤' (at the limit passes). */
const cmp = (k: RuleCheck) => (isAbove(k.input + k.added, k.threshold) ? '>' : '≤');

export interface ExplainContext { asset?: string; symbol?: string }

export function explainCheck(k: RuleCheck, ctx: ExplainContext = {}): string {
  // a size rule over its limit at the requested size, but not the tightest: ok at the approved size
  const isCappedElsewhere = k.outcome === 'pass' && Number.isFinite(k.maxQty) && isAbove(k.input + k.added, k.threshold);
  const verdict = k.outcome === 'shrink' ? `→ shrunk to ${num(k.maxQty)}` : k.outcome === 'reject' ? '→ rejected'
    : isCappedElsewhere ? `ok at the approved size (allows up to ${num(k.maxQty)})` : 'ok';
  switch (k.rule) {
    case 'safe_mode': return `safe mode: ${k.input ? 'on, no new entries' : 'off'} ${verdict}`;
    case 'trading_state': return `trading state: ${TRADING_STATE_BY_CODE[k.input] ?? k.input} ${verdict}`;
    case 'daily_loss': return `daily loss: ${pct(k.input)} ${k.outcome === 'reject' ? '>' : '≤'} ${pct(k.threshold)} ${verdict}`;
    case 'drawdown': return `drawdown: ${pct(k.input)} ${k.outcome === 'reject' ? '>' : '≤'} ${pct(k.threshold)} (pause tier) ${verdict}`;
    case 'entry_price': return `entry price ${num(k.input)} must be a positive number ${verdict}`;
    case 'stop.required': return `stop loss: ${k.input ? 'present' : 'missing'} ${verdict}`;
    case 'stop.side': return `stop ${num(k.input)} on the losing side of entry ${num(k.threshold)} ${verdict}`;
    case 'reward_risk': return `reward:risk after fees ${num(k.input)} ${k.outcome === 'reject' ? '<' : '≥'} ${num(k.threshold)} ${verdict}`;
    case 'leverage': return `leverage ${num(k.input)}x ${k.outcome === 'reject' ? '>' : '≤'} ${num(k.threshold)}x ${verdict}`;
    case 'averaging_down': return k.input < 0
      ? `averaging down: adds to ${ctx.symbol ? `the ${ctx.symbol}` : 'a'} position in loss (${pct(k.input)}) ${verdict}`
      : `averaging down: no ${ctx.symbol ? `${ctx.symbol} ` : ''}position in loss ${verdict}`;
    case 'risk_per_trade': return `risk per trade: ${pct(k.input)} of equity ${cmp(k)} ${pct(k.threshold)} ${verdict}`;
    case 'martingale': return Number.isFinite(k.threshold)
      ? `no martingale: ${pct(k.input)} of equity ${cmp(k)} last losing trade's ${pct(k.threshold)} ${verdict}`
      : `no martingale: last trade of the strategy was not a loss ${verdict}`;
    case 'exposure.asset': return `exposure.asset: ${ctx.asset ? `${ctx.asset} ` : ''}${pct(k.input)} + ${pct(k.added)} ${cmp(k)} ${pct(k.threshold)} ${verdict}`;
    case 'exposure.total': return `exposure.total: ${pct(k.input)} + ${pct(k.added)} ${cmp(k)} ${pct(k.threshold)} ${verdict}`;
    case 'extreme_mode': return `extreme market mode: sizes × ${num(k.input)}${k.outcome === 'reject' ? ' (not a positive multiplier)' : ''} ${verdict}`;
    case 'sizing.minimum': return `minimum order: notional at the stop ${num(k.input)} ${k.outcome === 'reject' ? '<' : '≥'} ${num(k.threshold)} ${verdict}`;
    case 'equity': return `equity ${num(k.input)} must be positive ${verdict}`;
    case 'exit.position': return `exit: position ${k.input ? 'found' : 'not found'} ${verdict}`;
    case 'exit.quantity': return `exit quantity ${num(k.input)} ${k.outcome === 'reject' ? '>' : '≤'} position ${num(k.threshold)} ${verdict}`;
    case 'stop_update.position': return `stop update: position ${k.input ? 'found' : 'not found'} ${verdict}`;
    case 'stop_update.direction': return `stop update: ${num(k.input)} vs current stop ${num(k.threshold)} (may only tighten) ${verdict}`;
    case 'stop_update.crosses_price': return `stop update: ${num(k.input)} vs mark ${num(k.threshold)} (must stay on the losing side) ${verdict}`;
  }
}

export function explainDecision(d: RiskDecision, ctx: ExplainContext = {}): string {
  const head = d.outcome === 'REJECTED' ? `REJECTED by ${d.rule}`
    : d.outcome === 'SHRUNK' ? `SHRUNK by ${d.rule}: ${num(d.requestedQuantity)} → ${num(d.quantity)}` : `APPROVED ${num(d.quantity)}`;
  return [head, ...d.checks.map((k) => `  ${explainCheck(k, ctx)}`)].join('\n');
}
