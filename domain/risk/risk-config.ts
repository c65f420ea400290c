import { z } from 'zod';
import { DEFAULT_LIMITS, HARD_LIMITS, type RiskLimits } from './limits';
import { isAbove, isBelow } from './rounding';

/**
 * Risk configuration may only tighten the hard limits. A looser value is refused with
 * a message naming the field, the value given and the ceiling; nothing is stored.
 * Raising risk per trade above the 1% default (never above 2%) needs a written reason.
 */
const pct = (f: number) => `${Number((f * 100).toFixed(4))}%`;

/** A received value for a message: JSON.stringify throws on a BigInt (superjson carries them), which turned a refusal into a 500. */
function shown(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return typeof v;
  }
}

function atMost(field: string, ceiling: number) {
  return z.number({ error: (i) => `${field} must be a finite number (got ${shown(i.input)}); the ceiling is ${ceiling}` })
    .refine((v) => Number.isFinite(v) && v > 0, { error: (i) => `${field} must be greater than 0 (got ${String(i.input)})` })
    .refine((v) => !isAbove(v, ceiling), {
      error: (i) => `${field} ${String(i.input)} is looser than the hard limit: the ceiling is ${ceiling} (${pct(ceiling)}); configuration may only tighten`,
    });
}

const FIELDS = ['riskPerTradeFraction', 'riskPerTradeReason', 'maxAssetExposureFraction', 'maxTotalExposureFraction', 'maxLeverage',
  'dailyLossFraction', 'drawdownReduceFraction', 'drawdownPauseFraction', 'drawdownLockFraction', 'minRewardRisk', 'dayTimeZone'];

export const riskConfigSchema = z.strictObject({
  riskPerTradeFraction: atMost('riskPerTradeFraction', HARD_LIMITS.riskPerTradeAbsoluteMax).optional(),
  riskPerTradeReason: z.string().trim().max(1000, 'riskPerTradeReason must be at most 1000 characters').optional(),
  maxAssetExposureFraction: atMost('maxAssetExposureFraction', HARD_LIMITS.maxAssetExposureFraction).optional(),
  maxTotalExposureFraction: atMost('maxTotalExposureFraction', HARD_LIMITS.maxTotalExposureFraction).optional(),
  maxLeverage: atMost('maxLeverage', HARD_LIMITS.maxLeverage)
    .refine((v) => v >= 1, { error: (i) => `maxLeverage must be at least 1 (got ${String(i.input)})` }).optional(),
  dailyLossFraction: atMost('dailyLossFraction', HARD_LIMITS.dailyLossFraction).optional(),
  drawdownReduceFraction: atMost('drawdownReduceFraction', HARD_LIMITS.drawdownReduceFraction).optional(),
  drawdownPauseFraction: atMost('drawdownPauseFraction', HARD_LIMITS.drawdownPauseFraction).optional(),
  drawdownLockFraction: atMost('drawdownLockFraction', HARD_LIMITS.drawdownLockFraction).optional(),
  minRewardRisk: z.number({ error: (i) => `minRewardRisk must be a finite number (got ${shown(i.input)}); the floor is ${HARD_LIMITS.minRewardRisk}` })
    .refine((v) => Number.isFinite(v) && !isBelow(v, HARD_LIMITS.minRewardRisk), {
      error: (i) => `minRewardRisk ${String(i.input)} is looser than the hard limit: the floor is ${HARD_LIMITS.minRewardRisk}; configuration may only tighten`,
    })
    .refine((v) => v <= 20, { error: (i) => `minRewardRisk ${String(i.input)} is above 20, which no strategy can meet` })
    .optional(),
  dayTimeZone: z.string().refine((tz) => { try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; } },
    { error: (i) => `dayTimeZone ${JSON.stringify(i.input)} is not an IANA time zone such as UTC or Europe/Zurich` }).optional(),
}, {
  error: (i) => (i.code === 'unrecognized_keys' ? `unknown risk setting ${i.keys.join(', ')}; the settings are: ${FIELDS.join(', ')}` : undefined),
}).superRefine((c, ctx) => {
  const l = resolveLimits(c);
  if (isAbove(l.riskPerTradeFraction, HARD_LIMITS.riskPerTradeFraction) && (c.riskPerTradeReason ?? '').length < 10) {
    ctx.addIssue({ code: 'custom', path: ['riskPerTradeReason'],
      message: `riskPerTradeReason is required (at least 10 characters) to raise riskPerTradeFraction to ${l.riskPerTradeFraction} above the ${HARD_LIMITS.riskPerTradeFraction} default (${pct(HARD_LIMITS.riskPerTradeFraction)})` });
  }
  if (!(l.drawdownReduceFraction < l.drawdownPauseFraction && l.drawdownPauseFraction < l.drawdownLockFraction)) {
    ctx.addIssue({ code: 'custom', path: ['drawdownPauseFraction'],
      message: `drawdown tiers must rise: reduce ${l.drawdownReduceFraction} < pause ${l.drawdownPauseFraction} < lock ${l.drawdownLockFraction}` });
  }
  if (isAbove(l.maxAssetExposureFraction, l.maxTotalExposureFraction)) {
    ctx.addIssue({ code: 'custom', path: ['maxAssetExposureFraction'],
      message: `maxAssetExposureFraction ${l.maxAssetExposureFraction} cannot exceed maxTotalExposureFraction ${l.maxTotalExposureFraction}` });
  }
});
export type RiskConfig = z.infer<typeof riskConfigSchema>;

/**
 * The limits in force: each configured value, or the hard default. Clamped to the hard
 * limits as well, so a value that reached storage without the schema (a hand-edited
 * row) still cannot loosen anything; a non-positive or non-number value means the default.
 */
export function resolveLimits(c: Partial<RiskConfig>): RiskLimits {
  const tight = (v: number | undefined, def: number, ceiling: number) => (v !== undefined && Number.isFinite(v) && v > 0 ? Math.min(v, ceiling) : def);
  const D = DEFAULT_LIMITS;
  return {
    riskPerTradeFraction: tight(c.riskPerTradeFraction, D.riskPerTradeFraction, HARD_LIMITS.riskPerTradeAbsoluteMax),
    maxAssetExposureFraction: tight(c.maxAssetExposureFraction, D.maxAssetExposureFraction, D.maxAssetExposureFraction),
    maxTotalExposureFraction: tight(c.maxTotalExposureFraction, D.maxTotalExposureFraction, D.maxTotalExposureFraction),
    maxLeverage: Math.max(1, tight(c.maxLeverage, D.maxLeverage, D.maxLeverage)),
    dailyLossFraction: tight(c.dailyLossFraction, D.dailyLossFraction, D.dailyLossFraction),
    drawdownReduceFraction: tight(c.drawdownReduceFraction, D.drawdownReduceFraction, D.drawdownReduceFraction),
    drawdownPauseFraction: tight(c.drawdownPauseFraction, D.drawdownPauseFraction, D.drawdownPauseFraction),
    drawdownLockFraction: tight(c.drawdownLockFraction, D.drawdownLockFraction, D.drawdownLockFraction),
    minRewardRisk: c.minRewardRisk !== undefined && Number.isFinite(c.minRewardRisk) ? Math.max(c.minRewardRisk, D.minRewardRisk) : D.minRewardRisk,
    pauseCooldownHours: D.pauseCooldownHours,
  };
}
